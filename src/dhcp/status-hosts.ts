/** DHCP reservations from the API's `/cluster/sdn/ipams/pve/status` answer (for agents that talk to the server). */
import { parseIp } from '../model/ip.js';
import type { DhcpHost } from './plan.js';

export function dhcpHostsOfStatus(entries: unknown): (zone: string) => readonly DhcpHost[] {
  const byZone = new Map<string, Map<string, { ip4?: string; ip6?: string }>>();
  for (const e of Array.isArray(entries) ? (entries as Array<Record<string, unknown>>) : []) {
    if (typeof e.zone !== 'string' || typeof e.mac !== 'string' || typeof e.ip !== 'string' || e.gateway) continue;
    const ip = parseIp(e.ip);
    if (!ip) continue;
    const hosts = byZone.get(e.zone) ?? new Map<string, { ip4?: string; ip6?: string }>();
    byZone.set(e.zone, hosts);
    const mac = e.mac.toLowerCase();
    const h = hosts.get(mac) ?? {};
    if (ip.version === 4) h.ip4 ??= ip.text;
    else h.ip6 ??= ip.text;
    hosts.set(mac, h);
  }
  return (zone) => [...(byZone.get(zone) ?? [])].map(([mac, h]) => ({ mac, ...h }));
}
