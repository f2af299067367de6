/**
 * A guest NIC's addresses over its lifetime. Adding a NIC allocates one
 * address per IP version the VNet has subnets for (inside the subnets' DHCP
 * ranges when they have some), registers the DNS records and refreshes the
 * zone's DHCP reservations: all of it or none of it. Each change registers
 * its undo, so a failure part-way (IPv6 subnet full, DNS server down, …)
 * leaves no address or record behind. Removing a NIC is the mirror image.
 */
import type { IpVersion, ParsedIp } from '../model/ip.js';
import { withCompensation, type Compensation } from '../util/compensation.js';
import { dnsPlan, registerDns, unregisterDns, verifyDnsZones, type DnsPlan } from './dns-steps.js';
import { PveIpam, type AddressChoice, type Allocation } from './pve.js';
import { checkHostname, checkMac, checkVmid, parseIpField, subnetOfIp, versionsOf, vnetScope, type IpServiceDeps, type VnetScope } from './service-context.js';
import { IpamError, type IpamSubnet, type IpData, type IpRange, type MacIps } from './types.js';

export interface NicRequest {
  readonly vnet: string;
  readonly mac: string;
  readonly hostname?: string;
  readonly vmid?: string | number;
  /** fixed addresses instead of the next free ones */
  readonly ip4?: string;
  readonly ip6?: string;
}

export interface NicAddresses {
  readonly ip4?: ParsedIp;
  readonly ip6?: ParsedIp;
}

/** Makes sure the built-in IPAM knows the subnet (and its gateway) before use. */
export async function ensureSubnet(scope: VnetScope, subnet: IpamSubnet): Promise<void> {
  if (scope.ipam instanceof PveIpam) await scope.ipam.ensureSubnet(subnet);
}

/** Allocates an address of `version`: the requested one, else the first free one in subnet id order. */
async function allocate(scope: VnetScope, version: IpVersion, data: IpData, requested: ParsedIp | undefined): Promise<{ subnet: IpamSubnet; ip: ParsedIp }> {
  if (requested) {
    if (requested.version !== version) throw new IpamError('bad-input', `ip${version}: '${requested.text}' is not an IPv${version} address`);
    const subnet = subnetOfIp(scope, requested);
    await ensureSubnet(scope, subnet);
    await scope.ipam.addIp(subnet, requested, data);
    return { subnet, ip: requested };
  }
  for (const subnet of scope.subnets.filter((s) => s.cidr.version === version)) {
    await ensureSubnet(scope, subnet);
    if (subnet.dhcpRanges.length > 0) {
      for (const range of subnet.dhcpRanges) {
        const ip = await scope.ipam.addRangeNextFreeIp(subnet, range, data);
        if (ip) return { subnet, ip };
      }
      continue;
    }
    try {
      return { subnet, ip: await scope.ipam.addNextFreeIp(subnet, data) };
    } catch (e) {
      if (!(e instanceof IpamError && e.code === 'subnet-full')) throw e;
    }
  }
  throw new IpamError('no-free-ip', `can't find any free ip in zone ${scope.zone.id} for IPv${version}`);
}

/** The addresses of `versions` from the built-in IPAM in one transaction: every version's or none. */
async function allocateTogether(scope: VnetScope, ipam: PveIpam, versions: readonly IpVersion[], data: IpData, requested: Readonly<Record<IpVersion, ParsedIp | undefined>>): Promise<Allocation[]> {
  const choices = versions.map((version): AddressChoice => {
    const want = requested[version];
    if (want) {
      if (want.version !== version) throw new IpamError('bad-input', `ip${version}: '${want.text}' is not an IPv${version} address`);
      return { subnet: subnetOfIp(scope, want), ip: want };
    }
    const subnets = scope.subnets.filter((s) => s.cidr.version === version);
    const candidates = subnets.flatMap((subnet) => (subnet.dhcpRanges.length > 0 ? subnet.dhcpRanges : [null]).map((range: IpRange | null) => ({ subnet, range })));
    return { candidates, none: `can't find any free ip in zone ${scope.zone.id} for IPv${version}` };
  });
  for (const choice of choices) for (const subnet of 'ip' in choice ? [choice.subnet] : choice.candidates.map((c) => c.subnet)) await ipam.ensureSubnet(subnet);
  return ipam.addIpsTogether(choices, data);
}

/** Registers the refresh of the zone's DHCP first, so on failure it runs last, after every other undo. */
function refreshDhcpAfter(c: Compensation, deps: IpServiceDeps, scope: VnetScope): () => Promise<void> {
  const dhcp = deps.dhcp;
  if (!scope.zone.dhcp || !dhcp) return async () => {};
  const refresh = (): Promise<void> => dhcp.reservationsChanged(scope.zone.id);
  c.done(`DHCP reservations of zone ${scope.zone.id}`, refresh);
  return refresh;
}

export async function addGuestNic(deps: IpServiceDeps, req: NicRequest): Promise<NicAddresses> {
  const scope = vnetScope(deps, req.vnet);
  const mac = checkMac(req.mac);
  const hostname = checkHostname(req.hostname);
  const vmid = checkVmid(req.vmid);
  const requested = { 4: req.ip4 ? parseIpField(req.ip4, 'ip4') : undefined, 6: req.ip6 ? parseIpField(req.ip6, 'ip6') : undefined };
  const data: IpData = { mac, ...(vmid ? { vmid } : {}), ...(hostname ? { hostname } : {}) };
  const plan = dnsPlan(deps, scope.zone);
  const have = await scope.ipam.ipsFromMac(scope.zone.id, mac);
  const versions = versionsOf(scope).filter((v) => !(v === 4 ? have.ip4 : have.ip6));
  if (hostname) for (const v of versions) await verifyDnsZones(plan, scope.subnets.find((s) => s.cidr.version === v) as IpamSubnet, requested[v] ?? null);

  return withCompensation(async (c) => {
    const refresh = refreshDhcpAfter(c, deps, scope);
    const got: { ip4?: ParsedIp; ip6?: ParsedIp } = { ...have };
    const undo = ({ subnet, ip }: Allocation) => c.done(`IPv${ip.version} ${ip.text} in ${subnet.cidrText}`, () => scope.ipam.delIp(subnet, ip));
    // the built-in IPAM records both versions at once, so no server crash leaves one without the other
    const together = scope.ipam instanceof PveIpam ? await allocateTogether(scope, scope.ipam, versions, data, requested) : [];
    together.forEach(undo);
    for (const version of versions) {
      let allocation = together.find((a) => a.ip.version === version);
      if (!allocation) undo((allocation = await allocate(scope, version, data, requested[version])));
      const { subnet, ip } = allocation;
      await registerDns(c, plan, subnet, hostname, ip);
      if (version === 4) got.ip4 = ip;
      else got.ip6 = ip;
    }
    if (versions.length > 0) await refresh();
    return got;
  });
}

async function removeOne(c: Compensation, scope: VnetScope, plan: DnsPlan, ip: ParsedIp, data: IpData): Promise<void> {
  const subnet = subnetOfIp(scope, ip);
  const stored = scope.ipam instanceof PveIpam ? await scope.ipam.entry(subnet, ip) : undefined;
  const hostname = stored?.hostname ?? data.hostname;
  const restore: IpData = { ...data, ...(stored?.vmid ? { vmid: stored.vmid } : {}), ...(hostname ? { hostname } : {}) };
  await unregisterDns(c, plan, subnet, hostname, ip);
  await c.step(`delete ${ip.text} from the IPAM`, () => scope.ipam.delIp(subnet, ip), () => scope.ipam.addIp(subnet, ip, restore));
}

export async function removeGuestNic(deps: IpServiceDeps, req: Pick<NicRequest, 'vnet' | 'mac' | 'hostname'>): Promise<MacIps> {
  const scope = vnetScope(deps, req.vnet);
  const mac = checkMac(req.mac);
  const hostname = checkHostname(req.hostname);
  const plan = dnsPlan(deps, scope.zone);
  const ips = await scope.ipam.ipsFromMac(scope.zone.id, mac);
  const data: IpData = { mac, ...(hostname ? { hostname } : {}) };
  return withCompensation(async (c) => {
    const refresh = refreshDhcpAfter(c, deps, scope);
    for (const ip of [ips.ip4, ips.ip6]) if (ip) await removeOne(c, scope, plan, ip, data);
    if (ips.ip4 || ips.ip6) await refresh();
    return ips;
  });
}
