/** The controller plugin table: one entry per controller type, and the typed dispatch to it. */
import { CONTROLLER_TYPES, type Controller, type ControllerType } from '../model/controller.js';
import { bgpControllerPlugin } from './bgp.js';
import { evpnControllerPlugin } from './evpn.js';
import { isisControllerPlugin } from './isis.js';
import type { ControllerCheckContext, ControllerPlugin } from './plugin.js';

type ControllerOf<K extends ControllerType> = Extract<Controller, { readonly type: K }>;
type PluginTable = { readonly [K in ControllerType]: ControllerPlugin<ControllerOf<K>> };
type ControllerLists = { readonly [K in ControllerType]: ControllerOf<K>[] };

const CONTROLLER_PLUGINS: PluginTable = {
  evpn: evpnControllerPlugin,
  bgp: bgpControllerPlugin,
  isis: isisControllerPlugin,
};

/** The plugin of a controller type; `controllerPlugin(c.type)` takes `c` (the table pairs each type with its controllers). */
export function controllerPlugin<K extends ControllerType>(type: K): ControllerPlugin<ControllerOf<K>> {
  return CONTROLLER_PLUGINS[type];
}

function add<K extends ControllerType>(lists: ControllerLists, type: K, c: ControllerOf<K>): void {
  lists[type].push(c);
}

function check<K extends ControllerType>(ctx: ControllerCheckContext, lists: ControllerLists, type: K): void {
  controllerPlugin(type).check(ctx, lists[type]);
}

/** Every controller type's checks, in the table's order, each on its controllers in id order. */
export function checkControllers(ctx: ControllerCheckContext): void {
  const lists: ControllerLists = { evpn: [], bgp: [], isis: [] };
  for (const c of ctx.controllers.values()) add(lists, c.type, c);
  for (const type of CONTROLLER_TYPES) check(ctx, lists, type);
}
