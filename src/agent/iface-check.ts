/**
 * After a reload, checks that each VNet of the node really exists in the
 * kernel and is up. The reference asks `ifquery -c` whether the VNet is in
 * the generated config; here the agent wrote that file itself, so the live
 * bridge is what tells whether the VNet can carry guests.
 */
import type { IpLink } from './links.js';

/** The node's links by name (a node of thousands of VNets has as many links: asked per VNet, a list would be searched per VNet). */
export const linksByName = (links: readonly IpLink[]): ReadonlyMap<string, IpLink> => new Map(links.map((l) => [l.ifname, l]));

/** What is wrong with VNet `vnet` on the node, in the reference's wording ("missing <iface>"). */
export function vnetProblems(vnet: string, links: ReadonlyMap<string, IpLink>): string[] {
  const link = links.get(vnet);
  if (!link) return [`missing ${vnet}`];
  return link.flags?.includes('UP') ? [] : [`${vnet} is down`];
}
