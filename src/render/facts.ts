/**
 * What a node agent probes on a live node, as a plain value, so rendering
 * stays pure and tests need no mocks. The JSON form is `weft render --facts`.
 */
import { issue, type Issue } from '../model/issues.js';

export interface RouteSource {
  /** source address the kernel picks towards the target */
  readonly ip: string;
  /** outgoing interface */
  readonly iface: string;
}

export interface NodeFacts {
  readonly nodename: string;
  /** route source towards the first peer (and the default route target) */
  readonly routeSource: RouteSource | null;
  /** route source towards the IPv6 default route target, when probed separately */
  readonly routeSource6?: RouteSource | null;
  /** a MAC read from the node, for router-id derivation */
  readonly defaultMac?: string;
  /** physical ports of each bridge */
  readonly bridgePorts: Readonly<Record<string, readonly string[]>>;
}

function isRouteSource(v: unknown): v is RouteSource {
  const r = v as RouteSource | null;
  return r !== null && typeof r === 'object' && typeof r.ip === 'string' && typeof r.iface === 'string';
}

export function parseFacts(data: unknown, source = 'facts'): { facts?: NodeFacts; issues: Issue[] } {
  const issues: Issue[] = [];
  const o = (data ?? {}) as Record<string, unknown>;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { issues: [issue('bad-facts', source, 'expected a JSON object')] };
  if (typeof o.nodename !== 'string' || o.nodename === '') issues.push(issue('bad-facts', `${source}.nodename`, 'required: the node name (string)'));
  for (const key of ['routeSource', 'routeSource6'] as const) {
    if (o[key] !== undefined && o[key] !== null && !isRouteSource(o[key])) issues.push(issue('bad-facts', `${source}.${key}`, 'expected { "ip": "<address>", "iface": "<name>" } or null'));
  }
  if (o.defaultMac !== undefined && typeof o.defaultMac !== 'string') issues.push(issue('bad-facts', `${source}.defaultMac`, 'expected a MAC address string'));
  const ports = o.bridgePorts ?? {};
  const portsOk = typeof ports === 'object' && ports !== null && Object.values(ports).every((l) => Array.isArray(l) && l.every((p) => typeof p === 'string'));
  if (!portsOk) issues.push(issue('bad-facts', `${source}.bridgePorts`, 'expected { "<bridge>": ["<port>", …] }'));
  if (issues.length > 0) return { issues };
  return {
    facts: {
      nodename: o.nodename as string,
      routeSource: (o.routeSource as RouteSource | undefined) ?? null,
      ...(o.routeSource6 !== undefined ? { routeSource6: o.routeSource6 as RouteSource | null } : {}),
      ...(typeof o.defaultMac === 'string' ? { defaultMac: o.defaultMac } : {}),
      bridgePorts: ports as Record<string, string[]>,
    },
    issues,
  };
}
