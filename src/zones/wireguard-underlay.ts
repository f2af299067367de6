/** The WireGuard fabric a zone's VXLAN tunnels run over, which sets their underlay MTU (model/overlay-mtu.ts). */
import type { Zone } from '../model/zone.js';
import type { ZoneConfig } from './plugin.js';

/** The WireGuard fabric a VXLAN zone (`fabric`) or EVPN zone (its controller's `fabric`) tunnels over, if any. */
export function wireguardUnderlay(config: ZoneConfig, zone: Zone): string | undefined {
  let fabric: string | undefined;
  if (zone.type === 'vxlan') fabric = zone.fabric;
  else if (zone.type === 'evpn') {
    const controller = config.controllers.get(zone.controller);
    fabric = controller?.type === 'evpn' ? controller.fabric : undefined;
  }
  return fabric !== undefined && config.fabrics.get(fabric)?.protocol === 'wireguard' ? fabric : undefined;
}
