/**
 * What a node agent probes on a live node, as a plain value, so rendering
 * stays pure and tests need no mocks. The JSON form is `weft render --facts`;
 * every field is checked here (addresses, interface names, MACs), so a
 * placeholder never reaches a rendered file.
 */
import { checkFormat, nodeNameOf } from '../model/formats.js';
import { parseIp, type IpVersion } from '../model/ip.js';
import { issue, type Issue } from '../model/issues.js';
import type { NodeName } from '../model/values.js';

export interface RouteSource {
  /** source address the kernel picks towards the target */
  readonly ip: string;
  /** outgoing interface */
  readonly iface: string;
}

export interface NodeFacts {
  readonly nodename: NodeName;
  /** route source towards the first peer: the VXLAN tunnel endpoint and BGP source when nothing else names one */
  readonly routeSource: RouteSource | null;
  /**
   * route source towards the internet (the reference asks for 8.8.8.8): where
   * SNAT leaves the node; absent: `routeSource`
   */
  readonly uplink?: RouteSource | null;
  /** the same for IPv6 subnets (towards 2001:4860:4860::8888); absent: `uplink` */
  readonly uplink6?: RouteSource | null;
  /** a MAC read from the node, for router-id derivation */
  readonly defaultMac?: string;
  /** physical ports of each bridge */
  readonly bridgePorts: Readonly<Record<string, readonly string[]>>;
}

/** The route sources of the facts file and the address family each must have (null: either). */
const ROUTE_KEYS = { routeSource: null, uplink: 4, uplink6: 6 } as const satisfies Record<string, IpVersion | null>;
const KNOWN_KEYS = new Set(['nodename', 'defaultMac', 'bridgePorts', ...Object.keys(ROUTE_KEYS)]);
/** any MAC an interface may carry (multicast bit and all zeros included: `routerId` explains those) */
const MAC_RE = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function ifaceProblem(value: unknown): string | null {
  return typeof value === 'string' ? checkFormat('pve-sdn-iface-name', value) : 'expected an interface name (string)';
}

function checkRouteSource(value: unknown, version: IpVersion | null, path: string, issues: Issue[]): void {
  if (value === null || value === undefined) return;
  if (!isObject(value)) {
    issues.push(issue('bad-facts', path, 'expected { "ip": "<address>", "iface": "<name>" } or null'));
    return;
  }
  const ip = typeof value.ip === 'string' ? parseIp(value.ip) : null;
  if (!ip) issues.push(issue('bad-facts', `${path}.ip`, `expected an IP address, got ${JSON.stringify(value.ip)}`));
  else if (version !== null && ip.version !== version) issues.push(issue('bad-facts', `${path}.ip`, `expected an IPv${version} address, got '${String(value.ip)}'`));
  const ifaceWhy = ifaceProblem(value.iface);
  if (ifaceWhy) issues.push(issue('bad-facts', `${path}.iface`, ifaceWhy));
}

function checkBridgePorts(value: unknown, path: string, issues: Issue[]): void {
  if (!isObject(value)) {
    issues.push(issue('bad-facts', path, 'expected { "<bridge>": ["<port>", …] }'));
    return;
  }
  for (const [bridge, ports] of Object.entries(value)) {
    const bridgeWhy = ifaceProblem(bridge);
    if (bridgeWhy) issues.push(issue('bad-facts', `${path}.${bridge}`, bridgeWhy));
    if (!Array.isArray(ports)) {
      issues.push(issue('bad-facts', `${path}.${bridge}`, 'expected a list of port names'));
      continue;
    }
    ports.forEach((port: unknown, i) => {
      const why = ifaceProblem(port);
      if (why) issues.push(issue('bad-facts', `${path}.${bridge}[${i}]`, why));
    });
  }
}

export function parseFacts(data: unknown, source = 'facts'): { facts?: NodeFacts; issues: Issue[] } {
  if (!isObject(data)) return { issues: [issue('bad-facts', source, 'expected a JSON object')] };
  const issues: Issue[] = [];
  for (const key of Object.keys(data)) if (!KNOWN_KEYS.has(key)) issues.push(issue('bad-facts', `${source}.${key}`, `unknown field (known: ${[...KNOWN_KEYS].join(', ')})`));
  const { defaultMac } = data;
  const nodename = typeof data.nodename === 'string' ? nodeNameOf(data.nodename) : null;
  if (typeof data.nodename !== 'string' || data.nodename === '') issues.push(issue('bad-facts', `${source}.nodename`, 'required: the node name (string)'));
  else if (!nodename) issues.push(issue('bad-facts', `${source}.nodename`, `invalid node name '${data.nodename}'`));
  for (const [key, version] of Object.entries(ROUTE_KEYS)) checkRouteSource(data[key], version, `${source}.${key}`, issues);
  if (defaultMac !== undefined && (typeof defaultMac !== 'string' || !MAC_RE.test(defaultMac))) {
    issues.push(issue('bad-facts', `${source}.defaultMac`, `expected a MAC address (aa:bb:cc:dd:ee:ff), got ${JSON.stringify(defaultMac)}`));
  }
  if (data.bridgePorts !== undefined) checkBridgePorts(data.bridgePorts, `${source}.bridgePorts`, issues);
  if (issues.length > 0 || !nodename) return { issues };
  const route = (key: keyof typeof ROUTE_KEYS) => data[key] as RouteSource | null | undefined;
  return {
    facts: {
      nodename,
      routeSource: route('routeSource') ?? null,
      ...(route('uplink') !== undefined ? { uplink: route('uplink') ?? null } : {}),
      ...(route('uplink6') !== undefined ? { uplink6: route('uplink6') ?? null } : {}),
      ...(typeof defaultMac === 'string' ? { defaultMac } : {}),
      bridgePorts: (data.bridgePorts ?? {}) as Record<string, string[]>,
    },
    issues,
  };
}

/** Where SNAT of a subnet of `version` leaves the node: the uplink, else the route source (a facts file of one route). */
export function snatSource(facts: NodeFacts, version: IpVersion): RouteSource | null {
  const v4 = facts.uplink !== undefined ? facts.uplink : facts.routeSource;
  return version === 6 && facts.uplink6 !== undefined ? facts.uplink6 : v4;
}
