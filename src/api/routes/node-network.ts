/**
 * `GET /nodes/{node}/network`: the node's interfaces, from the
 * `/etc/network/interfaces` its agent publishes with its facts, typed and
 * filtered as the reference's network index does; `any_bridge`, `vnet` and
 * `include_sdn` add the VNets deployed on the node. Proxmox VE's GUI reads it
 * for the `localnetwork` zone's content and its bridge selectors (with node
 * `localhost`, the node this server runs on). Fabric interfaces are not
 * listed (`type=fabric` answers none).
 */
import { parseInterfaces } from '../../config/interfaces.js';
import { interfaceEntries, type InterfaceEntry } from '../../config/interfaces-list.js';
import { SdnError } from '../../util/errors.js';
import { nodeKeys } from '../../sdn/node-status.js';
import { loadState, runningIds, type SdnState } from '../../sdn/state.js';
import { NODE_PARAM } from '../params.js';
import { route, type Ctx, type RouteDef } from '../route.js';
import { zonesOnNode } from '../../sdn/node-sections.js';
import type { NodeName } from '../../model/values.js';

const INTERFACE_TYPES = ['bridge', 'bond', 'eth', 'alias', 'vlan', 'fabric', 'OVSBridge', 'OVSBond', 'OVSPort', 'OVSIntPort', 'vnet'];
const BRIDGE_TYPES = new Set(['bridge', 'OVSBridge']);
const BRIDGE_PRIVS = ['SDN.Audit', 'SDN.Use'];

/** The reference's check_sdn_bridge: the privileges on the bridge, or on one of its VLANs. */
function canSeeBridge(ctx: Ctx, zone: string, bridge: string): boolean {
  const path = `/sdn/zones/${zone}/${bridge}`;
  return ctx.can(path, BRIDGE_PRIVS, true) || ctx.access.acl.some((e) => e.path.startsWith(`${path}/`) && ctx.can(e.path, BRIDGE_PRIVS, true));
}

/** get_local_vnets: the running VNets of the zones on `node` the caller may see or use. */
function localVnets(ctx: Ctx, state: SdnState, node: NodeName): InterfaceEntry[] {
  const zones = runningIds(state, 'zones');
  const onNode = new Set(zonesOnNode(state, node));
  return Object.entries(runningIds(state, 'vnets'))
    .filter(([vnet, v]) => typeof v.zone === 'string' && onNode.has(v.zone) && canSeeBridge(ctx, v.zone, vnet))
    .map(([vnet, v]) => ({
      iface: vnet,
      type: 'vnet',
      active: 1,
      ipam: zones[String(v.zone)]?.ipam ? 1 : 0,
      vlanaware: v.vlanaware ? 1 : 0,
      ...(typeof v.alias === 'string' ? { comments: v.alias } : {}),
    }));
}

function matches(filter: string, type: string): boolean {
  return filter === type || (BRIDGE_TYPES.has(type) && (filter === 'any_bridge' || filter === 'any_local_bridge'));
}

export const NODE_NETWORK_ROUTES: readonly RouteDef[] = [
  route({
    method: 'GET',
    path: '/nodes/{node}/network',
    params: { node: NODE_PARAM, type: { type: 'string', enum: [...INTERFACE_TYPES, 'any_bridge', 'any_local_bridge', 'include_sdn'], optional: true, description: 'Only list specific interface types.' } },
    async handler(ctx) {
      const node = ctx.params.node === 'localhost' ? ctx.services.nodename : ctx.params.node;
      const snap = await ctx.services.store.read();
      const text = snap.docs.get(nodeKeys(node).interfaces);
      if (text === undefined) throw new SdnError(`node '${node}' has not published its /etc/network/interfaces: no weft agent has run there`, 'not-found');
      const filter = ctx.params.type === undefined ? undefined : ctx.params.type;
      const local = interfaceEntries(parseInterfaces(text)).filter((e) => filter === undefined || filter === 'include_sdn' || matches(filter, e.type));
      const withVnets = filter !== undefined && ['any_bridge', 'include_sdn', 'vnet'].includes(filter);
      const entries = [...local, ...(withVnets ? localVnets(ctx, loadState(snap), node) : [])];
      // the node's own bridges show to whoever may see or use them in the localnetwork zone
      return entries.filter((e) => !BRIDGE_TYPES.has(e.type) || ctx.principal?.authid === 'root@pam' || canSeeBridge(ctx, 'localnetwork', e.iface));
    },
  }),
];
