/**
 * The EVPN zone's part of frr.conf, after the EVPN controllers' (render/frr.ts):
 * per zone a VRF with its L3 VNI and a VRF BGP instance; on exit nodes the
 * default route into the overlay and the routes back out of it; and which
 * VNIs an EVPN controller must not announce (the zones it does not carry),
 * given to the controller through its context.
 */
import { activeOn, vtepMaps } from '../controllers/evpn.js';
import { evpnAsn, evpnUnderlay } from '../controllers/evpn-underlay.js';
import type { ControllerConfig } from '../controllers/plugin.js';
import { ensure, newBgpRouter, newL2vpnEvpnAf, newUnicastAf, newVrf, routeMapEntries, routeMapEntry, type BgpRouterDraft, type Draft } from '../frr/draft.js';
import { DEFAULT_VRF, type L2vpnEvpnAf, type PrefixListRule, type RouteMapEntry } from '../frr/ir.js';
import type { EvpnController } from '../controllers/evpn.js';
import type { Vnet } from '../model/vnet.js';
import { zoneAppliesTo } from '../model/zone-nodes.js';
import { routerId } from '../ir/local-address.js';
import type { EvpnZone } from './evpn.js';
import type { Zone } from './kind.js';
import type { ZoneFrr, ZoneFrrContext } from './plugin.js';
import type { NodeName, VnetId, ZoneId } from '../model/values.js';

/** exit-local-routing veth pair: the VRF side's address, the next hop of the routes back in */
const XVRF_PEER = { 4: '10.255.255.2', 6: 'fe80::2' } as const;

/** The zone's EVPN controllers active on this node: the primary, then the secondaries. */
function zoneControllers(config: ControllerConfig, zone: EvpnZone, node: NodeName): EvpnController[] {
  const out: EvpnController[] = [];
  for (const id of [zone.controller, ...(zone['secondary-controllers'] ?? [])]) {
    const c = config.controllers.get(id);
    if (c?.type === 'evpn' && activeOn(c, node)) out.push(c);
  }
  return out;
}

/** The VNIs (VNet tags and the L3 VNI) of the node's EVPN zones that `c` does not announce. */
export function foreignVnis(zones: ReadonlyMap<ZoneId, Zone>, vnets: ReadonlyMap<VnetId, Vnet>, c: EvpnController, node: NodeName): number[] {
  const foreign = new Set<string>();
  const vnis: number[] = [];
  for (const zone of zones.values()) {
    if (zone.type !== 'evpn' || !zoneAppliesTo(zone.nodes, node)) continue;
    if (zone.controller === c.id || (zone['secondary-controllers'] ?? []).includes(c.id)) continue;
    foreign.add(zone.id);
    vnis.push(zone['vrf-vxlan']);
  }
  if (foreign.size === 0) return [];
  for (const vnet of vnets.values()) if (foreign.has(vnet.zone) && vnet.tag !== undefined) vnis.push(vnet.tag);
  return vnis.sort((a, b) => a - b);
}

function isExitNode(zone: EvpnZone, node: NodeName): boolean {
  return zone.exitnodes?.includes(node) ?? false;
}

function l2vpnOf(router: BgpRouterDraft): Draft<L2vpnEvpnAf> {
  return (router.addressFamilies.l2vpnEvpn ??= newL2vpnEvpnAf());
}

/** Both families of `router` redistribute connected routes (the VRF's subnets). */
function redistributeConnected(router: BgpRouterDraft): void {
  (router.addressFamilies.ipv4Unicast ??= newUnicastAf()).redistribute.push({ protocol: 'connected' });
  (router.addressFamilies.ipv6Unicast ??= newUnicastAf()).redistribute.push({ protocol: 'connected' });
}

/** Entries matching the default route of each family, for the exit-node route maps. */
function defaultRouteEntries(action: RouteMapEntry['action'], sets: RouteMapEntry['sets']): Draft<RouteMapEntry>[] {
  return [
    routeMapEntry(action, { matches: [{ key: 'ip address prefix-list', value: 'only_default' }], sets }),
    routeMapEntry(action, { matches: [{ key: 'ipv6 address prefix-list', value: 'only_default_v6' }], sets }),
  ];
}

/** An exit node announces the default route into the zone and routes the zone's subnets outside. */
function exitNode(ctx: ZoneFrrContext, zone: EvpnZone, vrfName: string, vrfRouter: BgpRouterDraft): void {
  const frr = ctx.frr;
  ensure(frr.prefixLists, 'only_default', (): PrefixListRule[] => [{ ipv6: false, action: 'permit', network: '0.0.0.0/0', seq: 1 }]);
  ensure(frr.prefixLists, 'only_default_v6', (): PrefixListRule[] => [{ ipv6: true, action: 'permit', network: '::/0', seq: 1 }]);
  const primary = zone['exitnodes-primary'];
  // through every peer group that carries the zone's routes
  for (const c of zoneControllers(ctx.config, zone, ctx.facts.nodename)) {
    const maps = vtepMaps(c);
    if (!primary || primary === ctx.facts.nodename) {
      // the primary (or every exit node) ignores the default route other exit nodes announce
      routeMapEntries(frr, maps.in).unshift(...defaultRouteEntries('deny', []));
    } else {
      // a secondary exit node announces its default route with a worse metric
      routeMapEntries(frr, maps.out).unshift(...defaultRouteEntries('permit', [{ key: 'metric', value: '200' }]));
    }
  }
  if (!zone['exitnodes-local-routing']) {
    // leak the VRF's routes into the default instance so the node routes them (and back)
    const main = frr.bgpRouters.get(DEFAULT_VRF);
    if (main) {
      (main.addressFamilies.ipv4Unicast ??= newUnicastAf()).importVrf.push(vrfName);
      (main.addressFamilies.ipv6Unicast ??= newUnicastAf()).importVrf.push(vrfName);
    }
    redistributeConnected(vrfRouter);
  }
  l2vpnOf(vrfRouter).defaultOriginate = ['ipv4', 'ipv6'];
}

export const evpnFrr: ZoneFrr<EvpnZone> = {
  zone(ctx, zone) {
    // the zone's primary controller sets up its VRF; without an EVPN controller there is none
    const c = ctx.config.controllers.get(zone.controller);
    if (c?.type !== 'evpn') return;
    const underlay = evpnUnderlay(c, ctx.node, ctx.interfaces, ctx.facts, ctx.config.fabrics);
    if (underlay.kind === 'skipped') return underlay;
    const { asn, autortAs } = evpnAsn(c, ctx.node);
    if (!asn) return;
    const id = routerId(underlay.value.local, ctx.facts);
    if (id.kind === 'skipped') return id;
    const vrfName = `vrf_${zone.id}`;
    const vni = zone['vrf-vxlan'];
    const exit = isExitNode(zone, ctx.facts.nodename);

    const vrf = newVrf(vni);
    // on an exit node, other zones' subnets must not be routed through it into this VRF
    if (exit) vrf.ipRoutes.push(...ctx.nullRoutes(zone.id));
    ctx.frr.vrfs.set(vrfName, vrf);
    const router: BgpRouterDraft = { ...newBgpRouter(asn, id.value), hardAdministrativeReset: false, gracefulRestartNotification: false };
    ctx.frr.bgpRouters.set(vrfName, router);

    if (autortAs) {
      const target = `${autortAs}:${vni}`;
      l2vpnOf(router).routeTargets = { import: [target], export: [target], both: [] };
    }
    if (exit) exitNode(ctx, zone, vrfName, router);
    else if (zone['advertise-subnets']) {
      redistributeConnected(router);
      const l2vpn = l2vpnOf(router);
      l2vpn.advertiseIpv4Unicast = true;
      l2vpn.advertiseIpv6Unicast = true;
    }
    if (zone['rt-import']?.length) {
      const l2vpn = l2vpnOf(router);
      (l2vpn.routeTargets ??= { import: [], export: [], both: [] }).import.push(...zone['rt-import']);
    }
  },

  vnet(ctx, zone, vnet) {
    if (ctx.config.controllers.get(zone.controller)?.type !== 'evpn') return;
    if (!zone['exitnodes-local-routing'] || !isExitNode(zone, ctx.facts.nodename)) return;
    // the exit node reaches the VNet's subnets through the veth pair into the VRF
    for (const subnet of ctx.subnetsOf(vnet.id)) {
      const version = subnet.cidr.version;
      ctx.frr.ipRoutes.push({ ipv6: version === 6, prefix: subnet.cidrText, via: XVRF_PEER[version], vrf: `xvrf_${zone.id}` });
    }
  },
};
