/**
 * What a tunnelled zone's (VXLAN, EVPN) VNets get as MTU, and whether its
 * tunnels run over a WireGuard fabric, which sets their underlay MTU
 * (model/overlay-mtu.ts).
 */
import { DEFAULT_VXLAN_MTU, overlayMtu, WIREGUARD_DEFAULT_MTU } from '../model/overlay-mtu.js';
import type { LocalAddress } from '../ir/local-address.js';
import type { ZoneConfig, ZoneContext } from './plugin.js';

/** `fabric` when it is a WireGuard fabric of the config. */
export function wireguardFabric(config: ZoneConfig, fabric: string | undefined): string | undefined {
  return fabric !== undefined && config.fabrics.get(fabric)?.protocol === 'wireguard' ? fabric : undefined;
}

/**
 * The zone's own MTU, else what fits over its underlay: the outgoing
 * interface's MTU or, over a WireGuard fabric (`fabric`), the WireGuard
 * interface's, minus VXLAN's overhead; else VXLAN's default.
 */
export function tunnelMtu(ctx: ZoneContext, zoneMtu: number | undefined, local: LocalAddress, fabric: string | undefined): number {
  if (zoneMtu !== undefined) return zoneMtu;
  const underlayMtu = (local.iface ? ctx.interfaces.ifaces.get(local.iface)?.mtu : undefined) ?? (wireguardFabric(ctx.config, fabric) ? WIREGUARD_DEFAULT_MTU : undefined);
  return underlayMtu ? overlayMtu(underlayMtu) : DEFAULT_VXLAN_MTU;
}
