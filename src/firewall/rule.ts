/**
 * A firewall rule of a VNet and its verification, as the reference's
 * verify_rule does it for the `vnet` rule environment: forward rules
 * (ACCEPT or DROP, optionally through a macro) and security group
 * references, no interface. Every problem is reported on the field it
 * concerns, the first one per field; verification also learns the rule's IP
 * version and spells the macro as the macro table does.
 */
import { checkFormat } from '../model/formats.js';
import type { IpVersion } from '../model/ip.js';
import { macroTemplates, preferredMacroName } from './macros.js';
import type { Netdb } from './netdb.js';
import { checkPorts, checkProtocol, ICMP_TYPES, ICMPV6_TYPES, isIcmp, NAME_PATTERN, parseAddressSpec } from './specs.js';

/** The text fields a rule may have besides its type and action, in the order a rule line writes them after the action. */
export const RULE_TEXT_FIELDS = ['macro', 'iface', 'source', 'dest', 'proto', 'dport', 'sport', 'log', 'icmp-type', 'comment'] as const;
export type RuleTextField = (typeof RULE_TEXT_FIELDS)[number];

export type Rule = {
  /** `forward`, `group` (any word, lower case, as read from a file) */
  readonly type: string;
  /** ACCEPT, DROP (REJECT) or, for `group`, the security group's name */
  readonly action: string;
  /** absent or non-zero: enabled */
  readonly enable?: number;
  /** learnt by verification from the protocol and the addresses */
  readonly ipversion?: IpVersion;
} & { readonly [K in RuleTextField]?: string };

export interface VerifiedRule {
  readonly rule: Rule;
  /** field → reason; empty when the rule is valid */
  readonly errors: Readonly<Record<string, string>>;
}

export interface RuleEnv {
  readonly netdb: Netdb;
  /** the IPSets a rule may name (`+name`, `+sdn/name`, …): the caller's SDN IPSets */
  readonly ipsets: ReadonlySet<string>;
}

const VNET_RULE_TYPES = ['forward', 'group'];
const PROTOCOLS_WITH_PORTS = new Set(['udp', '17', 'udplite', '136', 'tcp', '6', 'dccp', '33', 'sctp', '132']);
const GROUP_RE = new RegExp(`^${NAME_PATTERN}$`);
const IPSET_REF_RE = new RegExp(`^\\+(?:guest/|dc/|sdn/)?(${NAME_PATTERN})$`);
const MACRO_FIELDS = ['proto', 'dport', 'sport'] as const;

export function verifyVnetRule(input: Rule, env: RuleEnv): VerifiedRule {
  const errors: Record<string, string> = {};
  const fail = (field: string, message: string) => {
    errors[field] ??= message;
  };
  const { type, action, proto } = input;

  if (!VNET_RULE_TYPES.includes(type)) fail('type', `invalid rule type '${type}' for rule_env 'vnet'`);
  if (type === 'in' || type === 'out' || type === 'forward') {
    // a forwarded packet has no sender to tell
    if (type === 'forward' && action === 'REJECT') fail('action', 'cannot define REJECT rules on forward chain');
    if (!/^(ACCEPT|DROP|REJECT)$/.test(action)) fail('action', `unknown action '${action}'`);
  } else if (type === 'group') {
    if (!GROUP_RE.test(action)) fail('action', 'invalid characters in security group name');
  } else fail('type', `unknown rule type '${type}'`);

  if (input.iface) {
    // a VNet's rules match on its bridge, never on a guest's interface
    fail('type', 'parameter -i not allowed for this rule type');
    const problem = checkFormat('pve-iface', input.iface);
    if (problem) fail('iface', problem);
  }

  const macro = input.macro ? preferredMacroName(input.macro) : undefined;
  if (input.macro && !macro) fail('macro', `unknown macro '${input.macro}'`);

  let ipversion: IpVersion | undefined;
  if (proto) {
    const problem = checkProtocol(proto, env.netdb);
    if (problem) fail('proto', problem);
    if (proto === 'icmp') ipversion = 4;
    if (proto === 'icmpv6' || proto === 'ipv6-icmp') ipversion = 6;
  }
  const icmp = isIcmp(proto);

  if (input.dport) {
    const problem = checkPorts(input.dport, env.netdb, icmp);
    if (problem) fail('dport', problem);
    if (!proto) fail('proto', "missing property - 'dport' requires this property");
    else if (!PROTOCOLS_WITH_PORTS.has(proto) && !icmp) fail('dport', `protocol '${proto}' does not support ports`);
  }

  const icmpType = input['icmp-type'];
  if (icmpType) {
    if (!icmp) fail('proto', "missing property - 'icmp-type' requires this property");
    if (input.dport) fail('icmp-type', "'icmp-type' cannot be specified together with 'dport'");
    if (proto === 'icmp' && !ICMP_TYPES.has(icmpType)) fail('icmp-type', `invalid icmp-type '${icmpType}' for proto 'icmp'`);
    else if ((proto === 'icmpv6' || proto === 'ipv6-icmp') && !ICMPV6_TYPES.has(icmpType)) fail('icmp-type', `invalid icmp-type '${icmpType}' for proto '${proto}'`);
  }

  if (input.sport) {
    const problem = checkPorts(input.sport, env.netdb, false);
    if (problem) fail('sport', problem);
    if (!proto) fail('proto', "missing property - 'sport' requires this property");
    else if (!PROTOCOLS_WITH_PORTS.has(proto)) fail('sport', `protocol '${proto}' does not support ports`);
  }

  for (const field of ['source', 'dest'] as const) {
    const value = input[field];
    if (!value) continue;
    const spec = parseAddressSpec(value);
    if (typeof spec === 'string') fail(field, spec);
    else if (spec.kind === 'addresses') {
      if (ipversion !== undefined && spec.version !== ipversion) fail(field, 'detected mixed ipv4/ipv6 addresses in rule');
      else ipversion = spec.version;
    } else if (spec.kind === 'ipset') {
      const name = IPSET_REF_RE.exec(value)?.[1];
      if (name === undefined) fail(field, `invalid ipset name '${value}'`);
      else if (!env.ipsets.has(name)) fail(field, `no such ipset '${name}'`);
    }
    // aliases live in the cluster's firewall config (cluster.fw), which Weft does not hold
    else fail(field, `no such alias '${value}'`);
  }

  // Weft's own rule: a line break would end the rule's line in the file
  if (input.comment && /[\r\n]/.test(input.comment)) fail('comment', 'a comment is one line of text');

  if (macro && Object.keys(errors).length === 0) {
    for (const template of macroTemplates(macro, ipversion)) {
      for (const key of MACRO_FIELDS) {
        const fixed = template[key];
        const given = input[key];
        if (fixed !== undefined && given !== undefined && given !== fixed) fail(key, `parameter '${key}' already define in macro (value = '${fixed}')`);
      }
    }
  }

  // the IP version is learnt afresh: an edited rule may have lost the field it came from
  const rule: Rule = { ...input, ...(macro ? { macro } : {}), ipversion };
  return { rule, errors };
}
