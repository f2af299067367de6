/**
 * The validated fabric configuration: fabrics by id (sorted), each with its
 * nodes by node name (sorted), addresses parsed once. Built from the
 * `fabrics.cfg` sections by `fabric-build.ts`, checked by `fabric-checks.ts`.
 */
import type { FabricProtocol, FabricSectionOf } from './fabric-kind.js';
import type { ParsedCidr } from './ip.js';

export type { Endpoint } from './values.js';

type Item<L> = L extends readonly (infer I)[] ? I : never;

/** A fabric as built from its section: the section's values, with its protocol (which its nodes share). */
type BuiltFabric<P extends FabricProtocol> = FabricSectionOf<`${P}_fabric`> & { readonly protocol: P };
export type OpenfabricFabric = BuiltFabric<'openfabric'>;
export type OspfFabric = BuiltFabric<'ospf'>;
export type BgpFabric = BuiltFabric<'bgp'>;
export type WireguardFabric = BuiltFabric<'wireguard'>;
export type Fabric = OpenfabricFabric | OspfFabric | BgpFabric | WireguardFabric;
export type Redistribution = Item<OspfFabric['redistribute'] | BgpFabric['redistribute']>;

type NodeSection<P extends FabricProtocol> = FabricSectionOf<`${P}_node`>;
/**
 * A node as built from its section: its fabric and node names (from the
 * section id) instead of the id, its protocol instead of the section type,
 * the ids early versions repeated dropped (the builder checked them), and
 * `Listed` keys as lists, empty when not given.
 */
type BuiltNode<P extends FabricProtocol, Listed extends keyof NodeSection<P> = never> = Omit<NodeSection<P>, 'id' | 'type' | 'fabric_id' | 'node_id' | Listed> & {
  readonly protocol: P;
  readonly fabric: string;
  readonly node: string;
} & { readonly [K in Listed]-?: Exclude<NodeSection<P>[K], undefined> };

export type OpenfabricNode = BuiltNode<'openfabric', 'interfaces'>;
export type OpenfabricInterface = Item<OpenfabricNode['interfaces']>;
export type OspfNode = BuiltNode<'ospf', 'interfaces'>;
export type OspfInterface = Item<OspfNode['interfaces']>;

/** A node's `role` decides which of its section's keys apply: the builder checked them (ROLE_RULES). */
type RoleNode<N, R extends string, Drop extends keyof N, Add> = Omit<N, 'role' | Drop> & { readonly role: R } & Add;
type BgpNodeOf = BuiltNode<'bgp', 'interfaces'>;
export type BgpInternalNode = RoleNode<BgpNodeOf, 'internal', 'asn' | 'peer_ip', { readonly asn: number }>;
export type BgpExternalNode = RoleNode<BgpNodeOf, 'external', 'asn' | 'interfaces', unknown>;
export type BgpNode = BgpInternalNode | BgpExternalNode;

type WireguardNodeOf = BuiltNode<'wireguard', 'interfaces' | 'peers' | 'allowed_ips'>;
type WireguardSectionInterface = Item<WireguardNodeOf['interfaces']>;
/** An internal node's interface: its public key is there (the builder refuses a node whose interface has none). */
export type WireguardInterface = Omit<WireguardSectionInterface, 'public_key'> & { readonly public_key: string };
export type WireguardPeer = Item<WireguardNodeOf['peers']>;
export type WireguardInternalNode = RoleNode<WireguardNodeOf, 'internal', 'public_key' | 'interfaces', { readonly interfaces: readonly WireguardInterface[] }>;
export type WireguardExternalNode = RoleNode<
  WireguardNodeOf,
  'external',
  'public_key' | 'endpoint' | 'interfaces' | 'peers',
  { readonly public_key: string; readonly endpoint: NonNullable<WireguardNodeOf['endpoint']> & { readonly port: number } }
>;
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
