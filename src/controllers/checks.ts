/** Checks several controller types share: the route maps they name exist, one controller of a type per node. */
import { at } from '../model/check-rules.js';
import { issue } from '../model/issues.js';
import type { ControllerCheckContext } from './plugin.js';

/** The controller's route maps (`route-map-in`, `route-map-out`) are defined in route-maps.cfg. */
export function checkRouteMapRefs(ctx: ControllerCheckContext, c: { readonly id: string; readonly 'route-map-in'?: string; readonly 'route-map-out'?: string }): void {
  for (const key of ['route-map-in', 'route-map-out'] as const) {
    const name = c[key];
    if (name !== undefined && !ctx.routeMaps.has(name)) ctx.out.push(issue('unknown-route-map', at(ctx, 'controllers', c.id, key), `route map '${name}' does not exist`));
  }
}

/** A node runs one FRR: one BGP (or IS-IS) controller configures it, the first by id. */
export function checkOnePerNode(ctx: ControllerCheckContext, type: string, controllers: readonly { readonly id: string; readonly node: string }[]): void {
  const byNode = new Map<string, string>();
  for (const c of controllers) {
    const other = byNode.get(c.node);
    if (other) ctx.out.push(issue('duplicate-node-controller', at(ctx, 'controllers', c.id, 'node'), `only one ${type} controller per node: '${other}' already configures node '${c.node}'`));
    else byNode.set(c.node, c.id);
  }
}
