/** Whether a zone's VXLAN tunnels run over a WireGuard fabric, which sets their underlay MTU (model/overlay-mtu.ts). */
import type { ZoneConfig } from './plugin.js';

/** `fabric` when it is a WireGuard fabric of the config. */
export function wireguardFabric(config: ZoneConfig, fabric: string | undefined): string | undefined {
  return fabric !== undefined && config.fabrics.get(fabric)?.protocol === 'wireguard' ? fabric : undefined;
}
