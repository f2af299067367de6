/** DHCP reservations from the built-in IPAM: per zone, each MAC's first IPv4 and first IPv6 address. */
import type { PveIpamDb } from './pve-db.js';
import type { DhcpHost } from '../dhcp/plan.js';

export type HostsOf = (zone: string) => readonly DhcpHost[];

export function dhcpHostsByZone(db: PveIpamDb): Map<string, DhcpHost[]> {
  const byZone = new Map<string, DhcpHost[]>();
  for (const [zone, pools] of db.zones()) {
    const hosts = new Map<string, { ip4?: string; ip6?: string }>();
    for (const cidr of [...pools.keys()].sort()) {
      for (const [ip, entry] of pools.get(cidr)?.list() ?? []) {
        if (!entry.mac || entry.gateway) continue;
        const mac = entry.mac.toLowerCase();
        const h = hosts.get(mac) ?? {};
        if (ip.version === 4) h.ip4 ??= ip.text;
        else h.ip6 ??= ip.text;
        hosts.set(mac, h);
      }
    }
    byZone.set(zone, [...hosts].map(([mac, h]) => ({ mac, ...h })));
  }
  return byZone;
}

export function dhcpHostsOf(db: PveIpamDb): HostsOf {
  const byZone = dhcpHostsByZone(db);
  return (zone) => byZone.get(zone) ?? [];
}
