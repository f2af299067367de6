/**
 * The node's live state, as the reference reads it on the node itself: the
 * zone's bridges with their ports, the zone VRF's routes and a VNet's EVPN
 * MAC VRF. The API server is not on every node, so each request asks the
 * node's agent and waits a few seconds for its answer (`src/sdn/node-query.ts`);
 * the checks before asking are the reference's, in its order and words.
 */
import { askNode, DEFAULT_QUERY_TIMEOUT_MS, type LiveQuery } from '../../sdn/node-query.js';
import { ParamError, SdnError } from '../../util/errors.js';
import { runningIds, type SdnState } from '../../sdn/state.js';
import { NODE_PARAM, str } from '../params.js';
import { route, type NodeCtx, type RouteDef } from '../route.js';
import { zonesOnNode } from '../../sdn/node-sections.js';
import { idSchema } from './sdn-sets.js';
import { readState } from './sdn-tx.js';
import { checkVnet } from './sdn-vnets.js';

/** The pseudo zone of the node's own bridges (its /etc/network/interfaces), as the reference names it. */
const LOCAL_NETWORK = 'localnetwork';

async function ask(ctx: NodeCtx, query: LiveQuery): Promise<unknown> {
  return askNode(ctx.services.store, ctx.params.node, query, { timeoutMs: ctx.services.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS, signal: ctx.closing });
}

/** The answer is a list (an agent of another version could answer otherwise). */
function list(node: string, data: unknown): unknown[] {
  if (!Array.isArray(data)) throw new SdnError(`node '${node}' answered something else than a list: is its weft agent of this server's version?`);
  return data;
}

/** Asks the node in the path; its answer, a list. */
export async function askList(ctx: NodeCtx, query: LiveQuery): Promise<unknown[]> {
  return list(ctx.params.node, await ask(ctx, query));
}

/** The running zone, else a `zone` parameter error worded as the reference words it for this endpoint. */
function runningZone(state: SdnState, zone: string, missing: string): Readonly<Record<string, unknown>> {
  const z = runningIds(state, 'zones')[zone];
  if (!z) throw new ParamError({ zone: missing });
  return z;
}

export const NODE_LIVE_ROUTES: readonly RouteDef[] = [
  route({
    method: 'GET',
    path: '/nodes/{node}/sdn/zones/{zone}/bridges',
    params: { node: NODE_PARAM, zone: str('zone name or "localnetwork"') },
    permission: { path: '/sdn/zones/{zone}', privs: ['SDN.Audit'] },
    async handler(ctx) {
      const zone = ctx.params.zone;
      // each bridge shows to whoever may see or use it, as the reference checks it (check_any, no VLAN paths)
      const visible = (bridge: string) => ctx.can(`/sdn/zones/${zone}/${bridge}`, ['SDN.Audit', 'SDN.Allocate'], true);
      if (zone === LOCAL_NETWORK) return (await askList(ctx, { kind: 'local-bridges' })).filter((b) => visible(String((b as { name?: unknown }).name)));
      const state = await readState(ctx);
      runningZone(state, zone, 'zone does not exist');
      const bridges = Object.entries(runningIds(state, 'vnets'))
        .filter(([vnet, v]) => v.zone === zone && visible(vnet))
        .map(([vnet]) => vnet);
      return bridges.length === 0 ? [] : askList(ctx, { kind: 'bridges', bridges });
    },
  }),
  route({
    method: 'GET',
    path: '/nodes/{node}/sdn/zones/{zone}/ip-vrf',
    params: { node: NODE_PARAM, zone: str('Name of an EVPN zone.') },
    permission: { path: '/sdn/zones/{zone}', privs: ['SDN.Audit'] },
    async handler(ctx) {
      const node = ctx.params.node;
      const zone = ctx.params.zone;
      const state = await readState(ctx);
      if (runningZone(state, zone, 'zone does not exist').type !== 'evpn') throw new ParamError({ zone: 'zone is not an EVPN zone' });
      if (!zonesOnNode(state, node).includes(zone)) throw new ParamError({ zone: `zone does not exist on node ${node}` });
      // every EVPN zone has its VRF `vrf_<zone>`
      return askList(ctx, { kind: 'ip-vrf', vrf: `vrf_${zone}` });
    },
  }),
  route({
    method: 'GET',
    path: '/nodes/{node}/sdn/vnets/{vnet}/mac-vrf',
    params: { node: NODE_PARAM, vnet: idSchema('vnets') },
    // SDN.Audit on /sdn/zones/<zone>/<vnet>, checked below
    async handler(ctx) {
      const node = ctx.params.node;
      const vnet = ctx.params.vnet;
      const state = await readState(ctx);
      checkVnet(ctx, state, vnet, ['SDN.Audit']);
      const running = runningIds(state, 'vnets')[vnet];
      if (!running) throw new ParamError({ vnet: 'vnet does not exist' });
      const zone = String(running.zone);
      if (runningZone(state, zone, `zone ${zone} does not exist`).type !== 'evpn') throw new ParamError({ zone: `zone ${zone} is not an EVPN zone.` });
      if (!zonesOnNode(state, node).includes(zone)) throw new ParamError({ zone: `zone ${zone} of vnet ${vnet} does not exist on node ${node}` });
      // the VNet's tag is its VNI
      const vni = Number(running.tag);
      if (!Number.isInteger(vni)) throw new SdnError(`vnet ${vnet} has no tag`);
      return askList(ctx, { kind: 'mac-vrf', vni });
    },
  }),
];
