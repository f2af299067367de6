/** The controller plugin table: one entry per controller type. */
import type { Controller, ControllerType } from '../model/controller.js';
import { bgpControllerPlugin } from './bgp.js';
import { evpnControllerPlugin } from './evpn.js';
import { isisControllerPlugin } from './isis.js';
import type { ControllerPlugin } from './plugin.js';

type PluginTable = { readonly [K in ControllerType]: ControllerPlugin<Extract<Controller, { type: K }>> };

export const CONTROLLER_PLUGINS = {
  evpn: evpnControllerPlugin,
  bgp: bgpControllerPlugin,
  isis: isisControllerPlugin,
} as const satisfies PluginTable;

export function controllerPlugin<C extends Controller>(controller: C): ControllerPlugin<C> {
  // the table's type pairs each key with its controller type; TS cannot correlate controller.type with C
  return (CONTROLLER_PLUGINS as PluginTable)[controller.type] as unknown as ControllerPlugin<C>;
}
