/** Subnets grouped by VNet once, so rendering stays linear in the number of VNets. */
import type { Subnet } from '../model/subnet.js';
import type { VnetId } from '../model/values.js';

/** What the index reads of a config. */
export interface SubnetConfig {
  readonly subnets: ReadonlyMap<string, Subnet>;
}

export type SubnetsOf = (vnet: VnetId) => readonly Subnet[];

const NONE: readonly Subnet[] = Object.freeze([]);

// a config is immutable: the interfaces, FRR and DHCP renders of one node share one index
const indexes = new WeakMap<SubnetConfig, SubnetsOf>();

/** Subnets of a VNet in id order (the config map's order). */
export function subnetsByVnet(config: SubnetConfig): SubnetsOf {
  const cached = indexes.get(config);
  if (cached) return cached;
  const index = new Map<VnetId, Subnet[]>();
  for (const subnet of config.subnets.values()) {
    const list = index.get(subnet.vnet);
    if (list) list.push(subnet);
    else index.set(subnet.vnet, [subnet]);
  }
  const subnetsOf: SubnetsOf = (vnet) => index.get(vnet) ?? NONE;
  indexes.set(config, subnetsOf);
  return subnetsOf;
}
