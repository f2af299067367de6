/**
 * The zone module table, one entry per zone type, and the typed dispatch to
 * it: each function below takes a zone of any type and calls its module with
 * the zone as its own type (a mapped table indexed by the zone's type, which
 * TypeScript pairs with the module's parameter types), no casts.
 */
import type { Issue } from '../model/issues.js';
import { typeNames } from '../model/section-kind.js';
import type { Vnet } from '../model/vnet.js';
import type { Skipped } from '../ir/skip.js';
import { evpnPlugin } from './evpn.js';
import { zoneKind, type Zone, type ZoneType } from './kind.js';
import type { VnetRuleContext, ZoneCheckContext, ZoneConfig, ZoneContext, ZoneFrrContext, ZonePlugin } from './plugin.js';
import { qinqPlugin } from './qinq.js';
import { simplePlugin } from './simple.js';
import { vlanPlugin } from './vlan.js';
import { vxlanPlugin } from './vxlan.js';
import { wireguardFabric } from './tunnel-mtu.js';

const PLUGINS = {
  simple: simplePlugin,
  vlan: vlanPlugin,
  qinq: qinqPlugin,
  vxlan: vxlanPlugin,
  evpn: evpnPlugin,
} as const;

type ZoneOf<K extends ZoneType> = Extract<Zone, { readonly type: K }>;
/** Each type's module over its own zones and its own per-zone state. */
type PluginTable = { readonly [K in ZoneType]: ZonePlugin<ZoneOf<K>, ReturnType<(typeof PLUGINS)[K]['prepare']>> };
const ZONE_PLUGINS: PluginTable = PLUGINS;
const ZONE_TYPES = typeNames(zoneKind);

/** A zone worked out for this node: adds one of its VNets. */
export type PreparedZone = (ctx: ZoneContext, vnet: Vnet) => Skipped | undefined;

function prepare<K extends ZoneType>(ctx: ZoneContext, type: K, zone: ZoneOf<K>): PreparedZone {
  const plugin = ZONE_PLUGINS[type];
  const state = plugin.prepare(ctx, zone);
  return (vnetCtx, vnet) => plugin.generateVnet(vnetCtx, zone, vnet, state);
}

/** The zone's per-node state worked out once (peers, MTU, its bridge, or why it cannot be set up), bound to its module. */
export const prepareZone = (ctx: ZoneContext, zone: Zone): PreparedZone => prepare(ctx, zone.type, zone);

type ZoneLists = { [K in ZoneType]: ZoneOf<K>[] };

function add<K extends ZoneType>(lists: ZoneLists, type: K, zone: ZoneOf<K>): void {
  lists[type].push(zone);
}

function checkType<K extends ZoneType>(ctx: ZoneCheckContext, lists: ZoneLists, type: K): readonly Issue[] {
  return ZONE_PLUGINS[type].check?.(ctx, lists[type]) ?? [];
}

/** Every zone type's checks across sections, in the table's order, each on its zones in id order. */
export function checkZones(ctx: ZoneCheckContext, zones: Iterable<Zone>): Issue[] {
  const lists: ZoneLists = { simple: [], vlan: [], qinq: [], vxlan: [], evpn: [] };
  for (const zone of zones) add(lists, zone.type, zone);
  return ZONE_TYPES.flatMap((type) => checkType(ctx, lists, type));
}

function checkVnetOf<K extends ZoneType>(ctx: VnetRuleContext, type: K, zone: ZoneOf<K>, vnet: Vnet): readonly Issue[] {
  return ZONE_PLUGINS[type].checkVnet(ctx, zone, vnet);
}

/** A VNet's rules in its zone, by the zone's type. */
export const checkVnetInZone = (ctx: VnetRuleContext, zone: Zone, vnet: Vnet): readonly Issue[] => checkVnetOf(ctx, zone.type, zone, vnet);

function slotsOf<K extends ZoneType>(type: K, zone: ZoneOf<K>, vnet: Vnet): readonly string[] {
  return ZONE_PLUGINS[type].vnetSlots(zone, vnet);
}

/** The unique slots (a VLAN tag in its zone, a VNI) a VNet takes in its zone. */
export const vnetSlots = (zone: Zone, vnet: Vnet): readonly string[] => slotsOf(zone.type, zone, vnet);

function ownVniOf<K extends ZoneType>(type: K, zone: ZoneOf<K>): number | undefined {
  return ZONE_PLUGINS[type].ownVni?.(zone);
}

/** The VNI a zone holds for itself (an EVPN zone's vrf-vxlan), if any. */
export const ownVni = (zone: Zone): number | undefined => ownVniOf(zone.type, zone);

function fabricOf<K extends ZoneType>(config: ZoneConfig, type: K, zone: ZoneOf<K>): string | undefined {
  return ZONE_PLUGINS[type].underlayFabric?.(config, zone);
}

/** The WireGuard fabric a zone's tunnels run over (a VXLAN zone's `fabric`, an EVPN zone's controller's), if any. */
export const wireguardUnderlay = (config: ZoneConfig, zone: Zone): string | undefined => wireguardFabric(config, fabricOf(config, zone.type, zone));

function frrOf<K extends ZoneType>(ctx: ZoneFrrContext, type: K, zone: ZoneOf<K>, vnet?: Vnet): Skipped | undefined {
  const frr = ZONE_PLUGINS[type].frr;
  return vnet ? frr?.vnet(ctx, zone, vnet) : frr?.zone(ctx, zone);
}

/** The zone's part of frr.conf (an EVPN zone's VRF), or with `vnet` that VNet's. */
export const zoneFrr = (ctx: ZoneFrrContext, zone: Zone, vnet?: Vnet): Skipped | undefined => frrOf(ctx, zone.type, zone, vnet);
