/**
 * Null routes of an exit node, per zone: every subnet of every other zone is
 * blackholed in the zone's VRF, so traffic between zones never loops through
 * the exit node. Built once per render; each zone's list is a filter of it.
 */
import type { SdnConfig } from '../model/config.js';
import type { IpVersion } from '../model/ip.js';
import type { IpRoute } from '../frr/ir.js';
import { byteOrder } from '../render/ifupdown/ir.js';

interface Network {
  readonly address: string;
  readonly value: bigint;
  readonly version: IpVersion;
  /** (zone, prefix) of each subnet with this address, in subnet id order */
  readonly subnets: { readonly zone: string; readonly prefix: number }[];
}

/**
 * The reference keys the routes by the address as the subnet id writes it
 * (the last subnet's prefix length wins) and orders them numerically.
 */
export function nullRouteIndex(config: SdnConfig): (zone: string) => IpRoute[] {
  const networks = new Map<string, Network>();
  for (const id of [...config.subnets.keys()].sort(byteOrder)) {
    const s = config.subnets.get(id);
    if (!s) continue;
    const address = s.cidrText.slice(0, s.cidrText.indexOf('/'));
    const n = networks.get(address) ?? { address, value: s.cidr.address.value, version: s.cidr.version, subnets: [] };
    n.subnets.push({ zone: s.zone, prefix: s.cidr.prefix });
    networks.set(address, n);
  }
  const ordered = [...networks.values()].sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : a.version - b.version));
  return (zone) => {
    const routes: IpRoute[] = [];
    for (const n of ordered) {
      const last = n.subnets.findLast((s) => s.zone !== zone);
      if (last) routes.push({ ipv6: n.version === 6, prefix: `${n.address}/${last.prefix}`, via: 'null0' });
    }
    return routes;
  };
}
