/**
 * VXLAN zone: each VNet is a bridge over a VXLAN device with static
 * head-end replication to every peer but this node.
 */
import { splitList } from '../model/formats.js';
import type { VxlanZone } from '../model/zone.js';
import { opt, type IfaceOption } from '../render/ifupdown/ir.js';
import { localAddress } from '../render/local-address.js';
import { vnetBridgeOptions } from './bridge.js';
import { VnetSkipped, type ZoneContext, type ZonePlugin } from './plugin.js';

/** VXLAN over IPv4 adds 50 bytes (outer Ethernet is not counted: 14 + 20 + 8 + 8). */
export const VXLAN_OVERHEAD = 50;
export const DEFAULT_VXLAN_MTU = 1450;

interface ZoneTunnel {
  readonly remotes: readonly IfaceOption[];
  readonly mtu: number;
}

/** Peers and MTU are per zone: worked out once per render, not once per VNet. */
function zoneTunnel(ctx: ZoneContext, zone: VxlanZone, peerList: string): ZoneTunnel {
  const cached = ctx.zoneMemo.get(zone.id) as ZoneTunnel | undefined;
  if (cached) return cached;
  const peers = splitList(peerList);
  const local = localAddress(peers, undefined, ctx.interfaces, ctx.facts);
  const underlayMtu = local.iface ? ctx.interfaces.ifaces.get(local.iface)?.mtu : undefined;
  const tunnel = {
    remotes: peers.filter((p) => p !== local.ip).map((p) => opt('vxlan_remoteip', p)),
    mtu: zone.mtu ?? (underlayMtu ? underlayMtu - VXLAN_OVERHEAD : DEFAULT_VXLAN_MTU),
  };
  ctx.zoneMemo.set(zone.id, tunnel);
  return tunnel;
}

export const vxlanPlugin: ZonePlugin<VxlanZone> = {
  type: 'vxlan',
  generateVnet(ctx, zone, vnet) {
    if (!vnet.tag) throw new VnetSkipped('missing vxlan tag');
    if (!zone.peers) throw new VnetSkipped(`zone ${zone.id} has no peers (fabric underlays are not supported yet)`);
    const { remotes, mtu } = zoneTunnel(ctx, zone, zone.peers);
    const device = `vxlan_${vnet.id}`;

    ctx.ifaces.define(device, [
      opt('vxlan-id', vnet.tag),
      ...remotes,
      ...(zone['vxlan-port'] ? [opt('vxlan-port', zone['vxlan-port'])] : []),
      opt('mtu', mtu),
    ]);
    ctx.ifaces.define(vnet.id, vnetBridgeOptions(device, vnet, mtu));
  },
};
