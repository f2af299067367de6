/** Subnets grouped by VNet once, so rendering stays linear in the number of VNets. */
import type { SdnConfig } from '../model/config.js';
import type { Subnet } from '../model/subnet.js';
import { byteOrder } from './ifupdown/ir.js';

export function subnetsByVnet(config: SdnConfig): (vnet: string) => readonly Subnet[] {
  const index = new Map<string, Subnet[]>();
  for (const id of [...config.subnets.keys()].sort(byteOrder)) {
    const subnet = config.subnets.get(id) as Subnet;
    const list = index.get(subnet.vnet);
    if (list) list.push(subnet);
    else index.set(subnet.vnet, [subnet]);
  }
  return (vnet) => index.get(vnet) ?? [];
}
