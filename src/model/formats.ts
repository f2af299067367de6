/**
 * Named value formats of the reference's JSON schema dialect (`format` key).
 * A verifier returns null when the value is fine, else the reason. A `-list`
 * suffix applies the base format to every item of a comma/space list.
 */
import { PRIVILEGES, ROLEID_RE } from '../auth/roles.js';
import { parseCidr, parseIp } from './ip.js';
import type { NodeName } from './values.js';

type Verifier = (value: string) => string | null;

const NODE_RE = /^[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?$/;
const CONFIGID_RE = /^[a-z][a-z0-9_-]+$/i;
const DNS_LABEL = '[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?';
const DNS_NAME_RE = new RegExp(`^(${DNS_LABEL}\\.)*${DNS_LABEL}$`);
const MAC_RE = /^[a-f0-9][02468ace](?::[a-f0-9]{2}){5}$/i;
const IFACE_RE = /^[a-z][a-z0-9_]{1,20}([:.]\d+)?$/i;
const ISIS_NET_RE = /^[a-fA-F0-9]{2}(\.[a-fA-F0-9]{4}){3,9}\.[a-fA-F0-9]{2}$/;
const FABRIC_ID_RE = /^[a-zA-Z0-9][a-zA-Z0-9-]{0,6}[a-zA-Z0-9]?$/i;
const UINT32_MAX = 4294967295;
/** 32 bytes in base64: 43 characters, the last one carrying 4 bits, then one `=`. */
const WG_KEY_RE = /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/;

/** A kernel interface name: 1–15 bytes of printable ASCII without `/` (linux/netdevice.h IFNAMSIZ). */
function interfaceName(value: string): string | null {
  return /^[!-.0-~]{1,15}$/.test(value) && value !== '.' && value !== '..' ? null : `invalid interface name '${value}' (1-15 ASCII characters, no blank or '/')`;
}

/** `host`, `host:port`, `[ipv6]:port` or a bare IPv6 address (a WireGuard endpoint). */
export function parseEndpoint(value: string): { host: string; port?: number } | null {
  const bracket = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(value);
  const colon = value.lastIndexOf(':');
  const [host, port] = bracket
    ? [bracket[1] ?? '', bracket[2]]
    : value.indexOf(':') === colon && colon > 0 ? [value.slice(0, colon), value.slice(colon + 1)] : [value, undefined];
  const isIp = parseIp(host) !== null;
  if (!isIp && (host.includes(':') || !DNS_NAME_RE.test(host))) return null;
  if (bracket && parseIp(host)?.version !== 6) return null;
  if (port === undefined) return { host };
  const n = Number(port);
  return /^\d{1,5}$/.test(port) && n >= 1 && n <= 65535 ? { host, port: n } : null;
}

function routeTarget(value: string): string | null {
  const m = /^(\d+):(\d+)$/.exec(value);
  const ok = m !== null && Number(m[1]) <= UINT32_MAX && Number(m[2]) <= UINT32_MAX;
  return ok ? null : 'not a valid BGP route target (ASN:NUMBER)';
}

function cidrOf(version: 4 | 6 | null, what: string): Verifier {
  return (value) => {
    const c = parseCidr(value);
    const ok = c !== null && (version === null || c.version === version) && c.prefix > 7;
    return ok ? null : `not a valid ${what}`;
  };
}

const FORMATS: Readonly<Record<string, Verifier>> = {
  'pve-configid': (v) => (CONFIGID_RE.test(v) ? null : `invalid configuration ID '${v}'`),
  'pve-node': (v) => (NODE_RE.test(v) ? null : 'not a valid node name'),
  ip: (v) => (parseIp(v) ? null : 'not a valid IP address'),
  ipv4: (v) => (parseIp(v)?.version === 4 ? null : 'not a valid IPv4 address'),
  ipv6: (v) => (parseIp(v)?.version === 6 ? null : 'not a valid IPv6 address'),
  CIDR: cidrOf(null, 'CIDR network'),
  CIDRv4: cidrOf(4, 'IPv4 CIDR network'),
  CIDRv6: cidrOf(6, 'IPv6 CIDR network'),
  'mac-addr': (v) => (MAC_RE.test(v) ? null : 'not a valid unicast MAC address'),
  'dns-name': (v) => (DNS_NAME_RE.test(v) ? null : 'not a valid DNS name'),
  'pve-iface': (v) => (IFACE_RE.test(v) ? null : `invalid network interface name '${v}'`),
  'pve-sdn-bgp-rt': routeTarget,
  'pve-sdn-isis-net': (v) => (ISIS_NET_RE.test(v) ? null : 'not a valid isis net'),
  'pve-sdn-fabric-id': (v) => (FABRIC_ID_RE.test(v) ? null : `'${v}' is not allowed: use at most 8 letters, digits or -, not starting or ending with -`),
  // any prefix length, /0 included: prefix lists, fabric prefixes, WireGuard allowed IPs
  'pve-sdn-cidr': (v) => (parseCidr(v) ? null : 'not a valid CIDR'),
  'pve-sdn-cidrv4': (v) => (parseCidr(v)?.version === 4 ? null : 'not a valid IPv4 CIDR'),
  'pve-sdn-cidrv6': (v) => (parseCidr(v)?.version === 6 ? null : 'not a valid IPv6 CIDR'),
  'pve-sdn-iface-name': interfaceName,
  'wireguard-key': (v) => (WG_KEY_RE.test(v) ? null : 'not a WireGuard key (32 bytes in base64)'),
  'pve-roleid': (v) => (ROLEID_RE.test(v) ? null : `role name '${v}' contains invalid characters`),
  // the privileges Weft knows (roles.ts): a role with any other would grant nothing here
  'pve-priv': (v) => (PRIVILEGES.has(v) ? null : `invalid privilege '${v}'`),
  'pve-sdn-endpoint': (v) => (parseEndpoint(v) ? null : `invalid endpoint '${v}' (expected host, host:port or [IPv6]:port)`),
};

/** The reference's list splitting: commas, semicolons and blanks separate items. */
export function splitList(value: string): string[] {
  return value.replace(/[,;]/g, ' ').trim().split(/\s+/).filter((s) => s !== '');
}

export function isKnownFormat(name: string): boolean {
  return name.replace(/-list$/, '') in FORMATS;
}

/** A text as a node's name (the decoder's, a test's lab node): the `pve-node` format's check, or null. */
export function nodeNameOf(text: string): NodeName | null {
  // the `pve-node` format's check: what makes a text a node's name
  return NODE_RE.test(text) ? (text as NodeName) : null;
}

/** A reason with the value it refuses, unless it names it already. */
const named = (problem: string, value: string): string => (problem.includes(`'${value}'`) ? problem : `${problem}: '${value}'`);

/** null when valid, else the reason, naming the value. */
export function checkFormat(format: string, value: string): string | null {
  const list = format.endsWith('-list');
  const verify = FORMATS[list ? format.slice(0, -5) : format];
  if (!verify) throw new Error(`internal: undefined format '${format}'`);
  if (!list) {
    const problem = verify(value);
    return problem && named(problem, value);
  }
  for (const item of splitList(value)) {
    const problem = verify(item);
    // which item of the list is wrong, unless the reason names it
    if (problem) return named(problem, item);
  }
  return null;
}
