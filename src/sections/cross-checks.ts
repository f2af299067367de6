/**
 * Phase two of validation: rules that span sections, as the reference's
 * update hooks enforce them (unique VLAN tag per zone, globally unique VNIs,
 * gateways inside their subnet, references that resolve, …). Runs on the
 * sections that passed phase one; a reference to a section that exists but
 * failed phase one is not reported twice.
 */
import type { SdnConfig } from './sdn-config.js';
import { crossCheckRouting } from './cross-checks-routing.js';
import { checkControllers } from '../controllers/index.js';
import { checkSubnet, checkVnet, type VnetCheckCtx } from './cross-checks-vnets.js';
import { at, editRule, peersOrFabric, type Purpose, type WhereFn } from '../model/check-rules.js';
import { BUILTIN_IPAM } from '../model/ipam.js';
import { issue, type Issue } from '../model/issues.js';
import type { ModelledKindName } from './kinds.js';
import { overlayMtuProblem, WIREGUARD_DEFAULT_MTU } from '../model/overlay-mtu.js';
import { wireguardUnderlay } from '../zones/wireguard-underlay.js';
import { VnetGroups, vrfZones } from './vnet-groups.js';
import type { Zone } from '../model/zone.js';

export type PresentIds = Readonly<Record<ModelledKindName, ReadonlySet<string>>>;

interface Ctx {
  readonly cfg: SdnConfig;
  readonly present: PresentIds;
  readonly where: WhereFn;
  readonly purpose: Purpose;
  readonly out: Issue[];
}

function checkZones(ctx: Ctx): void {
  const vrfVnis = new Map<number, string>();
  for (const zone of ctx.cfg.zones.values()) {
    if (zone.ipam && zone.ipam !== BUILTIN_IPAM && ctx.present.ipams.size > 0 && !ctx.present.ipams.has(zone.ipam)) {
      ctx.out.push(issue('unknown-ipam', at(ctx, 'zones', zone.id, 'ipam'), `ipam '${zone.ipam}' does not exist`));
    }
    for (const key of ['dns', 'reversedns'] as const) {
      const ref = zone[key];
      if (ref && ctx.present.dns.size > 0 && !ctx.present.dns.has(ref)) {
        ctx.out.push(issue('unknown-dns', at(ctx, 'zones', zone.id, key), `dns server '${ref}' does not exist`));
      }
    }
    const peers = zone.type === 'vxlan' ? peersOrFabric(ctx, 'zones', zone) : undefined;
    if (peers) ctx.out.push(peers);
    if (zone.type === 'evpn') checkEvpnZone(ctx, zone, vrfVnis);
    checkOverlayMtu(ctx, zone);
  }
}

/** An explicit MTU too large for a WireGuard underlay: packets would be dropped or fragmented (a warning: the node may set another MTU). */
function checkOverlayMtu(ctx: Ctx, zone: Zone): void {
  if (zone.type !== 'vxlan' && zone.type !== 'evpn') return;
  const fabric = wireguardUnderlay(ctx.cfg, zone);
  const problem = fabric !== undefined ? overlayMtuProblem(zone.mtu, WIREGUARD_DEFAULT_MTU, `WireGuard fabric '${fabric}' (its interfaces' MTU, ${WIREGUARD_DEFAULT_MTU} by default)`) : null;
  if (problem) ctx.out.push(issue('overlay-mtu', at(ctx, 'zones', zone.id, 'mtu'), problem, 'warning'));
}

function checkEvpnZone(ctx: Ctx, zone: Extract<Zone, { type: 'evpn' }>, vrfVnis: Map<number, string>): void {
  const controller = ctx.cfg.controllers.get(zone.controller);
  if (!controller && !ctx.present.controllers.has(zone.controller)) {
    ctx.out.push(issue('unknown-controller', at(ctx, 'zones', zone.id, 'controller'), `controller '${zone.controller}' does not exist`));
  } else if (controller && controller.type !== 'evpn') {
    ctx.out.push(issue('not-evpn-controller', at(ctx, 'zones', zone.id, 'controller'), `controller '${zone.controller}' is of type '${controller.type}', not an evpn controller`));
  }
  const other = vrfVnis.get(zone['vrf-vxlan']);
  if (other !== undefined) {
    ctx.out.push(editRule(ctx, 'duplicate-vrf-vxlan', at(ctx, 'zones', zone.id, 'vrf-vxlan'), `vrf-vxlan ${zone['vrf-vxlan']} is already declared in zone '${other}'`));
  } else vrfVnis.set(zone['vrf-vxlan'], zone.id);
  const primary = zone['exitnodes-primary'];
  if (primary && !(zone.exitnodes ?? []).includes(primary)) {
    ctx.out.push(editRule(ctx, 'primary-not-exitnode', at(ctx, 'zones', zone.id, 'exitnodes-primary'), `exit node '${primary}' is not in exitnodes (${(zone.exitnodes ?? []).join(',') || 'none'})`));
  }
}

function checkVnetsAndSubnets(ctx: Ctx): void {
  const { cfg, present } = ctx;
  const vctx: VnetCheckCtx = {
    where: ctx.where,
    purpose: ctx.purpose,
    zones: cfg.zones,
    vnets: cfg.vnets,
    presentZones: present.zones,
    presentVnets: present.vnets,
    groups: VnetGroups.of(cfg.zones, cfg.vnets),
    vrfZones: vrfZones(cfg.zones),
  };
  for (const vnet of cfg.vnets.values()) ctx.out.push(...checkVnet(vctx, vnet));
  for (const subnet of cfg.subnets.values()) ctx.out.push(...checkSubnet(vctx, subnet));
}

export function crossCheck(cfg: SdnConfig, present: PresentIds, where: WhereFn, purpose: Purpose = 'edit'): Issue[] {
  const ctx: Ctx = { cfg, present, where, purpose, out: [] };
  checkZones(ctx);
  checkVnetsAndSubnets(ctx);
  checkControllers({ where, purpose, controllers: cfg.controllers, fabrics: cfg.fabrics, routeMaps: cfg.routeMaps, out: ctx.out });
  ctx.out.push(...crossCheckRouting(cfg, where));
  return ctx.out;
}
