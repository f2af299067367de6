/**
 * The zone plugin contract: one small object per zone type, registered in
 * `zones/index.ts`. A plugin adds interfaces for one VNet to the IR; it never
 * writes text and never touches the system (facts arrive as values).
 */
import type { InterfacesFile } from '../config/interfaces.js';
import type { Controller } from '../controllers/kind.js';
import type { FabricConfig } from '../model/fabric.js';
import type { Subnet } from '../model/subnet.js';
import type { VnetId } from '../model/values.js';
import type { Vnet } from '../model/vnet.js';
import type { Zone } from '../model/zone.js';
import type { NodeFacts } from '../ir/facts.js';
import type { InterfacesSink } from '../ir/ifupdown/ir.js';
import type { Skipped } from '../ir/skip.js';

/** What the zone plugins read of the config besides their zone, VNet and its subnets (the orchestrator passes its `SdnConfig`, sections/sdn-config.ts). */
export interface ZoneConfig {
  readonly controllers: ReadonlyMap<string, Controller>;
  readonly fabrics: FabricConfig;
}

export interface ZoneContext {
  readonly config: ZoneConfig;
  readonly facts: NodeFacts;
  readonly interfaces: InterfacesFile;
  /** subnets of a VNet, sorted by id */
  readonly subnetsOf: (vnet: VnetId) => readonly Subnet[];
  readonly ifaces: InterfacesSink;
  /** per-zone values a plugin derives once per render (peers, MTU, …), keyed by zone id */
  readonly zoneMemo: Map<string, unknown>;
}

export interface ZonePlugin<Z extends Zone = Zone> {
  readonly type: Z['type'];
  /**
   * Adds what `vnet` needs on this node, or says why it cannot be set up here
   * (e.g. its bridge is missing): like the reference, the VNet is left out and
   * the rest is still rendered.
   */
  readonly generateVnet: (ctx: ZoneContext, zone: Z, vnet: Vnet) => Skipped | undefined;
}
