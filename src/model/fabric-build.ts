/**
 * Decoded `fabrics.cfg` sections → the typed fabric tree: node sections are
 * attached to their fabric (which must exist and speak the same protocol),
 * addresses are parsed, and the properties a node's `role` rules out or
 * requires are checked. Rules across fabrics and nodes follow in
 * `fabric-checks.ts`.
 */
import type { Endpoint, Fabric, FabricConfig, FabricEntry, FabricNode, Redistribution, WireguardInterface, WireguardPeer } from './fabric.js';
import { splitNodeSectionId, type FabricProtocol } from './fabric-kind.js';
import { parseEndpoint } from './formats.js';
import { parseCidr, parseIp, type ParsedCidr, type ParsedIp } from './ip.js';
import { issue, type Issue } from './issues.js';
import type { PropertyRecord } from './schema.js';
import type { IfName } from './values.js';

type Rec = Readonly<Record<string, unknown>>;

/** The schema checked formats already; these only narrow types. */
const ip = (v: unknown): ParsedIp | undefined => (typeof v === 'string' ? (parseIp(v) ?? undefined) : undefined);
const cidr = (v: unknown): ParsedCidr | undefined => (typeof v === 'string' ? (parseCidr(v) ?? undefined) : undefined);
const cidrs = (v: unknown): ParsedCidr[] => (Array.isArray(v) ? v.map(cidr).filter((c): c is ParsedCidr => c !== undefined) : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
// the kind's schema checked the name (pve-sdn-iface-name: 1–15 bytes, IFNAMSIZ): this builder is where fabric sections are decoded
const ifName = (v: unknown): IfName => String(v) as IfName;
const records = (v: unknown): readonly PropertyRecord[] => (Array.isArray(v) ? (v as PropertyRecord[]) : []);
const endpoint = (v: unknown): Endpoint | undefined => (typeof v === 'string' ? (parseEndpoint(v) ?? undefined) : undefined);

function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function redistributions(v: unknown): Redistribution[] {
  return records(v).map((r) => defined({ source: String(r.source), metric: num(r.metric), 'route-map': str(r['route-map']) }));
}

function buildFabric(protocol: FabricProtocol, r: Rec): Fabric {
  const base = defined({ id: String(r.id), ip_prefix: cidr(r.ip_prefix), ip6_prefix: cidr(r.ip6_prefix) });
  switch (protocol) {
    case 'openfabric':
      return defined({ ...base, protocol, hello_interval: num(r.hello_interval), csnp_interval: num(r.csnp_interval), route_filter: str(r.route_filter) });
    case 'ospf':
      return defined({ ...base, protocol, area: String(r.area), route_filter: str(r.route_filter), redistribute: redistributions(r.redistribute) });
    case 'bgp':
      return defined({
        ...base,
        protocol,
        bfd: r.bfd === true,
        redistribute: redistributions(r.redistribute),
        route_map_in: str(r.route_map_in),
        route_map_out: str(r.route_map_out),
        route_filter: str(r.route_filter),
      });
    case 'wireguard':
      return defined({ ...base, protocol, persistent_keepalive: num(r.persistent_keepalive) });
  }
}

interface NodeCtx {
  readonly path: string;
  readonly out: Issue[];
}

/** Properties a role excludes, and those it requires. */
const ROLE_RULES: Readonly<Record<string, { readonly forbidden: readonly string[]; readonly required: readonly string[] }>> = {
  'bgp/internal': { forbidden: ['peer_ip'], required: ['asn'] },
  'bgp/external': { forbidden: ['asn', 'interfaces'], required: [] },
  'wireguard/internal': { forbidden: ['public_key'], required: [] },
  'wireguard/external': { forbidden: ['interfaces', 'peers'], required: ['public_key', 'endpoint'] },
};

function checkRole(ctx: NodeCtx, protocol: FabricProtocol, r: Rec): boolean {
  const rules = ROLE_RULES[`${protocol}/${String(r.role)}`];
  if (!rules) return true;
  let ok = true;
  for (const key of rules.forbidden) {
    if (r[key] !== undefined) {
      ctx.out.push(issue('unknown-property', `${ctx.path}.${key}`, `property is not allowed for a ${protocol} node with role '${String(r.role)}'`));
      ok = false;
    }
  }
  for (const key of rules.required) {
    if (r[key] === undefined) {
      ctx.out.push(issue('missing-property', `${ctx.path}.${key}`, `property is required for a ${protocol} node with role '${String(r.role)}'`));
      ok = false;
    }
  }
  return ok;
}

function wireguardInterface(r: PropertyRecord): WireguardInterface {
  return defined({
    name: ifName(r.name),
    listen_port: Number(r.listen_port),
    public_key: String(r.public_key),
    ip: cidr(r.ip),
    ip6: cidr(r.ip6),
    ip6_ll: typeof r.ip6_ll === 'boolean' ? r.ip6_ll : undefined,
  });
}

function wireguardPeer(r: PropertyRecord): WireguardPeer {
  return defined({
    type: r.type === 'external' ? ('external' as const) : ('internal' as const),
    node: String(r.node),
    node_iface: str(r.node_iface),
    iface: String(r.iface),
    endpoint: endpoint(r.endpoint),
    allowed_ips: cidrs(r.allowed_ips),
    skip_route_generation: r.skip_route_generation === true,
  });
}

function buildNode(ctx: NodeCtx, protocol: FabricProtocol, fabric: string, node: string, r: Rec): FabricNode | undefined {
  for (const [key, expected] of [['fabric_id', fabric], ['node_id', node]] as const) {
    if (r[key] !== undefined && r[key] !== expected) ctx.out.push(issue('bad-value', `${ctx.path}.${key}`, `'${String(r[key])}' contradicts the section id (${expected})`));
  }
  if (!checkRole(ctx, protocol, r)) return undefined;
  const base = defined({ fabric, node, ip: ip(r.ip), ip6: ip(r.ip6) });
  switch (protocol) {
    case 'openfabric':
      return {
        ...base,
        protocol,
        interfaces: records(r.interfaces).map((i) => defined({ name: ifName(i.name), hello_multiplier: num(i.hello_multiplier), ip: cidr(i.ip), ip6: cidr(i.ip6) })),
      };
    case 'ospf':
      return { ...base, protocol, interfaces: records(r.interfaces).map((i) => defined({ name: ifName(i.name), ip: cidr(i.ip), network_type: str(i.network_type) })) };
    case 'bgp':
      if (r.role === 'external') return defined({ ...base, protocol, role: 'external' as const, peer_ip: ip(r.peer_ip) });
      return { ...base, protocol, role: 'internal', asn: Number(r.asn), interfaces: records(r.interfaces).map((i) => ({ name: ifName(i.name) })) };
    case 'wireguard': {
      const allowed_ips = cidrs(r.allowed_ips);
      if (r.role === 'external') {
        const ep = endpoint(r.endpoint);
        if (ep?.port === undefined) {
          ctx.out.push(issue('bad-value', `${ctx.path}.endpoint`, `an external node's endpoint needs a port (host:port)`));
          return undefined;
        }
        return { ...base, protocol, role: 'external', public_key: String(r.public_key), endpoint: ep, allowed_ips };
      }
      const interfaces = records(r.interfaces);
      // peers need every interface's public key; the API writes it when it generates the private key
      const unkeyed = interfaces.filter((i) => typeof i.public_key !== 'string').map((i) => String(i.name));
      if (unkeyed.length > 0) {
        const names = unkeyed.map((n) => `'${n}'`).join(', ');
        const which = unkeyed.length > 1 ? `interfaces ${names} have` : `interface ${names} has`;
        ctx.out.push(issue('missing-property', `${ctx.path}.interfaces`, `${which} no public_key (the API sets it when it generates the interface's private key)`));
        return undefined;
      }
      return defined({
        ...base,
        protocol,
        role: 'internal' as const,
        endpoint: endpoint(r.endpoint),
        interfaces: interfaces.map(wireguardInterface),
        peers: records(r.peers).map(wireguardPeer),
        allowed_ips,
      });
    }
  }
}

/** `openfabric_node` → ['openfabric', 'node'] */
function typeParts(type: unknown): [FabricProtocol, 'fabric' | 'node'] {
  const [protocol, kind] = String(type).split('_');
  return [protocol as FabricProtocol, kind === 'node' ? 'node' : 'fabric'];
}

/**
 * `sections`: decoded records by section id (phase one passed); `present`: all
 * section ids, so a node of a fabric that failed phase one is not reported
 * twice. `where` is the path prefix (`fabrics.cfg:` or `fabrics.`); node paths
 * read `fabric/node`.
 */
export function buildFabricConfig(sections: ReadonlyMap<string, Rec>, present: ReadonlySet<string>, where: string): { config: FabricConfig; issues: Issue[] } {
  const out: Issue[] = [];
  const fabrics = new Map<string, { fabric: Fabric; nodes: Map<string, FabricNode> }>();
  const nodeSections: [string, Rec][] = [];
  for (const [id, r] of [...sections].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const [protocol, kind] = typeParts(r.type);
    const isNodeId = splitNodeSectionId(id) !== null;
    if (kind === 'node') {
      if (isNodeId) nodeSections.push([id, r]);
      else out.push(issue('bad-id', `${where}${id}`, `a ${String(r.type)} section id must be <fabric>_<node>`));
    } else if (isNodeId) {
      out.push(issue('bad-id', `${where}${id}`, `a ${String(r.type)} section id must be a fabric id (no '_')`));
    } else {
      fabrics.set(id, { fabric: buildFabric(protocol, r), nodes: new Map() });
    }
  }
  for (const [id, r] of nodeSections) {
    const { fabric, node } = splitNodeSectionId(id) as { fabric: string; node: string };
    const path = `${where}${fabric}/${node}`;
    const [protocol] = typeParts(r.type);
    const entry = fabrics.get(fabric);
    if (!entry) {
      if (!present.has(fabric)) out.push(issue('unknown-fabric', path, `fabric '${fabric}' does not exist in the configuration`));
      continue;
    }
    if (entry.fabric.protocol !== protocol) {
      out.push(issue('protocol-mismatch', `${path}.type`, `node is a ${protocol} node, but fabric '${fabric}' is a ${entry.fabric.protocol} fabric`));
      continue;
    }
    const built = buildNode({ path, out }, protocol, fabric, node, r);
    if (built) entry.nodes.set(node, built);
  }
  const config = new Map<string, FabricEntry>();
  for (const [id, { fabric, nodes }] of fabrics) config.set(id, { protocol: fabric.protocol, fabric, nodes } as FabricEntry);
  return { config, issues: out };
}
