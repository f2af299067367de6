/**
 * A fabric's live state on a node (`/nodes/{node}/sdn/fabrics/{fabric}/…`):
 * the routes it installed, its neighbors and its interfaces, as FRR on the
 * node has them. The node's agent reads FRR (`src/agent/fabric-state.ts`);
 * the server looks the fabric up in the running config first and tells the
 * agent its protocol and the node's interfaces in it, which is what the
 * reference reads on the node (pve-network `Nodes/Fabric.pm`, pve-rs
 * `PVE::RS::SDN::Fabrics`), in its words.
 */
import { dummyName } from '../../fabrics/interfaces.js';
import type { FabricEntry } from '../../fabrics/fabric-config.js';
import type { NodeName } from '../../model/values.js';
import type { FabricQuery } from '../../sdn/node-query.js';
import { SdnError } from '../../util/errors.js';
import { runningConfig } from '../../sdn/running.js';
import type { SdnState } from '../../sdn/state.js';
import { NODE_PARAM } from '../params.js';
import { route, type Ctx, type RouteDef } from '../route.js';
import { FABRIC_ID } from './fabrics.js';
import { askList } from './node-live.js';
import { readState } from './sdn-tx.js';

/** The running fabric `id`; errors as the reference words them. */
function runningFabric(state: SdnState, id: string): FabricEntry {
  if (state.running.fabrics === undefined) throw new SdnError('no fabrics configured');
  const entry = runningConfig(state).fabrics.get(id);
  if (!entry) throw new SdnError(`fabric '${id}' does not exist in configuration`);
  return entry;
}

/** What to ask the node about the fabric in the path. */
async function fabricQuery(ctx: Ctx<{ readonly node: NodeName; readonly fabric: string }>, what: FabricQuery['what']): Promise<FabricQuery> {
  const fabric = ctx.params.fabric;
  const entry = runningFabric(await readState(ctx), fabric);
  if (entry.protocol !== 'openfabric' && entry.protocol !== 'ospf') {
    // the reference reports the live state of these two protocols only
    throw new SdnError(`fabric '${fabric}' is a ${entry.protocol} fabric: routes, neighbors and interfaces are reported for openfabric and ospf fabrics`);
  }
  const node = entry.nodes.get(ctx.params.node);
  const interfaces = node ? [...node.interfaces.map((i) => i.name), dummyName(fabric)] : null;
  return { kind: 'fabric', what, fabric, protocol: entry.protocol, interfaces };
}

const PARAMS = { node: NODE_PARAM, fabric: FABRIC_ID };
const PERMISSION = { path: '/sdn/fabrics/{fabric}', privs: ['SDN.Audit'] };

const liveRoute = (what: FabricQuery['what']): RouteDef =>
  route({ method: 'GET', path: `/nodes/{node}/sdn/fabrics/{fabric}/${what}`, params: PARAMS, permission: PERMISSION, handler: async (ctx) => askList(ctx, await fabricQuery(ctx, what)) });

export const NODE_FABRIC_ROUTES: readonly RouteDef[] = [
  // the reference's index lists these two, without asking the node or looking the fabric up
  route({ method: 'GET', path: '/nodes/{node}/sdn/fabrics/{fabric}', params: PARAMS, permission: PERMISSION, handler: () => [{ subdir: 'neighbors' }, { subdir: 'routes' }] }),
  liveRoute('routes'),
  liveRoute('neighbors'),
  liveRoute('interfaces'),
];
