/** The zone plugin table: one entry per zone type. */
import type { Zone, ZoneType } from '../model/zone.js';
import type { ZonePlugin } from './plugin.js';
import { qinqPlugin } from './qinq.js';
import { simplePlugin } from './simple.js';
import { vlanPlugin } from './vlan.js';
import { vxlanPlugin } from './vxlan.js';

type PluginTable = { readonly [K in ZoneType]?: ZonePlugin<Extract<Zone, { type: K }>> };

export const ZONE_PLUGINS = {
  simple: simplePlugin,
  vlan: vlanPlugin,
  qinq: qinqPlugin,
  vxlan: vxlanPlugin,
} as const satisfies PluginTable;

export function zonePlugin<Z extends Zone>(zone: Z): ZonePlugin<Z> | undefined {
  return (ZONE_PLUGINS as PluginTable)[zone.type] as ZonePlugin<Z> | undefined;
}
