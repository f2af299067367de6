/**
 * A VNet's firewall (the reference's PVE::API2::Firewall::Vnet and its
 * rules): the directory index, the options and the rules, kept in
 * `sdn/firewall/<vnet>.fw`. As the reference's check_vnet_access, the VNet
 * must be in the running config and the caller needs SDN.Audit or
 * SDN.Allocate on its `/sdn/zones/<zone>/<vnet>` path there to read,
 * SDN.Allocate to change. The firewall is not part of the pending/apply
 * workflow: an edit takes effect at once, as in the reference.
 */
import { vnetIpsetNames } from '../../firewall/ipsets.js';
import { systemNetdb } from '../../firewall/netdb.js';
import { RULE_TEXT_FIELDS, type RuleEnv } from '../../firewall/rule.js';
import { LOG_LEVELS, type FwFile } from '../../firewall/rules-format.js';
import { fieldFormatErrors, NAME_PATTERN } from '../../firewall/specs.js';
import {
  createRule,
  deleteRule,
  firewallWrite,
  moveRule,
  optionsAnswer,
  readVnetFirewall,
  ruleAnswer,
  rulesAnswer,
  setOptions,
  updateRule,
  vnetFirewallKey,
  type RuleChanges,
  type VnetFirewall,
} from '../../firewall/vnet-fw.js';
import { splitList } from '../../model/formats.js';
import { ParamError, SdnError } from '../../util/errors.js';
import { loadState, runningIds, type SdnState } from '../../sdn/state.js';
import type { StoreSnapshot } from '../../store/types.js';
import { PermissionError } from '../errors.js';
import { DELETE_LIST, DIGEST, optBool, optEnum, optInt, optStr, type CheckedParams } from '../params.js';
import { route, type Ctx, type RouteDef } from '../route.js';
import { idSchema } from './sdn-sets.js';
import { optText } from './sdn-tx.js';

const READ = ['SDN.Audit', 'SDN.Allocate'] as const;
const BASE = '/cluster/sdn/vnets/{vnet}/firewall';
const VNET = idSchema('vnets');
const POS = optInt('Update rule at position <pos>.', 0);
const logLevel = (description: string) => optEnum(description, LOG_LEVELS);

const OPTION_PARAMS = {
  enable: optBool('Enable/disable firewall rules.', false),
  policy_forward: optEnum('Forward policy.', ['ACCEPT', 'DROP']),
  log_level_forward: logLevel('Log level for forwarded traffic.'),
};

const ADDRESSES =
  "This can refer to a single IP address, an IP set ('+ipsetname') or an IP alias definition. You can also specify an address range like '20.34.101.207-201.3.9.99', or a list of IP addresses and networks (entries are separated by comma). Please do not mix IPv4 and IPv6 addresses inside such lists.";
const PORTS =
  "You can use service names or simple numbers (0-65535), as defined in '/etc/services'. Port ranges can be specified with '\\d+:\\d+', for example '80:85', and you can use comma separated list to match several ports or ranges.";

/** The rule parameters (formats of source, dest, proto, ports and icmp-type are checked by the handlers, see fieldFormatErrors). */
const RULE_PARAMS = {
  vnet: VNET,
  pos: POS,
  digest: DIGEST,
  type: optEnum('Rule type.', ['in', 'out', 'forward', 'group']),
  action: optStr("Rule action ('ACCEPT', 'DROP', 'REJECT') or security group name.", { pattern: NAME_PATTERN, minLength: 2, maxLength: 20 }),
  macro: optStr('Use predefined standard macro.', { maxLength: 128 }),
  iface: optStr("Network interface name. You have to use network configuration key names for VMs and containers ('net\\d+'). Host related rules can use arbitrary strings.", {
    format: 'pve-iface',
    minLength: 2,
    maxLength: 20,
  }),
  source: optStr(`Restrict packet source address. ${ADDRESSES}`, { maxLength: 512 }),
  dest: optStr(`Restrict packet destination address. ${ADDRESSES}`, { maxLength: 512 }),
  proto: optStr("IP protocol. You can use protocol names ('tcp'/'udp') or simple numbers, as defined in '/etc/protocols'."),
  enable: optInt('Flag to enable/disable a rule.', 0),
  log: logLevel('Log level for firewall rule.'),
  sport: optStr(`Restrict TCP/UDP source port. ${PORTS}`),
  dport: optStr(`Restrict TCP/UDP destination port. ${PORTS}`),
  comment: optStr('Descriptive comment.'),
  'icmp-type': optStr("Specify icmp-type. Only valid if proto equals 'icmp' or 'icmpv6'/'ipv6-icmp'."),
};

interface VnetView {
  readonly snapshot: StoreSnapshot;
  readonly state: SdnState;
}

/** The VNet in the running config, and the caller's privileges on its zone path there. */
/** a firewall route's context: the VNet it is about */
type VnetCtx = Ctx<{ readonly vnet: string }>;

async function vnetAccess(ctx: VnetCtx, privs: readonly string[]): Promise<VnetView> {
  const snapshot = ctx.snapshot;
  const state = loadState(snapshot);
  const { vnet } = ctx.params;
  const zone = runningIds(state, 'vnets')[vnet]?.zone;
  if (typeof zone !== 'string') {
    if (state.files.vnets.sections.has(vnet)) throw new SdnError(`sdn vnet '${vnet}' is not applied yet; its firewall can be edited once the SDN configuration is applied`, 'not-found');
    throw new SdnError(`sdn vnet '${vnet}' does not exist`, 'not-found');
  }
  ctx.check(`/sdn/zones/${zone}/${vnet}`, privs, true);
  return { snapshot, state };
}

/**
 * The SDN IPSets rules may name: those of every running VNet or, given a
 * caller, of the VNets the caller may see. As in the reference, the file's
 * rules are read against all of them and a rule being written against the
 * caller's. (The reference also offers `guest-ipam-<vmid>` to callers with
 * VM.Audit on the guest, a privilege Weft does not have.)
 */
function ruleEnv(state: SdnState, caller?: Ctx): RuleEnv {
  const ipsets = new Set<string>();
  for (const [vnet, section] of Object.entries(runningIds(state, 'vnets'))) {
    if (!caller || caller.can(`/sdn/zones/${String(section.zone)}/${vnet}`, READ, true)) vnetIpsetNames(vnet).forEach((name) => ipsets.add(name));
  }
  return { netdb: systemNetdb(), ipsets };
}

async function readFirewall(ctx: VnetCtx): Promise<VnetFirewall> {
  const { snapshot, state } = await vnetAccess(ctx, READ);
  return readVnetFirewall(snapshot.docs.get(vnetFirewallKey(ctx.params.vnet)), ruleEnv(state));
}

/** One transaction: the current file, the edit, the new file (or none). */
async function editFirewall(ctx: VnetCtx, edit: (fw: VnetFirewall, env: RuleEnv) => FwFile): Promise<null> {
  const { state } = await vnetAccess(ctx, ['SDN.Allocate']);
  const { vnet } = ctx.params;
  const [all, callers] = [ruleEnv(state), ruleEnv(state, ctx)];
  await ctx.services.store.transact((snap) => ({
    writes: [firewallWrite(vnet, edit(readVnetFirewall(snap.docs.get(vnetFirewallKey(vnet)), all), callers))],
    result: null,
  }));
  return null;
}

/** The rule fields given, after their formats are checked (before anything else, as schema checks are). */
function ruleChanges(params: CheckedParams): RuleChanges {
  const errors = fieldFormatErrors(params, systemNetdb());
  if (Object.keys(errors).length > 0) throw new ParamError(errors);
  const out: Record<string, string | number> = {};
  for (const key of [...RULE_TEXT_FIELDS, 'type', 'action']) {
    const value = params[key];
    if (typeof value === 'string') out[key] = value;
  }
  if (typeof params.enable === 'number') out.enable = params.enable;
  return out;
}

const pos = (params: { readonly pos?: number }): number => params.pos ?? 0;
const digest = (params: { readonly digest?: string }): string | undefined => optText(params.digest);
const deleteList = (params: { readonly delete?: string }): string[] => splitList(optText(params.delete) ?? '');

export const VNET_FIREWALL_ROUTES: readonly RouteDef[] = [
  route({
    method: 'GET',
    path: BASE,
    params: { vnet: VNET },
    handler(ctx) {
      // the reference declares no permissions here, which leaves the call to root@pam alone
      if (ctx.principal?.authid !== 'root@pam') throw new PermissionError('user != root@pam');
      return [{ name: 'rules' }, { name: 'options' }];
    },
  }),
  route({
    method: 'GET',
    path: `${BASE}/options`,
    params: { vnet: VNET },
    async handler(ctx) {
      return optionsAnswer(await readFirewall(ctx));
    },
  }),
  route({
    method: 'PUT',
    path: `${BASE}/options`,
    params: { ...OPTION_PARAMS, vnet: VNET, delete: DELETE_LIST, digest: DIGEST },
    handler(ctx) {
      const changes: Record<string, string | number> = {};
      if (typeof ctx.params.enable === 'boolean') changes.enable = ctx.params.enable ? 1 : 0;
      for (const key of ['policy_forward', 'log_level_forward'] as const) {
        const value = ctx.params[key];
        if (value !== undefined) changes[key] = value;
      }
      return editFirewall(ctx, (fw) => setOptions(fw, changes, deleteList(ctx.params), digest(ctx.params)));
    },
  }),
  route({
    method: 'GET',
    path: `${BASE}/rules`,
    params: { vnet: VNET },
    async handler(ctx) {
      return rulesAnswer(await readFirewall(ctx));
    },
  }),
  route({
    method: 'POST',
    path: `${BASE}/rules`,
    params: { ...RULE_PARAMS, type: { ...RULE_PARAMS.type, optional: false }, action: { ...RULE_PARAMS.action, optional: false } },
    handler(ctx) {
      const changes = ruleChanges(ctx.params);
      return editFirewall(ctx, (fw, env) => createRule(fw, changes, env, digest(ctx.params)));
    },
  }),
  route({
    method: 'GET',
    path: `${BASE}/rules/{pos}`,
    params: { vnet: VNET, pos: POS },
    async handler(ctx) {
      return ruleAnswer(await readFirewall(ctx), pos(ctx.params));
    },
  }),
  route({
    method: 'PUT',
    path: `${BASE}/rules/{pos}`,
    params: { ...RULE_PARAMS, moveto: optInt('Move rule to new position <moveto>. Other arguments are ignored.', 0), delete: DELETE_LIST },
    handler(ctx) {
      const changes = ruleChanges(ctx.params);
      const { moveto } = ctx.params;
      const at = pos(ctx.params);
      // moving to where the rule is edits it instead, as in the reference
      if (moveto !== undefined && moveto !== at) return editFirewall(ctx, (fw) => moveRule(fw, at, moveto, digest(ctx.params)));
      return editFirewall(ctx, (fw, env) => updateRule(fw, at, changes, deleteList(ctx.params), env, digest(ctx.params)));
    },
  }),
  route({
    method: 'DELETE',
    path: `${BASE}/rules/{pos}`,
    params: { vnet: VNET, pos: POS, digest: DIGEST },
    handler(ctx) {
      return editFirewall(ctx, (fw) => deleteRule(fw, pos(ctx.params), digest(ctx.params)));
    },
  }),
];
