/**
 * The firewall IPSets SDN provides, in the `sdn` scope (rules name them
 * `+sdn/<name>`), as data: per VNet `<vnet>-all` (its subnets),
 * `<vnet>-gateway` (their gateways), `<vnet>-no-gateway` (the subnets with
 * the gateways excluded as "nomatch" entries) and `<vnet>-dhcp` (the DHCP
 * ranges); per guest with IPAM entries `guest-ipam-<vmid>` (its addresses in
 * every VNet). Serializers turn them into the reference firewall's text or
 * nftables sets.
 */
import type { SdnConfig } from '../sections/sdn-config.js';
import type { IpVersion, ParsedIp } from '../model/ip.js';

export interface IpsetEntry {
  readonly version: IpVersion;
  /** `10.0.0.0/24`, `10.0.0.1` or a range `10.0.0.100-10.0.0.199` */
  readonly address: string;
  /** excluded from the set ("!" in the reference's format) */
  readonly nomatch: boolean;
}

export interface Ipset {
  readonly name: string;
  readonly comment?: string;
  readonly entries: readonly IpsetEntry[];
}

/** An IPAM address and the guest it belongs to. */
export interface GuestAddress {
  readonly vmid?: string;
  readonly ip: ParsedIp;
  readonly gateway?: boolean;
}

const byteOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const entry = (version: IpVersion, address: string, nomatch = false): IpsetEntry => ({ version, address, nomatch });

/** A VNet's IPSets by name: `<vnet>-all`, `-gateway`, `-no-gateway`, `-dhcp`. */
export function vnetIpsetNames(vnet: string): [all: string, gateway: string, noGateway: string, dhcp: string] {
  return [`${vnet}-all`, `${vnet}-gateway`, `${vnet}-no-gateway`, `${vnet}-dhcp`];
}

export function vnetIpsets(config: SdnConfig): Ipset[] {
  const subnetsOf = new Map<string, string[]>();
  for (const id of [...config.subnets.keys()].sort(byteOrder)) {
    const vnet = config.subnets.get(id)?.vnet as string;
    subnetsOf.set(vnet, [...(subnetsOf.get(vnet) ?? []), id]);
  }
  const out: Ipset[] = [];
  for (const vnet of [...config.vnets.keys()].sort(byteOrder)) {
    const all: IpsetEntry[] = [];
    const gateways: IpsetEntry[] = [];
    const noGateway: IpsetEntry[] = [];
    const dhcp: IpsetEntry[] = [];
    for (const id of subnetsOf.get(vnet) ?? []) {
      const s = config.subnets.get(id);
      if (!s) continue;
      const v = s.cidr.version;
      all.push(entry(v, s.cidrText));
      noGateway.push(entry(v, s.cidrText));
      const gw = s.gateway;
      if (gw) {
        gateways.push(entry(gw.version, gw.text));
        noGateway.push(entry(gw.version, gw.text, true));
      }
      for (const { start, end } of s['dhcp-range'] ?? []) dhcp.push(entry(start.version, `${start.text}-${end.text}`));
    }
    const names = vnetIpsetNames(vnet);
    out.push(
      { name: names[0], comment: `All subnets of VNet ${vnet}`, entries: all },
      { name: names[1], comment: `All gateways of VNet ${vnet}`, entries: gateways },
      { name: names[2], comment: `All subnets of VNet ${vnet}, excluding gateways`, entries: noGateway },
      { name: names[3], comment: `DHCP ranges of VNet ${vnet}`, entries: dhcp },
    );
  }
  return out;
}

export function guestIpsets(addresses: Iterable<GuestAddress>): Ipset[] {
  const byVmid = new Map<string, IpsetEntry[]>();
  for (const a of addresses) {
    if (!a.vmid || a.gateway) continue;
    byVmid.set(a.vmid, [...(byVmid.get(a.vmid) ?? []), entry(a.ip.version, a.ip.text)]);
  }
  return [...byVmid.keys()]
    .sort((a, b) => Number(a) - Number(b) || byteOrder(a, b))
    .map((vmid) => ({ name: `guest-ipam-${vmid}`, entries: byVmid.get(vmid) ?? [] }));
}
