/**
 * Decoded `fabrics.cfg` sections → the typed fabric tree: node sections are
 * attached to their fabric (which must exist and speak the same protocol),
 * each built by its protocol's module (which checks what its `role` rules
 * out or requires). The decoder made every value (addresses, CIDRs,
 * endpoints); this groups them. Rules across fabrics and nodes follow in
 * `checks.ts`.
 */
import type { FabricProtocol } from '../model/fabric-kind.js';
import { splitNodeSectionId } from '../model/fabric-kind.js';
import { issue, type Issue } from '../model/issues.js';
import { bgpNode } from './bgp.js';
import type { Fabric, FabricConfig, FabricEntry, FabricNode } from './fabric-config.js';
import type { FabricSection, FabricTypeSection, NodeTypeSection } from './kind.js';
import { openfabricNode } from './openfabric.js';
import { ospfNode } from './ospf.js';
import type { NodeCtx } from './section-build.js';
import { wireguardNode } from './wireguard.js';

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

const NODE_PROTOCOLS: Readonly<Record<NodeTypeSection['type'], FabricProtocol>> = {
  openfabric_node: 'openfabric',
  ospf_node: 'ospf',
  bgp_node: 'bgp',
  wireguard_node: 'wireguard',
};

function buildNode(ctx: NodeCtx, r: NodeTypeSection): FabricNode | undefined {
  for (const [key, expected] of [['fabric_id', ctx.fabric], ['node_id', ctx.node]] as const) {
    const given = r[key];
    if (given !== undefined && given !== expected) ctx.out.push(issue('bad-value', `${ctx.path}.${key}`, `'${given}' contradicts the section id (${expected})`));
  }
  switch (r.type) {
    case 'openfabric_node':
      return openfabricNode(ctx, r);
    case 'ospf_node':
      return ospfNode(ctx, r);
    case 'bgp_node':
      return bgpNode(ctx, r);
    case 'wireguard_node':
      return wireguardNode(ctx, r);
  }
}

const isOf = <P extends FabricProtocol>(protocol: P, n: FabricNode): n is NodeOf<P> => n.protocol === protocol;

/** The nodes of one protocol, by node name. */
function nodesOf<P extends FabricProtocol>(protocol: P, nodes: readonly FabricNode[]): Map<string, NodeOf<P>> {
  const out = new Map<string, NodeOf<P>>();
  for (const n of nodes) if (isOf(protocol, n)) out.set(n.node, n);
  return out;
}

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
