/**
 * Null routes of an exit node, per zone: every subnet of every other zone is
 * blackholed in the zone's VRF, so traffic between zones never loops through
 * the exit node. Built once per render; each zone's list is a filter of it.
 */
import type { IpVersion } from '../model/ip.js';
import type { IpRoute } from '../frr/ir.js';
import type { SubnetConfig } from '../ir/subnet-index.js';

interface Network {
  readonly value: bigint;
  readonly version: IpVersion;
  /** the route from the last subnet with this address */
  last: { readonly zone: string; readonly route: IpRoute };
  /** the route from the last subnet with this address in another zone than `last` */
  lastOther?: IpRoute;
}

/**
 * The reference keys the routes by the address as the subnet id writes it
 * (the last subnet's prefix length wins) and orders them numerically. For a
 * zone, each address yields the last subnet outside the zone: `last`, or
 * `lastOther` when `last` is the zone's own.
 */
export function nullRouteIndex(config: SubnetConfig): (zone: string) => IpRoute[] {
  const networks = new Map<string, Network>();
  for (const s of config.subnets.values()) {
    const address = s.cidrText.slice(0, s.cidrText.indexOf('/'));
    const route: IpRoute = { ipv6: s.cidr.version === 6, prefix: `${address}/${s.cidr.prefix}`, via: 'null0' };
    const n = networks.get(address);
    if (!n) networks.set(address, { value: s.cidr.address.value, version: s.cidr.version, last: { zone: s.zone, route } });
    else {
      if (n.last.zone !== s.zone) n.lastOther = n.last.route;
      n.last = { zone: s.zone, route };
    }
  }
  const ordered = [...networks.values()].sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : a.version - b.version));
  return (zone) => {
    const routes: IpRoute[] = [];
    for (const n of ordered) {
      const route = n.last.zone !== zone ? n.last.route : n.lastOther;
      if (route) routes.push(route);
    }
    return routes;
  };
}
