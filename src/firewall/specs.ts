/**
 * The value formats of firewall rule fields, with the reference's rules
 * (PVE::Firewall's pve-fw-addr-spec, -sport-spec, -dport-spec,
 * -protocol-spec, -icmp-type-spec): each check returns null when the value
 * is fine, else the reason.
 */
import { parseCidr, parseIp, type IpVersion } from '../model/ip.js';
import type { Netdb } from './netdb.js';

export const NAME_PATTERN = '[A-Za-z][A-Za-z0-9\\-\\_]+';
const ALIAS_RE = new RegExp(`^(dc/|guest/)?${NAME_PATTERN}$`);
const MAX_NAME_LENGTH = 64;
/** the reference's limit: a port list may hold 15 ports, a range counting as two */
const MAX_PORT_COUNT = 15;

export const ICMP_TYPES: ReadonlySet<string> = new Set([
  'any', 'echo-reply', 'destination-unreachable', 'network-unreachable', 'host-unreachable', 'protocol-unreachable',
  'port-unreachable', 'fragmentation-needed', 'source-route-failed', 'network-unknown', 'host-unknown',
  'network-prohibited', 'host-prohibited', 'TOS-network-unreachable', 'TOS-host-unreachable', 'communication-prohibited',
  'host-precedence-violation', 'precedence-cutoff', 'source-quench', 'redirect', 'network-redirect', 'host-redirect',
  'TOS-network-redirect', 'TOS-host-redirect', 'echo-request', 'router-advertisement', 'router-solicitation',
  'time-exceeded', 'ttl-zero-during-transit', 'ttl-zero-during-reassembly', 'parameter-problem', 'ip-header-bad',
  'required-option-missing', 'timestamp-request', 'timestamp-reply', 'address-mask-request', 'address-mask-reply',
]);

export const ICMPV6_TYPES: ReadonlySet<string> = new Set([
  'destination-unreachable', 'no-route', 'communication-prohibited', 'beyond-scope', 'address-unreachable',
  'port-unreachable', 'failed-policy', 'reject-route', 'packet-too-big', 'time-exceeded', 'ttl-zero-during-transit',
  'ttl-zero-during-reassembly', 'parameter-problem', 'bad-header', 'unknown-header-type', 'unknown-option',
  'echo-request', 'echo-reply', 'router-solicitation', 'router-advertisement', 'neighbor-solicitation',
  'neighbour-solicitation', 'neighbor-advertisement', 'neighbour-advertisement', 'redirect',
]);

export const isIcmp = (proto: string | undefined): boolean => proto === 'icmp' || proto === 'icmpv6' || proto === 'ipv6-icmp';

/** What an address field names: an IPSet, an alias, or addresses of one IP version. */
export type AddressSpec = { readonly kind: 'ipset' } | { readonly kind: 'alias' } | { readonly kind: 'addresses'; readonly version: IpVersion };

function addressItem(item: string): { version: IpVersion; range: boolean } | string {
  const dash = item.indexOf('-');
  if (dash >= 0) {
    const from = parseIp(item.slice(0, dash));
    const to = parseIp(item.slice(dash + 1));
    if (!from || !to || from.version !== to.version) return `'${item}' is not a range of two addresses of one IP version`;
    if (from.value > to.value) return `range '${item}' ends before it starts`;
    return { version: from.version, range: true };
  }
  if (item.includes('/')) {
    const cidr = parseCidr(item);
    if (!cidr) return `'${item}' is not a network (address/prefix length)`;
    // a network, not an address in it: the reference's Net::IP refuses host bits
    if (cidr.network !== cidr.address.value) return `'${item}' has host bits set`;
    return { version: cidr.version, range: false };
  }
  const ip = parseIp(item);
  return ip ? { version: ip.version, range: false } : `'${item}' is not an IP address, network or range`;
}

export function parseAddressSpec(text: string): AddressSpec | string {
  if (/^\+\S+$/.test(text)) return text.length > MAX_NAME_LENGTH + 1 ? 'ipset name too long' : { kind: 'ipset' };
  if (ALIAS_RE.test(text)) return text.length > MAX_NAME_LENGTH ? 'alias name too long' : { kind: 'alias' };
  const items = text.split(',');
  if (items.includes('')) return 'extraneous commas in list';
  let version: IpVersion | undefined;
  let range = false;
  for (const item of items) {
    const r = addressItem(item);
    if (typeof r === 'string') return `invalid IP address: ${r}`;
    if (version !== undefined && r.version !== version) return `detected mixed ipv4/ipv6 addresses in address list '${text}'`;
    version = r.version;
    range ||= r.range;
  }
  if (range && items.length > 1) return "you can't use a range in a list";
  // at least one item was read, so the version is known
  return { kind: 'addresses', version: version as IpVersion };
}

/** Ports: numbers, `from:to` ranges, service names; for a destination of an ICMP rule, ICMP type names. */
export function checkPorts(text: string, netdb: Netdb, icmpNames: boolean): string | null {
  const items = text.split(',');
  if (items.includes('')) return 'extraneous commas in list';
  let count = 0;
  let icmpType = false;
  for (const item of items) {
    const range = /^(\d+):(\d+)$/.exec(item);
    const numbers = range ? [range[1] ?? '', range[2] ?? ''] : /^\d+$/.test(item) ? [item] : [];
    for (const n of numbers) if (Number(n) > 65535) return `invalid port '${n}'`;
    if (range && Number(range[1]) > Number(range[2])) return `backwards range '${item}' not allowed, did you mean '${range[2]}:${range[1]}'?`;
    count += numbers.length;
    if (numbers.length > 0) continue;
    if (icmpNames && (ICMP_TYPES.has(item) || ICMPV6_TYPES.has(item))) icmpType = true;
    else if (!netdb.services.has(item)) return `invalid port '${item}'`;
  }
  if (icmpType && count > 0) return 'ICMP ports not allowed in port range';
  if (count > MAX_PORT_COUNT) return `too many entries in port list (> ${MAX_PORT_COUNT} numbers)`;
  return null;
}

export function checkProtocol(text: string, netdb: Netdb): string | null {
  return netdb.protocols.has(text) ? null : `unknown protocol '${text}'`;
}

export function checkIcmpType(text: string): string | null {
  return ICMP_TYPES.has(text) || ICMPV6_TYPES.has(text) ? null : `invalid icmp-type value '${text}'`;
}

function addressProblem(text: string): string | null {
  const spec = parseAddressSpec(text);
  return typeof spec === 'string' ? spec : null;
}

/**
 * The format checks of rule fields given to the API, one reason per field
 * (as a schema format failure reads). '' and '-' pass:
 * they remove the field.
 */
export function fieldFormatErrors(fields: Readonly<Record<string, unknown>>, netdb: Netdb): Record<string, string> {
  const checks: Readonly<Record<string, (v: string) => string | null>> = {
    source: addressProblem,
    dest: addressProblem,
    proto: (v) => checkProtocol(v, netdb),
    // ICMP type names were once written as destination ports, so they still pass here
    dport: (v) => checkPorts(v, netdb, true),
    sport: (v) => checkPorts(v, netdb, false),
    'icmp-type': checkIcmpType,
  };
  const errors: Record<string, string> = {};
  for (const [field, check] of Object.entries(checks)) {
    const value = fields[field];
    if (typeof value !== 'string' || value === '' || value === '-') continue;
    const problem = check(value);
    if (problem) errors[field] = problem;
  }
  return errors;
}
