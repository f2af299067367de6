/**
 * What the IP services (guest NICs, VNet IP mappings, subnet hooks) work
 * from: the running config, the IPAM and DNS backends its zones name, and
 * who to tell when a DHCP zone's reservations changed. Input checks name the
 * field at fault.
 */
import { dnsBackend, type DnsContext } from '../dns/index.js';
import type { DnsBackend } from '../dns/types.js';
import type { SdnConfig } from '../sections/sdn-config.js';
import { checkFormat } from '../model/formats.js';
import { BUILTIN_IPAM } from '../model/ipam.js';
import { cidrContains, parseIp, type IpVersion, type ParsedIp } from '../model/ip.js';
import type { Vnet } from '../model/vnet.js';
import type { Zone } from '../zones/kind.js';
import { ipamBackend, type IpamContext } from './index.js';
import { ipamSubnetOf, IpamError, type IpamBackend, type IpamSubnet } from './types.js';
import { recordOf } from '../sections/section-ids.js';

/** Told when the reservations of a DHCP zone changed (the agent re-renders `ethers` and reloads dnsmasq). */
export interface DhcpNotifier {
  reservationsChanged(zone: string): Promise<void>;
}

export interface IpServiceDeps {
  /** the running config */
  readonly config: () => SdnConfig;
  readonly ipamFor: (zone: Zone) => IpamBackend | null;
  readonly dnsFor: (id: string) => DnsBackend;
  readonly dhcp?: DhcpNotifier;
}

/** Backends as the config names them: `ipams.cfg` sections (the built-in `pve` needs none) and `dns.cfg` sections. */
export function configBackends(config: () => SdnConfig, ctx: IpamContext & DnsContext): Pick<IpServiceDeps, 'ipamFor' | 'dnsFor'> {
  return {
    ipamFor(zone) {
      if (!zone.ipam) return null;
      const section = config().ipams.get(zone.ipam) ?? (zone.ipam === BUILTIN_IPAM ? { id: BUILTIN_IPAM, type: BUILTIN_IPAM } : undefined);
      if (!section) throw new IpamError('unknown-ipam', `zones.${zone.id}.ipam: ipam '${zone.ipam}' does not exist`);
      return ipamBackend(section, ctx);
    },
    dnsFor(id) {
      const section = config().dns.get(id);
      if (!section) throw new IpamError('unknown-dns', `dns server '${id}' does not exist`);
      return dnsBackend(section, ctx);
    },
  };
}

/** A VNet with its zone, IPAM and subnets, resolved once per operation. */
export interface VnetScope {
  readonly vnet: Vnet;
  readonly zone: Zone;
  readonly ipam: IpamBackend;
  readonly subnets: readonly IpamSubnet[];
}

export function vnetScope(deps: IpServiceDeps, vnetId: string): VnetScope {
  const config = deps.config();
  const vnet = recordOf('vnets', config.vnets, vnetId);
  if (!vnet) throw new IpamError('unknown-vnet', `vnet: sdn vnet '${vnetId}' does not exist`);
  const zone = config.zones.get(vnet.zone);
  if (!zone) throw new IpamError('unknown-zone', `vnet: zone '${vnet.zone}' of vnet '${vnetId}' does not exist`);
  const ipam = deps.ipamFor(zone);
  if (!ipam) throw new IpamError('no-ipam', `vnet: zone '${zone.id}' of vnet '${vnetId}' has no IPAM`);
  const subnets = [...config.subnets.values()]
    .filter((s) => s.vnet === vnetId)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map(ipamSubnetOf);
  return { vnet, zone, ipam, subnets };
}

export function subnetOfIp(scope: VnetScope, ip: ParsedIp): IpamSubnet {
  const subnet = scope.subnets.find((s) => cidrContains(s.cidr, ip));
  if (!subnet) throw new IpamError('no-subnet', `ip: can't find any subnet for ip ${ip.text} in vnet '${scope.vnet.id}'`);
  return subnet;
}

export function versionsOf(scope: VnetScope): IpVersion[] {
  return ([4, 6] as const).filter((v) => scope.subnets.some((s) => s.cidr.version === v));
}

export function parseIpField(value: string, field = 'ip'): ParsedIp {
  const ip = parseIp(value);
  if (!ip) throw new IpamError('bad-input', `${field}: '${value}' is not a valid IP address`);
  return ip;
}

export function checkMac(value: string, field = 'mac'): string {
  const problem = checkFormat('mac-addr', value);
  if (problem) throw new IpamError('bad-input', `${field}: ${problem}`);
  return value;
}

export function checkHostname(value: string | undefined, field = 'hostname'): string | undefined {
  if (value === undefined || value === '') return undefined;
  const problem = checkFormat('dns-name', value);
  if (problem) throw new IpamError('bad-input', `${field}: ${problem}`);
  return value;
}

export function checkVmid(value: string | number | undefined, field = 'vmid'): string | undefined {
  if (value === undefined || value === '') return undefined;
  const text = String(value);
  if (!/^[1-9][0-9]{2,8}$/.test(text)) throw new IpamError('bad-input', `${field}: '${text}' is not a guest id (100 - 999999999)`);
  return text;
}
