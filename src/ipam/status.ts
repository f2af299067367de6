/**
 * The built-in IPAM's status: each address it records, with the VNet of
 * the running config its subnet belongs to. The reference lists only the
 * zones with DHCP; Weft lists every zone of the built-in IPAM (its web UI
 * shows all mappings).
 */
import type { SdnConfig } from '../sections/sdn-config.js';
import { parseCidr } from '../model/ip.js';
import { BUILTIN_IPAM } from '../model/ipam.js';
import { subnetIdFor } from '../model/subnet.js';
import type { PveIpamRecord } from './pve.js';
import type { IpamEntry } from './status-entry.js';
import { recordOf } from '../sections/section-ids.js';

/** `records` in their order, those of a zone on the built-in IPAM whose subnet the config has; who may see which is the caller's filter. */
export function builtinIpamStatus(config: SdnConfig, records: readonly PveIpamRecord[]): IpamEntry[] {
  const out: IpamEntry[] = [];
  for (const r of records) {
    const zone = recordOf('zones', config.zones, r.zone);
    if (!zone || zone.ipam !== BUILTIN_IPAM) continue;
    const vnet = parseCidr(r.subnet) ? config.subnets.get(subnetIdFor(r.zone, r.subnet))?.vnet : undefined;
    if (!vnet) continue;
    out.push({
      zone: r.zone,
      subnet: r.subnet,
      vnet,
      ip: r.ip.text,
      ...(r.gateway ? { gateway: 1 as const } : {}),
      ...(r.vmid !== undefined && /^\d+$/.test(r.vmid) ? { vmid: Number(r.vmid) } : {}),
      ...(r.mac !== undefined ? { mac: r.mac } : {}),
      ...(r.hostname !== undefined ? { hostname: r.hostname } : {}),
    });
  }
  return out;
}
