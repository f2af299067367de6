/**
 * DNS registration of an address as steps on a revert stack: the A/AAAA
 * record in the zone's `dnszone` (through `dns`) and the PTR in the reverse
 * zone (through `reversedns`), each undone if a later step fails. Names get
 * the subnet's `dnszoneprefix` (`vm1` → `vm1.adm` in `example.com`).
 */
import type { DnsBackend } from '../dns/types.js';
import type { ParsedIp } from '../model/ip.js';
import type { Zone } from '../zones/kind.js';
import type { Compensation } from '../util/compensation.js';
import type { IpServiceDeps } from './service-context.js';
import type { IpamSubnet } from './types.js';

export interface DnsPlan {
  readonly forward?: { readonly backend: DnsBackend; readonly zone: string };
  readonly reverse?: DnsBackend;
}

/** What DNS a zone registers in (nothing without `dns` and `dnszone`). */
export function dnsPlan(deps: IpServiceDeps, zone: Zone): DnsPlan {
  if (!zone.dns || !zone.dnszone) return {};
  return {
    forward: { backend: deps.dnsFor(zone.dns), zone: zone.dnszone },
    ...(zone.reversedns ? { reverse: deps.dnsFor(zone.reversedns) } : {}),
  };
}

export function dnsName(subnet: IpamSubnet, hostname: string): string {
  return subnet.dnszoneprefix ? `${hostname}.${subnet.dnszoneprefix}` : hostname;
}

/** Fails before anything changes when a zone the records go to is missing (the reference checks first too). */
export async function verifyDnsZones(plan: DnsPlan, subnet: IpamSubnet, ip: ParsedIp | null): Promise<void> {
  if (!plan.forward) return;
  await plan.forward.backend.verifyZone(plan.forward.zone);
  // an IPv6 reverse zone depends on the subnet only: checkable before the address is known
  const probe = ip ?? (subnet.cidr.version === 6 ? subnet.cidr.address : null);
  if (plan.reverse && probe) await plan.reverse.verifyZone(plan.reverse.reverseZone(subnet.cidr, probe));
}

export async function registerDns(c: Compensation, plan: DnsPlan, subnet: IpamSubnet, hostname: string | undefined, ip: ParsedIp): Promise<void> {
  if (!plan.forward || !hostname) return;
  const { backend, zone } = plan.forward;
  const name = dnsName(subnet, hostname);
  await c.step(`${ip.version === 6 ? 'AAAA' : 'A'} record ${name}.${zone} → ${ip.text}`, () => backend.addARecord(zone, name, ip), () => backend.delARecord(zone, name, ip));
  const reverse = plan.reverse;
  if (!reverse) return;
  const rzone = reverse.reverseZone(subnet.cidr, ip);
  await c.step(`PTR record of ${ip.text} in ${rzone}`, () => reverse.addPtrRecord(rzone, `${name}.${zone}`, ip), () => reverse.delPtrRecord(rzone, ip));
}

export async function unregisterDns(c: Compensation, plan: DnsPlan, subnet: IpamSubnet, hostname: string | undefined, ip: ParsedIp): Promise<void> {
  if (!plan.forward || !hostname) return;
  const { backend, zone } = plan.forward;
  const name = dnsName(subnet, hostname);
  const reverse = plan.reverse;
  if (reverse) {
    const rzone = reverse.reverseZone(subnet.cidr, ip);
    await c.step(`delete PTR record of ${ip.text}`, () => reverse.delPtrRecord(rzone, ip), () => reverse.addPtrRecord(rzone, `${name}.${zone}`, ip));
  }
  await c.step(`delete ${ip.version === 6 ? 'AAAA' : 'A'} record ${name}.${zone}`, () => backend.delARecord(zone, name, ip), () => backend.addARecord(zone, name, ip));
}
