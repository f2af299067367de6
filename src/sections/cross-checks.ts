/**
 * Phase two of validation: rules that span sections, as the reference's
 * update hooks enforce them (unique VLAN tag per zone, globally unique VNIs,
 * gateways inside their subnet, references that resolve, …). Runs on the
 * sections that passed phase one; a reference to a section that exists but
 * failed phase one is not reported twice.
 */
import type { SdnConfig } from './sdn-config.js';
import { crossCheckRouting } from './cross-checks-routing.js';
import { writtenAddrs } from '../model/format-values.js';
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

/**
 * A node runs one BGP instance with one ASN. The reference turns the EVPN
 * sessions into eBGP when the node's BGP controller has another ASN; with an
 * iBGP BGP controller that leaves two iBGP designs with different ASNs on one
 * node, and the EVPN sessions to the other nodes cannot come up.
 */
function checkBgpAsns(ctx: Ctx): void {
  const evpn = [...ctx.cfg.controllers.values()].filter((c) => c.type === 'evpn');
  for (const c of ctx.cfg.controllers.values()) {
    if (c.type !== 'bgp' || c.ebgp) continue;
    for (const e of evpn) {
      // same ASN; the EVPN sessions chosen as eBGP; or the EVPN controller not on this node
      if (e.asn === c.asn || e['bgp-mode'] === 'external' || (e.nodes !== undefined && !e.nodes.includes(c.node))) continue;
      const message = `bgp controller '${c.id}' on node '${c.node}' is iBGP (ebgp not set) with asn ${c.asn}, but evpn controller '${e.id}' has asn ${e.asn}: one node has one BGP instance; use the same asn, set ebgp for an eBGP underlay, or bgp-mode external on the evpn controller`;
      ctx.out.push(issue('asn-conflict', at(ctx, 'controllers', c.id, 'asn'), message));
    }
  }
}

/**
 * FRR puts a neighbor in one peer group only: a BGP controller peer that is
 * also an EVPN peer makes bgpd refuse the config ("Cannot change the
 * peer-group"). The reference renders it (its case evpn/multipath_relax).
 */
function checkPeerGroupOverlap(ctx: Ctx): void {
  const evpnPeers = new Map<string, string>();
  for (const c of ctx.cfg.controllers.values()) {
    if (c.type === 'evpn') for (const p of writtenAddrs(c.peers)) evpnPeers.set(p, c.id);
  }
  for (const c of ctx.cfg.controllers.values()) {
    if (c.type !== 'bgp') continue;
    const shared = writtenAddrs(c.peers).filter((p) => evpnPeers.has(p));
    if (shared.length === 0) continue;
    const others = [...new Set(shared.map((p) => evpnPeers.get(p)))].join("', '");
    const message = `${shared.join(', ')} ${shared.length > 1 ? 'are also peers' : 'is also a peer'} of evpn controller '${others}': FRR refuses a neighbor in two peer groups (BGP and the EVPN group)`;
    ctx.out.push(editRule(ctx, 'peer-in-two-groups', at(ctx, 'controllers', c.id, 'peers'), message));
  }
}

function checkControllers(ctx: Ctx): void {
  checkBgpAsns(ctx);
  checkPeerGroupOverlap(ctx);
  const perNode = new Map<string, string>();
  for (const c of ctx.cfg.controllers.values()) {
    const peers = c.type === 'evpn' ? peersOrFabric(ctx, 'controllers', c) : undefined;
    if (peers) ctx.out.push(peers);
    if (c.type === 'bgp' || c.type === 'isis') {
      const key = `${c.type}/${c.node}`;
      const other = perNode.get(key);
      if (other) ctx.out.push(issue('duplicate-node-controller', at(ctx, 'controllers', c.id, 'node'), `only one ${c.type} controller per node: '${other}' already configures node '${c.node}'`));
      else perNode.set(key, c.id);
    }
  }
}

export function crossCheck(cfg: SdnConfig, present: PresentIds, where: WhereFn, purpose: Purpose = 'edit'): Issue[] {
  const ctx: Ctx = { cfg, present, where, purpose, out: [] };
  checkZones(ctx);
  checkVnetsAndSubnets(ctx);
  checkControllers(ctx);
  ctx.out.push(...crossCheckRouting(cfg, where));
  return ctx.out;
}
