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

/** `local-as N [no-prepend [replace-as]]`: the ASN the group's peers see (a fabric's per-node ASN). */
export interface LocalAs {
  readonly asn: number;
  readonly mode?: 'no-prepend' | 'no-prepend replace-as';
}

export interface NeighborGroup {
  readonly name: string;
  readonly remoteAs: RemoteAs;
  readonly localAs?: LocalAs;
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

/** `router openfabric NAME`: one IS-IS system per node, so every fabric shares the node's NET. */
export interface OpenfabricRouter {
  readonly net: string;
}

/** An interface in an OpenFabric fabric (the fabric's dummy is passive). */
export interface OpenfabricInterface {
  readonly fabric: string;
  readonly ipv4: boolean;
  readonly ipv6: boolean;
  readonly passive?: boolean;
  readonly helloInterval?: number;
  readonly helloMultiplier?: number;
  readonly csnpInterval?: number;
}

export interface OpenfabricConfig {
  readonly routers: ReadonlyMap<string, OpenfabricRouter>;
  readonly interfaces: ReadonlyMap<string, OpenfabricInterface>;
}

export interface OspfRedistribution {
  readonly source: string;
  readonly metric?: number;
  readonly routeMap?: string;
}

/** `router ospf`: ospfd runs one instance per node. */
export interface OspfRouter {
  readonly routerId: string;
  readonly redistribute: readonly OspfRedistribution[];
}

export interface OspfInterface {
  /** a number or an IPv4 address, as configured */
  readonly area: string;
  readonly passive?: boolean;
  readonly networkType?: string;
}

export interface OspfConfig {
  readonly router?: OspfRouter;
  readonly interfaces: ReadonlyMap<string, OspfInterface>;
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
  /** the FRR words after `match`: `ip address prefix-list`, `evpn vni`, `tag`, … */
  readonly key: string;
  readonly value?: string;
}

export interface RouteMapSet {
  /** the FRR words after `set`: `src`, `local-preference`, `ip next-hop unchanged`, … */
  readonly key: string;
  readonly value?: string;
}

/**
 * One `route-map NAME ACTION SEQ` entry. Generated maps of the controllers
 * leave `seq` out and are numbered by position (see serialize.ts); fabric
 * and user route maps carry their own.
 */
export interface RouteMapEntry {
  readonly action: Action;
  readonly seq?: number;
  readonly matches: readonly RouteMapMatch[];
  readonly sets: readonly RouteMapSet[];
  /** `call NAME` */
  readonly call?: string;
  /** `on-match next`, `on-match goto N`, `continue N` */
  readonly exitAction?: string;
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
  readonly openfabric: OpenfabricConfig;
  readonly ospf: OspfConfig;
  readonly accessLists: ReadonlyMap<string, readonly AccessListRule[]>;
  /** `bgp extcommunity-list standard NAME permit rt …`: the route targets each list matches */
  readonly extcommunityLists: ReadonlyMap<string, readonly string[]>;
  readonly routeMaps: ReadonlyMap<string, readonly RouteMapEntry[]>;
  readonly ipRoutes: readonly IpRoute[];
  readonly protocolRouteMaps: ReadonlyMap<string, ProtocolRouteMap>;
}
