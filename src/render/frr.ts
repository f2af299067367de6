/**
 * Renders `/etc/frr/frr.conf` for one node, in the reference's order:
 * every controller (by id), then each zone's part (zones/: an EVPN zone's
 * VRF), then each VNet's; then the node's frr.conf.local is merged in.
 */
import type { InterfacesFile } from '../config/interfaces.js';
import { controllerPlugin } from '../controllers/index.js';
import { nodeControllers } from '../controllers/node-controllers.js';
import type { ControllerContext } from '../controllers/plugin.js';
import { renderFabricFrr } from '../fabrics/index.js';
import { foreignVnis } from '../zones/evpn-frr.js';
import { zoneFrr } from '../zones/index.js';
import { nullRouteIndex } from '../zones/null-routes.js';
import type { ZoneFrrContext } from '../zones/plugin.js';
import { newFrrDraft } from '../frr/draft.js';
import { addPolicies } from '../frr/policies.js';
import { mergeLocalConfig } from '../frr/merge-local.js';
import { parseLocalConfig } from '../frr/local-config.js';
import { serializeFrr } from '../frr/serialize.js';
import type { SdnConfig } from '../sections/sdn-config.js';
import { issue, type Issue } from '../model/issues.js';
import type { NodeFacts } from '../ir/facts.js';
import type { Skipped } from '../ir/skip.js';
import { frrInputs } from './frr-inputs.js';
import { sameInputs, sameItems, type RenderCache } from './render-cache.js';
import { subnetsByVnet } from '../ir/subnet-index.js';

export interface FrrRender {
  /** null when nothing configures FRR on this node */
  readonly text: string | null;
  readonly warnings: readonly Issue[];
  /** taken from the cache: the sections it reads are those of the last render */
  readonly reused: boolean;
}

/** Runs one plugin step; a part that cannot be set up here becomes a warning. */
function step(ctx: ControllerContext, path: string, run: () => Skipped | undefined): void {
  const skip = run();
  if (skip) ctx.warnings.push(issue('frr-skipped', path, `${skip.reason}; left out of frr.conf on ${ctx.facts.nodename}`, 'warning'));
}

/** frr.conf, or with a cache the last render's when the sections it reads are the same (see frr-inputs.ts). */
export function renderFrr(config: SdnConfig, facts: NodeFacts, interfaces: InterfacesFile, frrLocal?: string, cache?: RenderCache): FrrRender {
  if (!cache) return { ...renderFrrText(config, facts, interfaces, frrLocal), reused: false };
  const inputs = frrInputs(config, facts, interfaces, frrLocal, subnetsByVnet(config));
  const last = cache.frr;
  if (last && sameItems(last.records, inputs.records) && sameInputs(last.values, inputs.values)) return { text: last.text, warnings: last.warnings, reused: true };
  const out = renderFrrText(config, facts, interfaces, frrLocal);
  cache.frr = { ...inputs, ...out };
  return { ...out, reused: false };
}

function renderFrrText(config: SdnConfig, facts: NodeFacts, interfaces: InterfacesFile, frrLocal: string | undefined): Omit<FrrRender, 'reused'> {
  // the reference writes frr.conf as soon as anything could configure FRR
  if (config.controllers.size === 0 && config.fabrics.size === 0 && frrLocal === undefined) return { text: null, warnings: [] };
  // built on first use: only exit nodes need it
  let nullRoutes: ZoneFrrContext['nullRoutes'] | undefined;
  const ctx: ZoneFrrContext = {
    config,
    facts,
    interfaces,
    node: nodeControllers(config, facts.nodename),
    subnetsOf: subnetsByVnet(config),
    nullRoutes: (zone) => (nullRoutes ??= nullRouteIndex(config))(zone),
    foreignVnis: (c) => foreignVnis(config.zones, config.vnets, c, facts.nodename),
    frr: newFrrDraft(facts.nodename),
    warnings: [],
  };

  // the config's maps iterate in id order (see SdnConfig)
  for (const c of config.controllers.values()) step(ctx, `controllers.${c.id}`, () => controllerPlugin(c.type).generate(ctx, c));
  for (const zone of config.zones.values()) step(ctx, `zones.${zone.id}`, () => zoneFrr(ctx, zone));
  for (const vnet of config.vnets.values()) {
    const zone = config.zones.get(vnet.zone);
    if (zone) step(ctx, `vnets.${vnet.id}`, () => zoneFrr(ctx, zone, vnet));
  }
  renderFabricFrr(config.fabrics, facts.nodename, ctx.frr);
  addPolicies(ctx.frr, config.prefixLists, config.routeMaps);
  if (frrLocal !== undefined) ctx.warnings.push(...mergeLocalConfig(ctx.frr, parseLocalConfig(frrLocal)));
  return { text: serializeFrr(ctx.frr), warnings: ctx.warnings };
}
