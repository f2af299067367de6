/**
 * IP mappings of a VNet, what `/cluster/sdn/vnets/{vnet}/ips` does: create a
 * MAC → IP mapping (with no IP given, the next free addresses are allocated,
 * IPv4 and IPv6 together, and returned), move a MAC to another IP, delete a
 * mapping. Each is all-or-nothing across the IPAM, DNS and DHCP.
 */
import type { ParsedIp } from '../model/ip.js';
import { withCompensation } from '../util/compensation.js';
import { dnsPlan, registerDns, unregisterDns, verifyDnsZones } from './dns-steps.js';
import { addGuestNic, ensureSubnet, type NicAddresses } from './guest-nic.js';
import { PveIpam } from './pve.js';
import { checkHostname, checkMac, checkVmid, parseIpField, subnetOfIp, vnetScope, type IpServiceDeps, type VnetScope } from './service-context.js';
import type { IpData } from './types.js';

export interface MappingRequest {
  readonly vnet: string;
  readonly mac: string;
  readonly ip?: string;
  readonly vmid?: string | number;
  readonly hostname?: string;
}

async function refreshDhcp(deps: IpServiceDeps, scope: VnetScope): Promise<void> {
  if (scope.zone.dhcp && deps.dhcp) await deps.dhcp.reservationsChanged(scope.zone.id);
}

/** Records `mac` → `ip`; without `ip`, allocates the next free address of each IP version. */
export async function createMapping(deps: IpServiceDeps, req: MappingRequest): Promise<NicAddresses> {
  if (req.ip === undefined || req.ip === '') return addGuestNic(deps, { vnet: req.vnet, mac: req.mac, ...(req.vmid !== undefined ? { vmid: req.vmid } : {}), ...(req.hostname ? { hostname: req.hostname } : {}) });
  const scope = vnetScope(deps, req.vnet);
  const ip = parseIpField(req.ip);
  const mac = checkMac(req.mac);
  const vmid = checkVmid(req.vmid);
  const hostname = checkHostname(req.hostname);
  const subnet = subnetOfIp(scope, ip);
  const plan = dnsPlan(deps, scope.zone);
  if (hostname) await verifyDnsZones(plan, subnet, ip);
  await ensureSubnet(scope, subnet);
  const data: IpData = { mac, ...(vmid ? { vmid } : {}), ...(hostname ? { hostname } : {}) };
  await withCompensation(async (c) => {
    await c.step(`${ip.text} in ${subnet.cidrText}`, () => scope.ipam.addIp(subnet, ip, data), () => scope.ipam.delIp(subnet, ip));
    await registerDns(c, plan, subnet, hostname, ip);
    await refreshDhcp(deps, scope);
  });
  return ip.version === 4 ? { ip4: ip } : { ip6: ip };
}

/** Moves `mac` to `ip` (its old address of that IP version is released); the old mapping comes back on failure. */
export async function updateMapping(deps: IpServiceDeps, req: MappingRequest & { readonly ip: string }): Promise<ParsedIp> {
  const scope = vnetScope(deps, req.vnet);
  const ip = parseIpField(req.ip);
  const mac = checkMac(req.mac);
  const vmid = checkVmid(req.vmid);
  const subnet = subnetOfIp(scope, ip);
  const current = await scope.ipam.ipsFromMac(scope.zone.id, mac);
  const old = ip.version === 4 ? current.ip4 : current.ip6;
  if (old && old.value === ip.value) {
    // the reference deletes and re-adds the entry: it records the request's vmid (set or dropped); the
    // hostname stays, as its DNS records do; the DHCP reservation (MAC and address) is unchanged
    const kept = scope.ipam instanceof PveIpam ? await scope.ipam.entry(subnet, ip) : undefined;
    await scope.ipam.updateIp(subnet, ip, { mac, ...(vmid ? { vmid } : {}), ...(kept?.hostname ? { hostname: kept.hostname } : {}) });
    return ip;
  }
  await ensureSubnet(scope, subnet);
  await withCompensation(async (c) => {
    if (old) {
      const oldSubnet = subnetOfIp(scope, old);
      const kept = scope.ipam instanceof PveIpam ? await scope.ipam.entry(oldSubnet, old) : undefined;
      const restore: IpData = { mac, ...(kept?.vmid ? { vmid: kept.vmid } : vmid ? { vmid } : {}), ...(kept?.hostname ? { hostname: kept.hostname } : {}) };
      await c.step(`release ${old.text}`, () => scope.ipam.delIp(oldSubnet, old), () => scope.ipam.addIp(oldSubnet, old, restore));
    }
    await c.step(`${ip.text} in ${subnet.cidrText}`, () => scope.ipam.addIp(subnet, ip, { mac, ...(vmid ? { vmid } : {}) }), () => scope.ipam.delIp(subnet, ip));
    await refreshDhcp(deps, scope);
  });
  return ip;
}

/** Deletes the mapping of `ip` (and its DNS records when `hostname` names them). */
export async function deleteMapping(deps: IpServiceDeps, req: MappingRequest & { readonly ip: string }): Promise<void> {
  const scope = vnetScope(deps, req.vnet);
  const ip = parseIpField(req.ip);
  checkMac(req.mac);
  const subnet = subnetOfIp(scope, ip);
  const stored = scope.ipam instanceof PveIpam ? await scope.ipam.entry(subnet, ip) : undefined;
  const hostname = checkHostname(req.hostname) ?? stored?.hostname;
  const plan = dnsPlan(deps, scope.zone);
  await withCompensation(async (c) => {
    await unregisterDns(c, plan, subnet, hostname, ip);
    const restore: IpData = { mac: req.mac, ...(stored?.vmid ? { vmid: stored.vmid } : {}), ...(hostname ? { hostname } : {}) };
    await c.step(`delete ${ip.text}`, () => scope.ipam.delIp(subnet, ip), () => scope.ipam.addIp(subnet, ip, restore));
    await refreshDhcp(deps, scope);
  });
}
