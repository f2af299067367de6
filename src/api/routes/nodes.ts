/**
 * `/nodes/{node}/sdn/…` status (the task endpoints an apply's UPID refers
 * to are in node-tasks.ts). Status is what the node agents reported into the store
 * (`nodes/<node>/status.json`); until an agent reports, zones and VNets of
 * the running config show as `pending`. The node's live state (bridges,
 * VRF routes, MAC VRF) is asked of its agent: `node-live.ts`.
 */
import { SdnError } from '../../util/errors.js';
import { agentNodes, nodeKeys, objectStatus, parseNodeStatus, type NodeStatus } from '../../sdn/node-status.js';
import { zonesOnNode } from '../../sdn/node-sections.js';
import { runningIds, loadState, runningVersion, type SdnState } from '../../sdn/state.js';
import { NODE_PARAM, str } from '../params.js';
import type { NodeRow, VnetStatusRow } from '../answers.js';
import { route, type NodeCtx, type RouteDef, type Services } from '../route.js';
import type { NodeName } from '../../model/values.js';

/** This server's node and every node with an agent. */
export async function knownNodes(services: Services): Promise<NodeName[]> {
  const docs = (await services.store.read()).docs;
  return [...new Set([services.nodename, ...agentNodes(docs)])].sort();
}

async function nodeState(ctx: NodeCtx): Promise<{ state: SdnState; status: NodeStatus | null }> {
  const snap = await ctx.services.store.read();
  return { state: loadState(snap), status: parseNodeStatus(snap.docs.get(nodeKeys(ctx.params.node).status)) };
}

const ZONE = str('The SDN zone object identifier.');
const VNET = str('The SDN vnet object identifier.');

export const NODE_ROUTES: readonly RouteDef[] = [
  route({ method: 'GET', path: '/nodes', params: {}, handler: async (ctx): Promise<NodeRow[]> => (await knownNodes(ctx.services)).map((node) => ({ node, status: node === ctx.services.nodename ? 'online' : 'unknown' })) }),
  route({ method: 'GET', path: '/nodes/{node}', params: { node: NODE_PARAM }, handler: () => [{ name: 'network' }, { name: 'sdn' }, { name: 'subscription' }, { name: 'tasks' }] }),
  // Weft has no subscriptions; Proxmox VE's GUI asks after login (node 'localhost' included)
  route({ method: 'GET', path: '/nodes/{node}/subscription', params: { node: NODE_PARAM }, handler: () => ({ status: 'notfound', message: 'There is no subscription key' }) }),
  route({ method: 'GET', path: '/nodes/{node}/sdn', params: { node: NODE_PARAM }, handler: () => [{ name: 'zones' }, { name: 'vnets' }, { name: 'fabrics' }] }),
  route({
    method: 'GET',
    path: '/nodes/{node}/sdn/zones',
    params: { node: NODE_PARAM },
    async handler(ctx) {
      const { state, status } = await nodeState(ctx);
      return zonesOnNode(state, ctx.params.node)
        .filter((zone) => ctx.can(`/sdn/zones/${zone}`, ['SDN.Audit']))
        .map((zone) => ({ zone, status: objectStatus(status, runningVersion(state), 'zones', zone).status }));
    },
  }),
  route({ method: 'GET', path: '/nodes/{node}/sdn/zones/{zone}', params: { node: NODE_PARAM, zone: ZONE }, permission: { path: '/sdn/zones/{zone}', privs: ['SDN.Audit'] }, handler: () => [{ subdir: 'content' }, { subdir: 'bridges' }, { subdir: 'ip-vrf' }] }),
  route({
    method: 'GET',
    path: '/nodes/{node}/sdn/zones/{zone}/content',
    params: { node: NODE_PARAM, zone: ZONE },
    permission: { path: '/sdn/zones/{zone}', privs: ['SDN.Audit'] },
    async handler(ctx): Promise<VnetStatusRow[]> {
      const { state, status } = await nodeState(ctx);
      const zone = ctx.params.zone;
      if (!zonesOnNode(state, ctx.params.node).includes(zone)) throw new SdnError(`zone '${zone}' is not deployed on node '${ctx.params.node}'`, 'not-found');
      return Object.entries(runningIds(state, 'vnets'))
        .filter(([, v]) => v.zone === zone)
        .map(([vnet]) => ({ vnet, ...objectStatus(status, runningVersion(state), 'vnets', vnet) }));
    },
  }),
  route({
    method: 'GET',
    path: '/nodes/{node}/sdn/vnets/{vnet}',
    params: { node: NODE_PARAM, vnet: VNET },
    async handler(ctx) {
      const { state } = await nodeState(ctx);
      const vnet = ctx.params.vnet;
      const zone = runningIds(state, 'vnets')[vnet]?.zone;
      if (typeof zone !== 'string') throw new SdnError(`vnet '${vnet}' is not in the running config`, 'not-found');
      if (!zonesOnNode(state, ctx.params.node).includes(zone)) throw new SdnError(`vnet '${vnet}' is not deployed on node '${ctx.params.node}' (its zone '${zone}' is not)`, 'not-found');
      ctx.check(`/sdn/zones/${zone}/${vnet}`, ['SDN.Audit']);
      return [{ subdir: 'mac-vrf' }];
    },
  }),
  route({ method: 'GET', path: '/nodes/{node}/sdn/fabrics', params: { node: NODE_PARAM }, handler: () => [] }),
];
