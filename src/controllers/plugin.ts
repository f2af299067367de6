/**
 * The controller plugin contract: one small object per controller type,
 * registered in `controllers/index.ts`. A plugin checks its controllers
 * against the rest of the config, and adds to the FRR IR draft: its
 * node-wide part (a zone's part is its zone module's: zones/evpn-frr.ts); it
 * never writes text.
 */
import type { InterfacesFile } from '../config/interfaces.js';
import type { Controller } from './kind.js';
import type { EvpnController } from './evpn.js';
import type { RuleCtx } from '../model/check-rules.js';
import type { FabricConfig } from '../fabrics/fabric-config.js';
import type { Issue } from '../model/issues.js';
import type { RouteMaps } from '../model/route-map.js';
import type { FrrDraft } from '../frr/draft.js';
import type { NodeFacts } from '../ir/facts.js';
import type { Skipped } from '../ir/skip.js';
import type { NodeControllers } from './node-controllers.js';
import type { ControllerId } from '../model/values.js';

/** What the controller plugins read of the config (the orchestrator passes its `SdnConfig`, sections/sdn-config.ts). */
export interface ControllerConfig {
  readonly controllers: ReadonlyMap<ControllerId, Controller>;
  readonly fabrics: FabricConfig;
}

export interface ControllerContext {
  readonly config: ControllerConfig;
  readonly facts: NodeFacts;
  readonly interfaces: InterfacesFile;
  /** the BGP and IS-IS controllers of this node */
  readonly node: NodeControllers;
  /** the VNIs of the node's zones an EVPN controller does not carry, which its peers are not told (the zones say: zones/evpn-frr.ts) */
  readonly foreignVnis: (controller: EvpnController) => readonly number[];
  readonly frr: FrrDraft;
  /** parts left out on this node, with the reason */
  readonly warnings: Issue[];
}

/** What a controller type's checks read (phase two of the decoder: the sections that passed phase one), and where they report. */
export interface ControllerCheckContext extends RuleCtx {
  /** every controller, in id order */
  readonly controllers: ReadonlyMap<ControllerId, Controller>;
  readonly fabrics: FabricConfig;
  readonly routeMaps: RouteMaps;
  readonly out: Issue[];
}

/**
 * Each step adds its part, or says why it cannot be set up on this node (the
 * step is left out with a warning; the rest still renders).
 */
export interface ControllerPlugin<C extends Controller> {
  readonly type: C['type'];
  /** The rules across sections for controllers of this type (`controllers`: those of the config, in id order). */
  readonly check: (ctx: ControllerCheckContext, controllers: readonly C[]) => void;
  /** The node-wide part: BGP instance and peer groups, IS-IS router, route maps. */
  readonly generate: (ctx: ControllerContext, controller: C) => Skipped | undefined;
}
