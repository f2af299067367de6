/** The controller plugin table: one entry per controller type, and the typed dispatch to it. */
import { typeNames } from '../model/section-kind.js';
import { bgpControllerPlugin } from './bgp.js';
import { evpnControllerPlugin } from './evpn.js';
import { isisControllerPlugin } from './isis.js';
import { controllerKind, type ControllerOfType, type ControllerType } from './kind.js';
import type { ControllerCheckContext, ControllerPlugin } from './plugin.js';

type PluginTable = { readonly [K in ControllerType]: ControllerPlugin<ControllerOfType<K>> };
type ControllerLists = { readonly [K in ControllerType]: ControllerOfType<K>[] };

const CONTROLLER_PLUGINS: PluginTable = {
  evpn: evpnControllerPlugin,
  bgp: bgpControllerPlugin,
  isis: isisControllerPlugin,
};

/** The plugin of a controller type; `controllerPlugin(c.type)` takes `c` (the table pairs each type with its controllers). */
export function controllerPlugin<K extends ControllerType>(type: K): ControllerPlugin<ControllerOfType<K>> {
  return CONTROLLER_PLUGINS[type];
}

function add<K extends ControllerType>(lists: ControllerLists, type: K, c: ControllerOfType<K>): void {
  lists[type].push(c);
}

function check<K extends ControllerType>(ctx: ControllerCheckContext, lists: ControllerLists, type: K): void {
  controllerPlugin(type).check(ctx, lists[type]);
}

/** Every controller type's checks, in the table's order, each on its controllers in id order. */
export function checkControllers(ctx: ControllerCheckContext): void {
  const lists: ControllerLists = { evpn: [], bgp: [], isis: [] };
  for (const c of ctx.controllers.values()) add(lists, c.type, c);
  for (const type of typeNames(controllerKind)) check(ctx, lists, type);
}
