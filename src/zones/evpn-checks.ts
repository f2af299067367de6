/**
 * The EVPN zone's rules across sections: its controllers exist and are
 * EVPN controllers (each secondary once), its vrf-vxlan is its own, its
 * primary exit node is one of its exit nodes; a VNet in it has a VNI of its
 * own and is not VLAN-aware.
 */
import { at, editRule } from '../model/check-rules.js';
import { issue, type Issue } from '../model/issues.js';
import type { Vnet } from '../model/vnet.js';
import type { EvpnZone } from './evpn.js';
import type { VnetRuleContext, ZoneCheckContext } from './plugin.js';
import { checkVni } from './vnet-rules.js';

/** The zone's controllers exist and are EVPN controllers; its vrf-vxlan is its own; its primary exit node is one of its exit nodes. */
export function checkEvpnZones(ctx: ZoneCheckContext, zones: readonly EvpnZone[]): Issue[] {
  const out: Issue[] = [];
  const vrfVnis = new Map<number, string>();
  for (const zone of zones) {
    const controller = ctx.config.controllers.get(zone.controller);
    if (!controller && !ctx.presentControllers.has(zone.controller)) {
      out.push(issue('unknown-controller', at(ctx, 'zones', zone.id, 'controller'), `controller '${zone.controller}' does not exist`));
    } else if (controller && controller.type !== 'evpn') {
      out.push(issue('not-evpn-controller', at(ctx, 'zones', zone.id, 'controller'), `controller '${zone.controller}' is of type '${controller.type}', not an evpn controller`));
    }
    const other = vrfVnis.get(zone['vrf-vxlan']);
    if (other !== undefined) {
      out.push(editRule(ctx, 'duplicate-vrf-vxlan', at(ctx, 'zones', zone.id, 'vrf-vxlan'), `vrf-vxlan ${zone['vrf-vxlan']} is already declared in zone '${other}'`));
    } else vrfVnis.set(zone['vrf-vxlan'], zone.id);
    const primary = zone['exitnodes-primary'];
    if (primary && !(zone.exitnodes ?? []).includes(primary)) {
      out.push(editRule(ctx, 'primary-not-exitnode', at(ctx, 'zones', zone.id, 'exitnodes-primary'), `exit node '${primary}' is not in exitnodes (${(zone.exitnodes ?? []).join(',') || 'none'})`));
    }
    checkSecondaryControllers(ctx, zone, out);
  }
  return out;
}

/** Each secondary controller once, existing, an EVPN controller (each has its own BGP peer group). */
function checkSecondaryControllers(ctx: ZoneCheckContext, zone: EvpnZone, out: Issue[]): void {
  const path = at(ctx, 'zones', zone.id, 'secondary-controllers');
  const seen = new Set([zone.controller]);
  for (const id of zone['secondary-controllers'] ?? []) {
    const c = ctx.config.controllers.get(id);
    if (seen.has(id)) out.push(issue('duplicate-controller', path, `controller '${id}' is listed twice for zone '${zone.id}'`));
    else if (!c) out.push(issue('unknown-controller', path, `controller '${id}' does not exist`));
    else if (c.type !== 'evpn') out.push(issue('not-evpn-controller', path, `controller '${id}' is of type '${c.type}', not an evpn controller`));
    seen.add(id);
  }
}

/** A VNet of the zone: a VNI of its own, and no VLAN awareness (its bridge is routed in the VRF). */
export function checkEvpnVnet(ctx: VnetRuleContext, zone: EvpnZone, vnet: Vnet): Issue[] {
  const out = checkVni(ctx, zone, vnet);
  if (vnet.tag !== undefined && vnet.vlanaware) out.push(editRule(ctx, 'vlanaware-evpn', at(ctx, 'vnets', vnet.id, 'vlanaware'), "vlan-aware option can't be enabled with evpn"));
  return out;
}
