/**
 * `/cluster/resources`, the SDN part: the nodes, and each zone deployed on
 * each node as the `network` rows Proxmox VE's GUI reads since late 2025
 * (zones with `network-type` zone, fabrics with `network-type` fabric, and
 * the built-in `localnetwork` zone of every node). As in the reference, a
 * node reporting `network` rows lists no `sdn` rows too (the GUI would show
 * each zone twice in its tree); `?type=sdn` still answers the older `sdn`
 * rows, for the clients written before (the reference answers none there
 * once its nodes report `network`). States come from the node agents'
 * reports; a fabric is `ok` on a node once its agent applied the running
 * config holding it (Weft does not look at FRR's routes here).
 */
import { nodeKeys, objectStatus, parseNodeStatus, type NodeStatus } from '../../sdn/node-status.js';
import { fabricsOnNode, zonesOnNode } from '../../sdn/node-sections.js';
import { loadState, runningIds, runningVersion, type SdnState } from '../../sdn/state.js';
import type { StoreSnapshot } from '../../store/types.js';
import type { SdnResourceRow } from '../answers.js';
import { route, type Ctx, type RouteDef } from '../route.js';
import { knownNodes } from './nodes.js';
import type { NodeName } from '../../model/values.js';

type Row = Record<string, unknown>;

interface NodeView {
  readonly node: NodeName;
  readonly status: NodeStatus | null;
}

const zoneType = (state: SdnState, zone: string): { readonly 'zone-type'?: string } => {
  const type = runningIds(state, 'zones')[zone]?.type;
  return typeof type === 'string' ? { 'zone-type': type } : {};
};

function sdnRows(ctx: Ctx, state: SdnState, n: NodeView): SdnResourceRow[] {
  return zonesOnNode(state, n.node)
    .filter((zone) => ctx.can(`/sdn/zones/${zone}`, ['SDN.Audit']))
    .map((zone) => ({ id: `sdn/${n.node}/${zone}`, type: 'sdn' as const, sdn: zone, node: n.node, status: objectStatus(n.status, runningVersion(state), 'zones', zone).status, ...zoneType(state, zone) }));
}

/** `ok` once the node's agent applied the running version (the reference's other value is `not ok`). */
function fabricStatus(status: NodeStatus | null, running: number): string {
  return status && status.state === 'applied' && status.version >= running ? 'ok' : 'not ok';
}

function networkRows(ctx: Ctx, state: SdnState, n: NodeView): Row[] {
  const row = (kind: 'zone' | 'fabric', name: string, extra: Row): Row => ({ id: `network/${n.node}/${kind}/${name}`, type: 'network', 'network-type': kind, network: name, node: n.node, ...extra });
  const fabrics = fabricsOnNode(state, n.node)
    .filter((f) => ctx.can(`/sdn/fabrics/${f.fabric}`, ['SDN.Audit', 'SDN.Allocate'], true))
    .map((f) => row('fabric', f.fabric, { protocol: f.protocol, status: fabricStatus(n.status, runningVersion(state)) }));
  const zones = zonesOnNode(state, n.node)
    .filter((zone) => ctx.can(`/sdn/zones/${zone}`, ['SDN.Audit']))
    .map((zone) => row('zone', zone, { status: objectStatus(n.status, runningVersion(state), 'zones', zone).status, ...zoneType(state, zone) }));
  return [...fabrics, ...zones];
}

/** Every node's built-in zone of its own bridges, listed first as the reference does. */
function localNetworkRows(ctx: Ctx, nodes: readonly NodeView[]): Row[] {
  if (!ctx.can('/sdn/zones/localnetwork', ['SDN.Audit'])) return [];
  return nodes.map((n) => ({ id: `network/${n.node}/zone/localnetwork`, type: 'network', 'network-type': 'zone', network: 'localnetwork', node: n.node, status: 'ok' }));
}

async function nodeViews(ctx: Ctx, snap: StoreSnapshot): Promise<NodeView[]> {
  return (await knownNodes(ctx.services)).map((node) => ({ node, status: parseNodeStatus(snap.docs.get(nodeKeys(node).status)) }));
}

export const RESOURCE_ROUTES: readonly RouteDef[] = [
  route({
    method: 'GET',
    path: '/cluster/resources',
    params: { type: { type: 'string', enum: ['vm', 'storage', 'node', 'sdn'], optional: true, description: 'Resource type.' } },
    async handler(ctx) {
      const type = ctx.params.type;
      const snap = await ctx.services.store.read();
      const state = loadState(snap);
      const nodes = await nodeViews(ctx, snap);
      const rows: Row[] = [];
      if (!type || type === 'node') rows.push(...nodes.map((n) => ({ id: `node/${n.node}`, type: 'node', node: n.node, status: n.node === ctx.services.nodename ? 'online' : 'unknown' })));
      if (type === 'sdn') rows.push(...nodes.flatMap((n) => sdnRows(ctx, state, n)));
      if (!type) rows.push(...localNetworkRows(ctx, nodes), ...nodes.flatMap((n) => networkRows(ctx, state, n)));
      return rows;
    },
  }),
];
