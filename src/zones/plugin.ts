/**
 * The zone module contract: one object per zone type (`zones/<type>.ts`),
 * registered in `zones/index.ts`, with the type's tables beside it (its
 * options, assembled into the kind by `zones/kind.ts`). A module checks its
 * zones and their VNets across sections, works out once per render what its
 * zone needs on this node (`prepare`), and adds interfaces for one VNet to
 * the IR (and, for EVPN, its part of frr.conf); it never writes text and
 * never touches the system (facts arrive as values).
 */
import type { InterfacesFile } from '../config/interfaces.js';
import type { Controller } from '../controllers/kind.js';
import type { ControllerContext } from '../controllers/plugin.js';
import type { RuleCtx } from '../model/check-rules.js';
import type { FabricConfig } from '../fabrics/fabric-config.js';
import type { Issue } from '../model/issues.js';
import type { Subnet } from '../model/subnet.js';
import type { ControllerId, VnetId, ZoneId } from '../model/values.js';
import type { Vnet } from '../model/vnet.js';
import type { IpRoute } from '../frr/ir.js';
import type { NodeFacts } from '../ir/facts.js';
import type { InterfacesSink } from '../ir/ifupdown/ir.js';
import type { Skipped } from '../ir/skip.js';

/** What the zone modules read of the config besides their zone, VNet and its subnets (the orchestrator passes its `SdnConfig`, sections/sdn-config.ts). */
export interface ZoneConfig {
  readonly controllers: ReadonlyMap<ControllerId, Controller>;
  readonly fabrics: FabricConfig;
}

export interface ZoneContext {
  readonly config: ZoneConfig;
  readonly facts: NodeFacts;
  readonly interfaces: InterfacesFile;
  /** subnets of a VNet, sorted by id */
  readonly subnetsOf: (vnet: VnetId) => readonly Subnet[];
  readonly ifaces: InterfacesSink;
}

/** What a zone's checks across sections read: the sections it names, and the controller ids present (decoded or not). */
export interface ZoneCheckContext extends RuleCtx {
  readonly config: ZoneConfig;
  readonly presentControllers: ReadonlySet<string>;
}

/** What a VNet's rules in its zone read: who holds a slot (a VLAN tag, a VNI) besides it, and the VNIs zones hold for themselves. */
export interface VnetRuleContext extends RuleCtx {
  /** the slot index (sections/vnet-groups.ts): `taken` is the first VNet (id order) in a slot when it is not `vnet` */
  readonly groups: { taken(slot: string, vnet: string): string | undefined };
  /** an EVPN zone's vrf-vxlan → the zone */
  readonly vrfZones: ReadonlyMap<number, string>;
}

export interface ZoneRecordBase {
  readonly id: ZoneId;
  readonly type: string;
}

/** What a zone's part of frr.conf reads: the controllers' context, and the subnets. */
export interface ZoneFrrContext extends ControllerContext {
  /** subnets of a VNet, sorted by id */
  readonly subnetsOf: (vnet: VnetId) => readonly Subnet[];
  /** null routes for the subnets of every zone but `zone` (exit nodes) */
  readonly nullRoutes: (zone: string) => readonly IpRoute[];
}

/** An EVPN zone's part of frr.conf, run after the controllers' (render/frr.ts). */
export interface ZoneFrr<Z extends ZoneRecordBase> {
  /** the zone's VRF and VRF BGP instance */
  readonly zone: (ctx: ZoneFrrContext, zone: Z) => Skipped | undefined;
  /** what one of its VNets adds */
  readonly vnet: (ctx: ZoneFrrContext, zone: Z, vnet: Vnet) => Skipped | undefined;
}

export interface ZonePlugin<Z extends ZoneRecordBase, State> {
  readonly type: Z['type'];
  /** The rules across sections of this type's zones, given in id order (e.g. an EVPN zone's controller exists, its vrf-vxlan is unique). */
  readonly check?: (ctx: ZoneCheckContext, zones: readonly Z[]) => readonly Issue[];
  /** A VNet's rules in a zone of this type (tag required, unique in its slot, …). */
  readonly checkVnet: (ctx: VnetRuleContext, zone: Z, vnet: Vnet) => readonly Issue[];
  /** The unique slots a VNet takes in a zone of this type (sections/vnet-groups.ts). */
  readonly vnetSlots: (zone: Z, vnet: Vnet) => readonly string[];
  /** The VNI the zone holds for itself (an EVPN zone's L3 VNI), which no VNet may take. */
  readonly ownVni?: (zone: Z) => number;
  /** The fabric the zone's tunnels run over, if any. */
  readonly underlayFabric?: (config: ZoneConfig, zone: Z) => string | undefined;
  /** What every VNet of the zone shares on this node, worked out once per render (or why the zone cannot be set up). */
  readonly prepare: (ctx: ZoneContext, zone: Z) => State;
  /**
   * Adds what `vnet` needs on this node, or says why it cannot be set up here
   * (e.g. its bridge is missing): like the reference, the VNet is left out and
   * the rest is still rendered.
   */
  readonly generateVnet: (ctx: ZoneContext, zone: Z, vnet: Vnet, state: State) => Skipped | undefined;
  readonly frr?: ZoneFrr<Z>;
}
