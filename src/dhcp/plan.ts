/**
 * Which zones, VNets and subnets get DHCP on a node, as data (the IR the DHCP
 * plugins serialize). A zone with `dhcp` set serves every subnet whose
 * gateway the node's rendered interfaces put on the VNet bridge: any zone
 * type, not only simple zones as in the reference, because a DHCP server can
 * only answer on a bridge where the node has an address in the subnet.
 */
import type { SdnConfig } from '../sections/sdn-config.js';
import type { IpVersion } from '../model/ip.js';
import { parseIp } from '../model/ip.js';
import { issue, type Issue } from '../model/issues.js';
import type { Subnet } from '../model/subnet.js';
import type { VnetId } from '../model/values.js';
import type { Zone } from '../zones/kind.js';
import type { Iface, VnetBridge } from '../ir/ifupdown/ir.js';
import { zoneAppliesTo } from '../model/zone-nodes.js';
import { subnetsByVnet } from '../ir/subnet-index.js';
import type { NodeName } from '../model/values.js';

export const DEFAULT_MTU = 1500;

export interface DhcpSubnet {
  /** the subnet id: dnsmasq's tag for its options */
  readonly tag: string;
  readonly version: IpVersion;
  /** network address as the id spells it */
  readonly network: string;
  readonly prefix: number;
  readonly gateway: string;
  readonly dnsServer?: string;
}

export interface DhcpVnet {
  readonly vnet: string;
  readonly subnets: readonly DhcpSubnet[];
}

/** A MAC → address reservation from the IPAM. */
export interface DhcpHost {
  readonly mac: string;
  readonly ip4?: string;
  readonly ip6?: string;
}

export interface DhcpZone {
  readonly zone: string;
  readonly type: NonNullable<Zone['dhcp']>;
  readonly mtu: number;
  readonly vnets: readonly DhcpVnet[];
  /** null when the reservations are not known here: the `ethers` file is then left as it is */
  readonly hosts: readonly DhcpHost[] | null;
}

export interface DhcpPlanInput {
  readonly config: SdnConfig;
  readonly nodename: NodeName;
  /** the node's rendered interfaces */
  readonly ifaces: readonly Iface[];
  /** reservations of a zone, from its IPAM; absent when not known */
  readonly hosts?: (zone: string) => readonly DhcpHost[];
}

/** The bridge's addresses in their canonical form (a gateway may be spelled otherwise). */
function bridgeAddresses(bridge: VnetBridge | undefined): Set<string> {
  const out = new Set<string>();
  for (const address of bridge?.addresses ?? []) {
    const ip = parseIp(address);
    if (ip) out.add(ip.text);
  }
  return out;
}

function dhcpSubnet(subnet: Subnet, gateway: string): DhcpSubnet {
  return {
    tag: subnet.id,
    version: subnet.cidr.version,
    network: subnet.cidrText.split('/')[0] as string,
    prefix: subnet.cidr.prefix,
    gateway,
    ...(subnet['dhcp-dns-server'] ? { dnsServer: subnet['dhcp-dns-server'].written } : {}),
  };
}

export function planDhcp(input: DhcpPlanInput): { readonly zones: readonly DhcpZone[]; readonly warnings: readonly Issue[] } {
  const { config } = input;
  const served = [...config.zones.values()].filter((z) => z.dhcp && zoneAppliesTo(z.nodes, input.nodename));
  if (served.length === 0) return { zones: [], warnings: [] };
  const bridges = new Map(input.ifaces.flatMap((i) => (i.vnetBridge ? [[i.name, i.vnetBridge] as const] : [])));
  const subnetsOf = subnetsByVnet(config);
  const vnetsOf = new Map<string, VnetId[]>();
  for (const { id, zone } of config.vnets.values()) {
    const list = vnetsOf.get(zone);
    if (list) list.push(id);
    else vnetsOf.set(zone, [id]);
  }
  const zones: DhcpZone[] = [];
  const warnings: Issue[] = [];

  for (const zone of served) {
    const zoneId = zone.id;
    if (!zone.dhcp) continue;
    const vnets: DhcpVnet[] = [];
    let mtu = zone.mtu;
    for (const vnet of vnetsOf.get(zoneId) ?? []) {
      const bridge = bridges.get(vnet);
      const onNode = bridgeAddresses(bridge);
      const subnets: DhcpSubnet[] = [];
      for (const subnet of subnetsOf(vnet)) {
        const gateway = subnet.gateway?.text;
        if (gateway && onNode.has(gateway)) {
          subnets.push(dhcpSubnet(subnet, gateway));
          continue;
        }
        const why = gateway ? `its gateway ${gateway} is not on this node's bridge ${vnet}` : 'it has no gateway';
        warnings.push(issue('dhcp-subnet-skipped', `subnets.${subnet.id}`, `zone ${zoneId}: no DHCP for subnet ${subnet.cidrText}: ${why}`, 'warning'));
      }
      if (subnets.length === 0) continue;
      mtu ??= bridge?.mtu;
      vnets.push({ vnet, subnets });
    }
    if (vnets.length === 0) continue;
    zones.push({ zone: zoneId, type: zone.dhcp, mtu: mtu ?? DEFAULT_MTU, vnets, hosts: input.hosts ? input.hosts(zoneId) : null });
  }
  return { zones, warnings };
}
