/**
 * Decoded `fabrics.cfg` sections → the typed fabric tree: node sections are
 * attached to their fabric (which must exist and speak the same protocol),
 * and the properties a node's `role` rules out or requires are checked. The
 * decoder made every value (addresses, CIDRs, endpoints); this only groups
 * them. Rules across fabrics and nodes follow in `fabric-checks.ts`.
 */
import type { Fabric, FabricConfig, FabricEntry, FabricNode, WireguardInterface } from './fabric.js';
import { splitNodeSectionId, type FabricProtocol, type FabricSection, type FabricSectionOf } from './fabric-kind.js';
import { issue, type Issue } from './issues.js';

type FabricTypeSection = Extract<FabricSection, { readonly type: `${string}_fabric` }>;
type NodeTypeSection = Extract<FabricSection, { readonly type: `${string}_node` }>;
type NodeOf<P extends FabricProtocol> = Extract<FabricNode, { readonly protocol: P }>;

const isNodeSection = (r: FabricSection): r is NodeTypeSection => r.type.endsWith('_node');

/** A fabric: its section's values, with its protocol. */
function buildFabric(r: FabricTypeSection): Fabric {
  switch (r.type) {
    case 'openfabric_fabric':
      return { ...r, protocol: 'openfabric' };
    case 'ospf_fabric':
      return { ...r, protocol: 'ospf' };
    case 'bgp_fabric':
      return { ...r, protocol: 'bgp' };
    case 'wireguard_fabric':
      return { ...r, protocol: 'wireguard' };
  }
}

interface NodeCtx {
  readonly path: string;
  readonly out: Issue[];
  readonly fabric: string;
  readonly node: string;
}

/** Which of its section's keys a node's role excludes, and which it requires. */
interface RoleRule<K> {
  readonly forbidden: readonly K[];
  readonly required: readonly K[];
}
type RoleRules<R extends { readonly role: string }> = Readonly<Record<R['role'], RoleRule<Extract<keyof R, string>>>>;

const BGP_ROLES: RoleRules<FabricSectionOf<'bgp_node'>> = {
  internal: { forbidden: ['peer_ip'], required: ['asn'] },
  external: { forbidden: ['asn', 'interfaces'], required: [] },
};
const WIREGUARD_ROLES: RoleRules<FabricSectionOf<'wireguard_node'>> = {
  internal: { forbidden: ['public_key'], required: [] },
  external: { forbidden: ['interfaces', 'peers'], required: ['public_key', 'endpoint'] },
};

function checkRole<R extends FabricSectionOf<'bgp_node' | 'wireguard_node'>>(ctx: NodeCtx, protocol: FabricProtocol, r: R, rule: RoleRule<Extract<keyof R, string>>): boolean {
  let ok = true;
  for (const key of rule.forbidden) {
    if (r[key] !== undefined) {
      ctx.out.push(issue('unknown-property', `${ctx.path}.${key}`, `property is not allowed for a ${protocol} node with role '${r.role}'`));
      ok = false;
    }
  }
  for (const key of rule.required) {
    if (r[key] === undefined) {
      ctx.out.push(issue('missing-property', `${ctx.path}.${key}`, `property is required for a ${protocol} node with role '${r.role}'`));
      ok = false;
    }
  }
  return ok;
}

/** The keys every node keeps: its names and its addresses. */
function nodeBase(ctx: NodeCtx, r: NodeTypeSection) {
  return { fabric: ctx.fabric, node: ctx.node, ...(r.ip ? { ip: r.ip } : {}), ...(r.ip6 ? { ip6: r.ip6 } : {}) };
}

function bgpNode(ctx: NodeCtx, r: FabricSectionOf<'bgp_node'>): NodeOf<'bgp'> | undefined {
  if (!checkRole(ctx, 'bgp', r, BGP_ROLES[r.role])) return undefined;
  const base = { ...nodeBase(ctx, r), protocol: 'bgp' as const };
  if (r.role === 'external') return { ...base, role: 'external', ...(r.peer_ip ? { peer_ip: r.peer_ip } : {}) };
  // the role rule required it
  if (r.asn === undefined) return undefined;
  return { ...base, role: 'internal', asn: r.asn, interfaces: r.interfaces ?? [] };
}

function wireguardNode(ctx: NodeCtx, r: FabricSectionOf<'wireguard_node'>): NodeOf<'wireguard'> | undefined {
  if (!checkRole(ctx, 'wireguard', r, WIREGUARD_ROLES[r.role])) return undefined;
  const base = { ...nodeBase(ctx, r), protocol: 'wireguard' as const, allowed_ips: r.allowed_ips ?? [] };
  if (r.role === 'external') {
    const { endpoint, public_key } = r;
    const port = endpoint?.port;
    if (endpoint === undefined || port === undefined) {
      ctx.out.push(issue('bad-value', `${ctx.path}.endpoint`, `an external node's endpoint needs a port (host:port)`));
      return undefined;
    }
    // the role rule required it
    if (public_key === undefined) return undefined;
    return { ...base, role: 'external', public_key, endpoint: { ...endpoint, port } };
  }
  // peers need every interface's public key; the API writes it when it generates the private key
  const interfaces: WireguardInterface[] = [];
  const unkeyed: string[] = [];
  for (const i of r.interfaces ?? []) {
    if (i.public_key === undefined) unkeyed.push(i.name);
    else interfaces.push({ ...i, public_key: i.public_key });
  }
  if (unkeyed.length > 0) {
    const names = unkeyed.map((n) => `'${n}'`).join(', ');
    const which = unkeyed.length > 1 ? `interfaces ${names} have` : `interface ${names} has`;
    ctx.out.push(issue('missing-property', `${ctx.path}.interfaces`, `${which} no public_key (the API sets it when it generates the interface's private key)`));
    return undefined;
  }
  return { ...base, role: 'internal', ...(r.endpoint ? { endpoint: r.endpoint } : {}), interfaces, peers: r.peers ?? [] };
}

function buildNode(ctx: NodeCtx, r: NodeTypeSection): FabricNode | undefined {
  for (const [key, expected] of [['fabric_id', ctx.fabric], ['node_id', ctx.node]] as const) {
    const given = r[key];
    if (given !== undefined && given !== expected) ctx.out.push(issue('bad-value', `${ctx.path}.${key}`, `'${given}' contradicts the section id (${expected})`));
  }
  switch (r.type) {
    case 'openfabric_node':
      return { ...nodeBase(ctx, r), protocol: 'openfabric', interfaces: r.interfaces ?? [] };
    case 'ospf_node':
      return { ...nodeBase(ctx, r), protocol: 'ospf', interfaces: r.interfaces ?? [] };
    case 'bgp_node':
      return bgpNode(ctx, r);
    case 'wireguard_node':
      return wireguardNode(ctx, r);
  }
}

const NODE_PROTOCOLS: Readonly<Record<NodeTypeSection['type'], FabricProtocol>> = {
  openfabric_node: 'openfabric',
  ospf_node: 'ospf',
  bgp_node: 'bgp',
  wireguard_node: 'wireguard',
};

/** The nodes of one protocol, by node name. */
function nodesOf<P extends FabricProtocol>(protocol: P, nodes: readonly FabricNode[]): Map<string, NodeOf<P>> {
  const out = new Map<string, NodeOf<P>>();
  for (const n of nodes) if (isOf(protocol, n)) out.set(n.node, n);
  return out;
}
const isOf = <P extends FabricProtocol>(protocol: P, n: FabricNode): n is NodeOf<P> => n.protocol === protocol;

/** A fabric with its nodes, typed by its protocol. */
function entryOf(fabric: Fabric, nodes: readonly FabricNode[]): FabricEntry {
  switch (fabric.protocol) {
    case 'openfabric':
      return { protocol: fabric.protocol, fabric, nodes: nodesOf(fabric.protocol, nodes) };
    case 'ospf':
      return { protocol: fabric.protocol, fabric, nodes: nodesOf(fabric.protocol, nodes) };
    case 'bgp':
      return { protocol: fabric.protocol, fabric, nodes: nodesOf(fabric.protocol, nodes) };
    case 'wireguard':
      return { protocol: fabric.protocol, fabric, nodes: nodesOf(fabric.protocol, nodes) };
  }
}

/**
 * `sections`: decoded records by section id (phase one passed); `present`: all
 * section ids, so a node of a fabric that failed phase one is not reported
 * twice. `where` is the path prefix (`fabrics.cfg:` or `fabrics.`); node paths
 * read `fabric/node`.
 */
export function buildFabricConfig(sections: ReadonlyMap<string, FabricSection>, present: ReadonlySet<string>, where: string): { config: FabricConfig; issues: Issue[] } {
  const out: Issue[] = [];
  const fabrics = new Map<string, { fabric: Fabric; nodes: FabricNode[] }>();
  const nodeSections: [{ fabric: string; node: string }, NodeTypeSection][] = [];
  for (const [id, r] of [...sections].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const names = splitNodeSectionId(id);
    if (isNodeSection(r)) {
      if (names) nodeSections.push([names, r]);
      else out.push(issue('bad-id', `${where}${id}`, `a ${r.type} section id must be <fabric>_<node>`));
    } else if (names) {
      out.push(issue('bad-id', `${where}${id}`, `a ${r.type} section id must be a fabric id (no '_')`));
    } else {
      fabrics.set(id, { fabric: buildFabric(r), nodes: [] });
    }
  }
  for (const [{ fabric, node }, r] of nodeSections) {
    const path = `${where}${fabric}/${node}`;
    const protocol = NODE_PROTOCOLS[r.type];
    const entry = fabrics.get(fabric);
    if (!entry) {
      if (!present.has(fabric)) out.push(issue('unknown-fabric', path, `fabric '${fabric}' does not exist in the configuration`));
      continue;
    }
    if (entry.fabric.protocol !== protocol) {
      out.push(issue('protocol-mismatch', `${path}.type`, `node is a ${protocol} node, but fabric '${fabric}' is a ${entry.fabric.protocol} fabric`));
      continue;
    }
    const built = buildNode({ path, out, fabric, node }, r);
    if (built) entry.nodes.push(built);
  }
  const config = new Map<string, FabricEntry>();
  for (const [id, { fabric, nodes }] of fabrics) config.set(id, entryOf(fabric, nodes));
  return { config, issues: out };
}
