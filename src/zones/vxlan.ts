/**
 * VXLAN zone: each VNet is a bridge over a VXLAN device with static
 * head-end replication to every peer but this node.
 */
import { writtenAddrs } from '../model/format-values.js';
import { fabricUnderlay } from '../fabrics/underlay.js';
import { DEFAULT_VXLAN_MTU, overlayMtu, WIREGUARD_DEFAULT_MTU } from '../model/overlay-mtu.js';
import { wireguardUnderlay } from './wireguard-underlay.js';
import type { VxlanZone } from '../model/zone.js';
import { opt, type IfaceOption } from '../ir/ifupdown/ir.js';
import { localAddress, type LocalAddress } from '../ir/local-address.js';
import { vnetBridgeOptions, vnetBridgeValues } from './bridge.js';
import { ok, skipped, type Outcome } from '../ir/skip.js';
import type { ZoneContext, ZonePlugin } from './plugin.js';


interface ZoneTunnel {
  readonly remotes: readonly IfaceOption[];
  readonly mtu: number;
}

/** Peers and the local endpoint: listed, or every node of the underlay fabric. */
function zoneEndpoints(ctx: ZoneContext, zone: VxlanZone): Outcome<{ peers: readonly string[]; local: LocalAddress }> {
  if (zone.fabric === undefined) {
    const peers = writtenAddrs(zone.peers);
    return ok({ peers, local: localAddress(peers, undefined, ctx.interfaces, ctx.facts) });
  }
  const underlay = fabricUnderlay(ctx.config.fabrics, zone.fabric, ctx.facts.nodename);
  if ('problem' in underlay) return skipped(`could not configure VXLAN zone ${zone.id}: ${underlay.problem}`);
  return ok({ peers: underlay.peers, local: { ip: underlay.local } });
}

function newZoneTunnel(ctx: ZoneContext, zone: VxlanZone): Outcome<ZoneTunnel> {
  const endpoints = zoneEndpoints(ctx, zone);
  if (endpoints.kind === 'skipped') return endpoints;
  const { peers, local } = endpoints.value;
  // the outgoing interface's MTU, or over a WireGuard fabric the WireGuard interface's
  const underlayMtu = (local.iface ? ctx.interfaces.ifaces.get(local.iface)?.mtu : undefined) ?? (wireguardUnderlay(ctx.config, zone) ? WIREGUARD_DEFAULT_MTU : undefined);
  return ok({
    remotes: peers.filter((p) => p !== local.ip).map((p) => opt('vxlan_remoteip', p)),
    mtu: zone.mtu ?? (underlayMtu ? overlayMtu(underlayMtu) : DEFAULT_VXLAN_MTU),
  });
}

/** Peers and MTU (or why the zone cannot be set up) are per zone: worked out once per render, not once per VNet. */
function zoneTunnel(ctx: ZoneContext, zone: VxlanZone): Outcome<ZoneTunnel> {
  const cached = ctx.zoneMemo.get(zone.id) as Outcome<ZoneTunnel> | undefined;
  if (cached) return cached;
  const tunnel = newZoneTunnel(ctx, zone);
  ctx.zoneMemo.set(zone.id, tunnel);
  return tunnel;
}

export const vxlanPlugin: ZonePlugin<VxlanZone> = {
  type: 'vxlan',
  generateVnet(ctx, zone, vnet) {
    if (!vnet.tag) return skipped('missing vxlan tag');
    const tunnel = zoneTunnel(ctx, zone);
    if (tunnel.kind === 'skipped') return tunnel;
    const { remotes, mtu } = tunnel.value;
    const device = `vxlan_${vnet.id}`;

    const options = [opt('vxlan-id', vnet.tag)];
    for (const r of remotes) options.push(r);
    if (zone['vxlan-port']) options.push(opt('vxlan-port', zone['vxlan-port']));
    options.push(opt('mtu', mtu));
    ctx.ifaces.define(device, options);
    ctx.ifaces.define(vnet.id, vnetBridgeOptions(device, vnet, mtu), vnetBridgeValues(null, mtu));
  },
};
