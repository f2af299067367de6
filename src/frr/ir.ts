/**
 * The FRR IR: what Weft puts into `/etc/frr/frr.conf`, as typed values.
 * Controller (and later fabric) plugins fill a draft of it; `serialize.ts`
 * turns it into text with one set of ordering rules. `custom` lists hold the
 * lines of `frr.conf.local` merged into the block they belong to.
 */

export type Action = 'permit' | 'deny';

export interface FrrHeader {
  readonly version: string;
  readonly defaults: string;
  readonly hostname: string;
  readonly log: string;
}

/** `ip route PREFIX VIA [NEXTHOP-VRF]` (top level, or inside a `vrf` block). */
export interface IpRoute {
  readonly ipv6: boolean;
  readonly prefix: string;
  /** next-hop address, interface or `null0` */
  readonly via: string;
  readonly vrf?: string;
}

/** A `vrf NAME` block: its L3 VNI and static routes. */
export interface Vrf {
  readonly vni?: number;
  readonly ipRoutes: readonly IpRoute[];
  readonly custom: readonly string[];
}

export type RemoteAs = number | 'external' | 'internal';

export interface NeighborGroup {
  readonly name: string;
  readonly remoteAs: RemoteAs;
  readonly bfd: boolean;
  readonly ebgpMultihop?: number;
  readonly updateSource?: string;
  readonly ips: readonly string[];
  readonly interfaces: readonly string[];
}

/** Per-neighbor settings inside an address family. */
export interface AfNeighbor {
  readonly name: string;
  readonly softReconfigurationInbound?: boolean;
  readonly routeMapIn?: string;
  readonly routeMapOut?: string;
}

export interface Redistribution {
  readonly protocol: 'connected' | 'static' | 'kernel' | 'ospf' | 'ospf6' | 'isis' | 'openfabric';
  readonly metric?: number;
  readonly routeMap?: string;
}

interface AddressFamilyCommon {
  readonly importVrf: readonly string[];
  readonly neighbors: readonly AfNeighbor[];
  readonly custom: readonly string[];
}

/** `address-family ipv4 unicast` / `ipv6 unicast`. */
export interface UnicastAf extends AddressFamilyCommon {
  readonly networks: readonly string[];
  readonly redistribute: readonly Redistribution[];
}

export interface RouteTargets {
  readonly import: readonly string[];
  readonly export: readonly string[];
  readonly both: readonly string[];
}

/** `address-family l2vpn evpn`. */
export interface L2vpnEvpnAf extends AddressFamilyCommon {
  readonly advertiseAllVni?: boolean;
  readonly advertiseDefaultGw?: boolean;
  /** `autort as N`: route targets from this ASN instead of the local one (eBGP underlays) */
  readonly autortAs?: number;
  readonly defaultOriginate: ReadonlyArray<'ipv4' | 'ipv6'>;
  readonly advertiseIpv4Unicast?: boolean;
  readonly advertiseIpv6Unicast?: boolean;
  readonly routeTargets?: RouteTargets;
}

export interface AddressFamilies {
  readonly ipv4Unicast?: UnicastAf;
  readonly ipv6Unicast?: UnicastAf;
  readonly l2vpnEvpn?: L2vpnEvpnAf;
}

/**
 * `router bgp ASN [vrf NAME]`. A flag left undefined writes nothing; `false`
 * writes the `no …` form where FRR's default is on.
 */
export interface BgpRouter {
  readonly asn: number;
  readonly routerId: string;
  readonly hardAdministrativeReset?: boolean;
  readonly defaultIpv4Unicast?: boolean;
  readonly coalesceTime?: number;
  readonly gracefulRestartNotification?: boolean;
  readonly disableEbgpConnectedRouteCheck?: boolean;
  readonly bestpathAsPathMultipathRelax?: boolean;
  readonly neighborGroups: readonly NeighborGroup[];
  readonly addressFamilies: AddressFamilies;
  readonly custom: readonly string[];
}

export type IsisLevel = 'level-1' | 'level-2' | 'level-1-2';

export interface IsisRouter {
  readonly net: string;
  readonly redistribute?: { readonly ipv4Connected: IsisLevel; readonly ipv6Connected: IsisLevel };
  readonly logAdjacencyChanges: boolean;
  readonly custom: readonly string[];
}

export interface IsisInterface {
  readonly domain: string;
  readonly ipv4: boolean;
  readonly ipv6: boolean;
  readonly custom: readonly string[];
}

/**
 * Routers and interfaces of a protocol the IR does not model field by field
 * yet (the fabric protocols, `router openfabric` and `router ospf`): each
 * block is its header and its option lines, kept at the protocol's place.
 */
export interface ProtocolBlocks {
  readonly routers: readonly { readonly header: string; readonly lines: readonly string[] }[];
  readonly interfaces: readonly { readonly name: string; readonly lines: readonly string[] }[];
}

export interface PrefixListRule {
  readonly ipv6: boolean;
  readonly action: Action;
  readonly network: string;
  readonly seq?: number;
  readonly le?: number;
  readonly ge?: number;
}

export interface AccessListRule {
  readonly ipv6: boolean;
  readonly action: Action;
  readonly network: string;
  readonly seq?: number;
}

export interface RouteMapMatch {
  readonly key: 'ip address prefix-list' | 'ipv6 address prefix-list' | 'ip address' | 'ipv6 address' | 'ip next-hop prefix-list' | 'ipv6 next-hop prefix-list';
  readonly value: string;
}

export interface RouteMapSet {
  readonly key: 'metric' | 'src' | 'local-preference' | 'community' | 'ip next-hop' | 'tag' | 'weight';
  readonly value: string;
}

/** One `route-map NAME ACTION SEQ` entry; the sequence number is its position (see serialize.ts). */
export interface RouteMapEntry {
  readonly action: Action;
  readonly matches: readonly RouteMapMatch[];
  readonly sets: readonly RouteMapSet[];
  readonly custom: readonly string[];
}

/** `ip protocol P route-map M` / `ipv6 protocol P route-map M`. */
export interface ProtocolRouteMap {
  readonly v4?: string;
  readonly v6?: string;
}

/** The name of the default VRF's BGP instance in `bgpRouters`. */
export const DEFAULT_VRF = 'default';

export interface FrrConfig {
  readonly header: FrrHeader;
  readonly vrfs: ReadonlyMap<string, Vrf>;
  /** keyed by VRF name; `DEFAULT_VRF` is the plain `router bgp ASN` */
  readonly bgpRouters: ReadonlyMap<string, BgpRouter>;
  readonly isisRouters: ReadonlyMap<string, IsisRouter>;
  readonly isisInterfaces: ReadonlyMap<string, IsisInterface>;
  readonly prefixLists: ReadonlyMap<string, readonly PrefixListRule[]>;
  /** top-level lines from frr.conf.local that belong to no generated block */
  readonly custom: readonly string[];
  readonly openfabric: ProtocolBlocks;
  readonly ospf: ProtocolBlocks;
  readonly accessLists: ReadonlyMap<string, readonly AccessListRule[]>;
  readonly routeMaps: ReadonlyMap<string, readonly RouteMapEntry[]>;
  readonly ipRoutes: readonly IpRoute[];
  readonly protocolRouteMaps: ReadonlyMap<string, ProtocolRouteMap>;
}
