/**
 * The IPAM contract: what every backend (built-in `pve`, NetBox, phpIPAM)
 * does, in the reference's vocabulary (add/update/delete subnet and IP, next
 * free IP, next free IP inside a DHCP range, IPs of a MAC).
 */
import type { ParsedCidr, ParsedIp } from '../model/ip.js';
import type { Subnet } from '../model/subnet.js';

export interface IpRange {
  readonly start: ParsedIp;
  readonly end: ParsedIp;
}

/** A subnet as the IPAM sees it: derived once from the validated model. */
export interface IpamSubnet {
  /** `<zone>-<network>-<prefix>` */
  readonly id: string;
  readonly zone: string;
  readonly vnet: string;
  readonly cidr: ParsedCidr;
  /** `network/prefix` as the id spells it: the key of the subnet in the IPAM database */
  readonly cidrText: string;
  readonly gateway?: ParsedIp;
  readonly dhcpRanges: readonly IpRange[];
  readonly dnszoneprefix?: string;
}

/** What is recorded with an address. */
export interface IpData {
  readonly mac?: string;
  readonly vmid?: string;
  readonly hostname?: string;
}

export interface IpEntry extends IpData {
  readonly ip: ParsedIp;
  readonly gateway?: boolean;
}

export interface MacIps {
  readonly ip4?: ParsedIp;
  readonly ip6?: ParsedIp;
}

export interface IpamBackend {
  readonly type: string;
  /** false when the backend cannot allocate inside a DHCP range and takes the subnet's first free address instead */
  readonly allocatesInRanges: boolean;
  addSubnet(subnet: IpamSubnet): Promise<void>;
  updateSubnet(subnet: IpamSubnet, old: IpamSubnet): Promise<void>;
  delSubnet(subnet: IpamSubnet): Promise<void>;
  /** Records `ip`; `isGateway` marks the subnet's gateway (may already exist as such). */
  addIp(subnet: IpamSubnet, ip: ParsedIp, data: IpData, isGateway?: boolean): Promise<void>;
  /** Changes what is recorded with `ip` (never the address itself). */
  updateIp(subnet: IpamSubnet, ip: ParsedIp, data: IpData, isGateway?: boolean): Promise<void>;
  /** Allocates the first free address of the subnet. */
  addNextFreeIp(subnet: IpamSubnet, data: IpData): Promise<ParsedIp>;
  /** Allocates the first free address of `range`; null when the range is full. */
  addRangeNextFreeIp(subnet: IpamSubnet, range: IpRange, data: IpData): Promise<ParsedIp | null>;
  delIp(subnet: IpamSubnet, ip: ParsedIp): Promise<void>;
  ipsFromMac(zone: string, mac: string): Promise<MacIps>;
}

/** A request the IPAM refuses (address taken, subnet full, unknown subnet …). */
export class IpamError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'IpamError';
    this.code = code;
  }
}

export function ipamSubnetOf(subnet: Subnet): IpamSubnet {
  const { gateway } = subnet;
  return {
    id: subnet.id,
    zone: subnet.zone,
    vnet: subnet.vnet,
    cidr: subnet.cidr,
    cidrText: subnet.cidrText,
    ...(gateway ? { gateway } : {}),
    dhcpRanges: subnet['dhcp-range'] ?? [],
    ...(subnet.dnszoneprefix ? { dnszoneprefix: subnet.dnszoneprefix } : {}),
  };
}
