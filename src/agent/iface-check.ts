/**
 * After a reload, checks that each VNet of the node really exists in the
 * kernel and is up. The reference asks `ifquery -c` whether the VNet is in
 * the generated config; here the agent wrote that file itself, so the live
 * bridge is what tells whether the VNet can carry guests.
 */
import type { IpLink } from './links.js';

/** What is wrong with VNet `vnet` on the node, in the reference's wording ("missing <iface>"). */
export function vnetProblems(vnet: string, links: readonly IpLink[]): string[] {
  const link = links.find((l) => l.ifname === vnet);
  if (!link) return [`missing ${vnet}`];
  return link.flags?.includes('UP') ? [] : [`${vnet} is down`];
}
