/**
 * The validated fabric configuration: fabrics by id (sorted), each with its
 * nodes by node name (sorted), addresses parsed once. Built from the
 * `fabrics.cfg` sections by `fabric-build.ts`, checked by `fabric-checks.ts`.
 */
import type { FabricProtocol } from './fabric-kind.js';
import type { ParsedCidr, ParsedIp } from './ip.js';
import type { IfName } from './values.js';

interface FabricBase {
  readonly id: string;
  readonly ip_prefix?: ParsedCidr;
  readonly ip6_prefix?: ParsedCidr;
}

export interface Redistribution {
  readonly source: string;
  readonly metric?: number;
  readonly 'route-map'?: string;
}

export interface OpenfabricFabric extends FabricBase {
  readonly protocol: 'openfabric';
  readonly hello_interval?: number;
  readonly csnp_interval?: number;
  readonly route_filter?: string;
}
export interface OspfFabric extends FabricBase {
  readonly protocol: 'ospf';
  /** a 32-bit number or an IPv4 address, as written */
  readonly area: string;
  readonly route_filter?: string;
  readonly redistribute: readonly Redistribution[];
}
export interface BgpFabric extends FabricBase {
  readonly protocol: 'bgp';
  readonly bfd: boolean;
  readonly redistribute: readonly Redistribution[];
  readonly route_map_in?: string;
  readonly route_map_out?: string;
  readonly route_filter?: string;
}
export interface WireguardFabric extends FabricBase {
  readonly protocol: 'wireguard';
  /** seconds; 0 or absent: off */
  readonly persistent_keepalive?: number;
}
export type Fabric = OpenfabricFabric | OspfFabric | BgpFabric | WireguardFabric;

interface NodeBase {
  readonly fabric: string;
  readonly node: string;
  readonly ip?: ParsedIp;
  readonly ip6?: ParsedIp;
}

export interface OpenfabricInterface {
  readonly name: IfName;
  readonly hello_multiplier?: number;
  readonly ip?: ParsedCidr;
  readonly ip6?: ParsedCidr;
}
export interface OpenfabricNode extends NodeBase {
  readonly protocol: 'openfabric';
  readonly interfaces: readonly OpenfabricInterface[];
}

export interface OspfInterface {
  readonly name: IfName;
  readonly ip?: ParsedCidr;
  readonly network_type?: string;
}
export interface OspfNode extends NodeBase {
  readonly protocol: 'ospf';
  readonly interfaces: readonly OspfInterface[];
}

export interface BgpInternalNode extends NodeBase {
  readonly protocol: 'bgp';
  readonly role: 'internal';
  readonly asn: number;
  readonly interfaces: readonly { readonly name: IfName }[];
}
export interface BgpExternalNode extends NodeBase {
  readonly protocol: 'bgp';
  readonly role: 'external';
  readonly peer_ip?: ParsedIp;
}
export type BgpNode = BgpInternalNode | BgpExternalNode;

export interface Endpoint {
  readonly host: string;
  readonly port?: number;
}
export interface WireguardInterface {
  readonly name: IfName;
  readonly listen_port: number;
  readonly public_key: string;
  readonly ip?: ParsedCidr;
  readonly ip6?: ParsedCidr;
  readonly ip6_ll?: boolean;
}
export interface WireguardPeer {
  readonly type: 'internal' | 'external';
  readonly node: string;
  /** the peer node's interface (internal peers) */
  readonly node_iface?: string;
  /** the local interface this peer belongs to */
  readonly iface: string;
  readonly endpoint?: Endpoint;
  readonly allowed_ips: readonly ParsedCidr[];
  readonly skip_route_generation: boolean;
}
export interface WireguardInternalNode extends NodeBase {
  readonly protocol: 'wireguard';
  readonly role: 'internal';
  readonly endpoint?: Endpoint;
  readonly interfaces: readonly WireguardInterface[];
  readonly peers: readonly WireguardPeer[];
  readonly allowed_ips: readonly ParsedCidr[];
}
export interface WireguardExternalNode extends NodeBase {
  readonly protocol: 'wireguard';
  readonly role: 'external';
  readonly public_key: string;
  readonly endpoint: Endpoint;
  readonly allowed_ips: readonly ParsedCidr[];
}
export type WireguardNode = WireguardInternalNode | WireguardExternalNode;

export type FabricNode = OpenfabricNode | OspfNode | BgpNode | WireguardNode;

type FabricOf<P extends FabricProtocol> = Extract<Fabric, { protocol: P }>;
type NodeOf<P extends FabricProtocol> = Extract<FabricNode, { protocol: P }>;

/** A fabric with its nodes; `protocol` repeated here so that checking it narrows both. */
export type FabricEntry = {
  [P in FabricProtocol]: { readonly protocol: P; readonly fabric: FabricOf<P>; readonly nodes: ReadonlyMap<string, NodeOf<P>> };
}[FabricProtocol];

export type FabricConfig = ReadonlyMap<string, FabricEntry>;

export const cidrText = (c: ParsedCidr): string => `${c.address.text}/${c.prefix}`;

/** The fabrics `node` is part of, with its node section in each, in fabric id order. */
export function fabricsOfNode(config: FabricConfig, node: string): { entry: FabricEntry; node: FabricNode }[] {
  const out: { entry: FabricEntry; node: FabricNode }[] = [];
  for (const entry of config.values()) {
    const n = entry.nodes.get(node);
    if (n) out.push({ entry, node: n });
  }
  return out;
}
