/**
 * The fabric plugin contract: one small object per protocol, registered in
 * `fabrics/index.ts`. A plugin checks its fabrics (phase two of the decoder,
 * `checks.ts` runs it) and turns one node's part of one fabric into IR
 * (ifupdown2 stanzas, FRR blocks); it never writes text or touches the system.
 */
import type { FrrDraft } from '../frr/draft.js';
import type { FabricProtocol } from '../model/fabric-kind.js';
import type { Iface } from '../ir/ifupdown/ir.js';
import type { FabricCheckCtx } from './check-ctx.js';
import type { FabricConfig, FabricEntry } from './fabric-config.js';

export type EntryOf<P extends FabricProtocol> = Extract<FabricEntry, { protocol: P }>;
export type NodeOf<E extends FabricEntry> = E extends { readonly nodes: ReadonlyMap<string, infer N> } ? N : never;

export interface FabricNodeContext<E extends FabricEntry> {
  /** every fabric: a node's NET and its WireGuard peers depend on other fabrics and nodes */
  readonly fabrics: FabricConfig;
  readonly entry: E;
  readonly node: NodeOf<E>;
}

/** What the fabrics of one node share while they fill the FRR draft, in fabric id order. */
export interface FabricFrrState {
  /** the next `pve_*` source route-map entry number: 100, 110, … across all fabrics */
  nextSeq: number;
  /** ospfd has one router-id: the node's address in its first OSPF fabric */
  ospfRouterId?: string;
}

export interface FabricFrrContext<E extends FabricEntry> extends FabricNodeContext<E> {
  readonly frr: FrrDraft;
  readonly state: FabricFrrState;
}

export interface FabricPlugin<E extends FabricEntry> {
  readonly protocol: E['protocol'];
  /** The protocol's rules on one fabric and its nodes, after those every protocol has (a prefix). */
  readonly check: (ctx: FabricCheckCtx, entry: E) => void;
  /** Its rules against the fabrics before this one, in id order (one OSPF area per fabric, one NET per node, …). */
  readonly checkAcross?: (ctx: FabricCheckCtx, entry: E, fabrics: FabricConfig) => void;
  /** Stanzas for the node's fabric interfaces (the dummy loopback is common to all protocols). */
  readonly interfaces: (ctx: FabricNodeContext<E>) => readonly Iface[];
  /** Adds the node's routers, interfaces, filters and route maps of this fabric to the FRR draft. */
  readonly frr: (ctx: FabricFrrContext<E>) => void;
}
