/**
 * Phase two of validation: rules that span sections, as the reference's
 * update hooks enforce them (unique VLAN tag per zone, globally unique VNIs,
 * gateways inside their subnet, references that resolve, …). Runs on the
 * sections that passed phase one; a reference to a section that exists but
 * failed phase one is not reported twice.
 */
import type { SdnConfig } from './sdn-config.js';
import { checkControllers } from '../controllers/index.js';
import { checkSubnet, checkVnet, type VnetCheckCtx } from './cross-checks-vnets.js';
import { at, type Purpose, type WhereFn } from '../model/check-rules.js';
import { BUILTIN_IPAM } from '../model/ipam.js';
import { issue, type Issue } from '../model/issues.js';
import type { ModelledKindName } from './kinds.js';
import { overlayMtuProblem, WIREGUARD_DEFAULT_MTU } from '../model/overlay-mtu.js';
import { checkZones, wireguardUnderlay } from '../zones/index.js';
import type { ZoneCheckContext } from '../zones/plugin.js';
import { VnetGroups, vrfZones } from './vnet-groups.js';
import type { Zone } from '../zones/kind.js';

export type PresentIds = Readonly<Record<ModelledKindName, ReadonlySet<string>>>;

interface Ctx {
  readonly cfg: SdnConfig;
  readonly present: PresentIds;
  readonly where: WhereFn;
  readonly purpose: Purpose;
  readonly out: Issue[];
}

/** What every zone's common properties name; then each zone type's own rules (zones/). */
function checkZoneSections(ctx: Ctx): void {
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
    checkOverlayMtu(ctx, zone);
  }
  const zctx: ZoneCheckContext = { where: ctx.where, purpose: ctx.purpose, config: ctx.cfg, presentControllers: ctx.present.controllers };
  for (const found of checkZones(zctx, ctx.cfg.zones.values())) ctx.out.push(found);
}

/** An explicit MTU too large for a WireGuard underlay: packets would be dropped or fragmented (a warning: the node may set another MTU). */
function checkOverlayMtu(ctx: Ctx, zone: Zone): void {
  const fabric = wireguardUnderlay(ctx.cfg, zone);
  const problem = fabric !== undefined ? overlayMtuProblem(zone.mtu, WIREGUARD_DEFAULT_MTU, `WireGuard fabric '${fabric}' (its interfaces' MTU, ${WIREGUARD_DEFAULT_MTU} by default)`) : null;
  if (problem) ctx.out.push(issue('overlay-mtu', at(ctx, 'zones', zone.id, 'mtu'), problem, 'warning'));
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
  checkZoneSections(ctx);
  checkVnetsAndSubnets(ctx);
  checkControllers({ where, purpose, controllers: cfg.controllers, fabrics: cfg.fabrics, routeMaps: cfg.routeMaps, out: ctx.out });
  return ctx.out;
}
