/**
 * Renders `/etc/network/interfaces.d/sdn` for one node: every VNet whose zone
 * applies to the node goes through its zone plugin, in VNet id order. With a
 * cache, a VNet whose VNet, zone and subnets are those of the last render
 * (with the same node-wide inputs) replays its recorded part instead.
 */
import type { InterfacesFile } from '../config/interfaces.js';
import type { SdnConfig } from '../sections/sdn-config.js';
import { issue, type Issue } from '../model/issues.js';
import type { Vnet } from '../model/vnet.js';
import type { Zone } from '../zones/kind.js';
import { zoneAppliesTo } from '../model/zone-nodes.js';
import type { ZoneContext } from '../zones/plugin.js';
import { prepareZone, type PreparedZone } from '../zones/index.js';
import type { NodeFacts } from '../ir/facts.js';
import { InterfacesBuilder, type Iface } from '../ir/ifupdown/ir.js';
import { RecordingSink, replay } from '../ir/ifupdown/recorder.js';
import { sameInputs, sameItems, type RenderCache, type VnetPart } from './render-cache.js';
import { subnetsByVnet } from '../ir/subnet-index.js';

export interface NetworkRender {
  readonly ifaces: readonly Iface[];
  /** VNets left out on this node, with the reason */
  readonly warnings: readonly Issue[];
  /** VNets rendered, and how many of them replayed their part from the cache */
  readonly vnets: number;
  readonly reused: number;
}

/** Runs the zone module for one VNet; a VNet it cannot set up on this node is a warning. */
function generate(ctx: ZoneContext, prepared: PreparedZone, zone: Zone, vnet: Vnet): Issue | undefined {
  const skip = prepared(ctx, vnet);
  return skip && issue('vnet-skipped', `vnets.${vnet.id}`, `zone ${zone.id}: vnet ${vnet.id}: ${skip.reason}`, 'warning');
}

export function renderZoneInterfaces(config: SdnConfig, facts: NodeFacts, interfaces: InterfacesFile, cache?: RenderCache): NetworkRender {
  const ifaces = new InterfacesBuilder();
  const warnings: Issue[] = [];
  const ctx: ZoneContext = { config, facts, interfaces, subnetsOf: subnetsByVnet(config), ifaces };
  // each zone worked out once per render, when its first VNet that is not replayed needs it
  const zones = new Map<string, PreparedZone>();
  const prepared = (zone: Zone): PreparedZone => {
    let found = zones.get(zone.id);
    if (!found) zones.set(zone.id, (found = prepareZone(ctx, zone)));
    return found;
  };
  // what the zone plugins read besides their VNet, zone and subnets
  const env = [facts, interfaces, config.controllers, config.fabrics];
  const last = cache?.network && sameInputs(cache.network.env, env) ? cache.network.parts : undefined;
  const parts = new Map<string, VnetPart>();
  let vnets = 0;
  let reused = 0;

  for (const vnet of config.vnets.values()) {
    const id = vnet.id;
    const zone = config.zones.get(vnet.zone);
    if (!zone || !zoneAppliesTo(zone.nodes, facts.nodename)) continue;
    vnets++;
    if (!cache) {
      const warning = generate(ctx, prepared(zone), zone, vnet);
      if (warning) warnings.push(warning);
      continue;
    }
    const subnets = ctx.subnetsOf(id);
    let part = last?.get(id);
    if (part && part.vnet === vnet && part.zone === zone && sameItems(part.subnets, subnets) && replay(part.steps, ifaces)) reused++;
    else {
      const recorder = new RecordingSink(ifaces);
      const warning = generate({ ...ctx, ifaces: recorder }, prepared(zone), zone, vnet);
      part = { vnet, zone, subnets, steps: recorder.steps, ...(warning ? { warning } : {}) };
    }
    parts.set(id, part);
    if (part.warning) warnings.push(part.warning);
  }
  if (cache) cache.network = { env, parts };
  return { ifaces: ifaces.build(), warnings, vnets, reused };
}
