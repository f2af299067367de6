/**
 * The validated fabric configuration: fabrics by id (sorted), each with its
 * nodes by node name (sorted), every value decoded once. Built from the
 * `fabrics.cfg` sections by `build.ts`, checked by `checks.ts` and each
 * protocol's module.
 */
import type { FabricProtocol } from '../model/fabric-kind.js';
import type { ParsedCidr } from '../model/values.js';
import type { BgpFabric, BgpNode } from './bgp.js';
import type { OpenfabricFabric, OpenfabricNode } from './openfabric.js';
import type { OspfFabric, OspfNode } from './ospf.js';
import type { WireguardFabric, WireguardNode } from './wireguard.js';

export type Fabric = OpenfabricFabric | OspfFabric | BgpFabric | WireguardFabric;
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
