/** The zone plugin table: one entry per zone type. */
import type { Zone, ZoneType } from '../model/zone.js';
import { evpnPlugin } from './evpn.js';
import type { ZonePlugin } from './plugin.js';
import { qinqPlugin } from './qinq.js';
import { simplePlugin } from './simple.js';
import { vlanPlugin } from './vlan.js';
import { vxlanPlugin } from './vxlan.js';

type PluginTable = { readonly [K in ZoneType]: ZonePlugin<Extract<Zone, { type: K }>> };

export const ZONE_PLUGINS = {
  simple: simplePlugin,
  vlan: vlanPlugin,
  qinq: qinqPlugin,
  vxlan: vxlanPlugin,
  evpn: evpnPlugin,
} as const satisfies PluginTable;

export function zonePlugin<Z extends Zone>(zone: Z): ZonePlugin<Z> {
  // the table's type pairs each key with its zone type; TS cannot correlate zone.type with Z
  return (ZONE_PLUGINS as PluginTable)[zone.type] as unknown as ZonePlugin<Z>;
}
