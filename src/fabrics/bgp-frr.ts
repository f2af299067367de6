/**
 * The BGP fabric in FRR: eBGP over every fabric link (`neighbor IFACE
 * interface peer-group FABRIC`, remote-as external), each node announcing its
 * fabric address. Inbound, a per-fabric route map accepts only the fabric's
 * prefixes (or its route filter) and then calls the user's `route_map_in`.
 * When the default BGP instance already exists (an EVPN controller with
 * another ASN), the fabric joins it and presents its own ASN with `local-as`.
 */
import { DEFAULT_VRF, type AfNeighbor, type Redistribution, type UnicastAf } from '../frr/ir.js';
import { ensure, newBgpRouter, newUnicastAf, type BgpRouterDraft, type Draft, type FrrDraft } from '../frr/draft.js';
import type { BgpFabric, BgpInternalNode } from './bgp.js';
import { bgpRouterId } from './ids.js';
import { addSourceRouteMap, fabricMatches } from './frr-common.js';
import { hostCidr } from './interfaces.js';
import type { FabricFrrState } from './plugin.js';

/** Closes `pve_bgp[6]`: routes the fabric does not own (EVPN VRF imports) reach the kernel unchanged. */
export const BGP_PERMIT_REST_SEQ = 65535;

function redistribution(fabric: BgpFabric): Redistribution[] {
  return (fabric.redistribute ?? []).map((r) => ({
    protocol: r.source,
    ...(r.metric !== undefined ? { metric: r.metric } : {}),
    ...(r['route-map'] !== undefined ? { routeMap: r['route-map'] } : {}),
  }));
}

/** One address family of the fabric: its network, its neighbor settings, the inbound filter. */
function familyOf(frr: FrrDraft, state: FabricFrrState, fabric: BgpFabric, address: NonNullable<BgpInternalNode['ip']>): Draft<UnicastAf> {
  const v6 = address.version === 6;
  const matches = fabricMatches(frr, 'bgp', fabric, v6);
  let routeMapIn: string | undefined;
  if (matches.length > 0) {
    routeMapIn = `pve_bgp${v6 ? '6' : ''}_${fabric.id}_in`;
    ensure(frr.routeMaps, routeMapIn, () => []).push({ action: 'permit', seq: 10, matches, sets: [], ...(fabric.route_map_in ? { call: fabric.route_map_in } : {}), custom: [] });
  }
  addSourceRouteMap(frr, state, 'bgp', v6, address.text, matches);
  const neighbor: AfNeighbor = {
    name: fabric.id,
    softReconfigurationInbound: true,
    ...(routeMapIn !== undefined ? { routeMapIn } : {}),
    ...(fabric.route_map_out !== undefined ? { routeMapOut: fabric.route_map_out } : {}),
  };
  return { ...newUnicastAf(), networks: [hostCidr(address)], neighbors: [neighbor], redistribute: redistribution(fabric) };
}

/** Adds `incoming`'s lists to `existing` family by family (proxmox-frr `AddressFamilies::extend`). */
function mergeFamily(existing: Draft<UnicastAf> | undefined, incoming: Draft<UnicastAf>): Draft<UnicastAf> {
  if (!existing) return incoming;
  existing.neighbors.push(...incoming.neighbors);
  existing.importVrf.push(...incoming.importVrf);
  existing.custom.push(...incoming.custom);
  existing.networks.push(...incoming.networks);
  existing.redistribute.push(...incoming.redistribute);
  return existing;
}

export function bgpFabricFrr(frr: FrrDraft, state: FabricFrrState, fabric: BgpFabric, node: BgpInternalNode): void {
  const routerId = bgpRouterId(node);
  if (routerId === undefined) return; // validation requires ip or ip6
  const existing: BgpRouterDraft | undefined = frr.bgpRouters.get(DEFAULT_VRF);
  const group = {
    name: fabric.id,
    remoteAs: 'external' as const,
    ...(existing && existing.asn !== node.asn ? { localAs: { asn: node.asn, mode: 'no-prepend replace-as' as const } } : {}),
    bfd: fabric.bfd === true,
    ips: [],
    interfaces: node.interfaces.map((i) => i.name),
  };
  const router = existing ?? newBgpRouter(node.asn, routerId);
  router.defaultIpv4Unicast ??= false;
  router.neighborGroups.push(group);
  const afs = router.addressFamilies;
  if (node.ip) afs.ipv4Unicast = mergeFamily(afs.ipv4Unicast, familyOf(frr, state, fabric, node.ip));
  if (node.ip6) afs.ipv6Unicast = mergeFamily(afs.ipv6Unicast, familyOf(frr, state, fabric, node.ip6));
  if (!existing) frr.bgpRouters.set(DEFAULT_VRF, router);
}

/** After all fabrics: the closing permit-everything entry of the BGP source route maps. */
export function closeBgpSourceRouteMaps(frr: FrrDraft): void {
  for (const name of ['pve_bgp', 'pve_bgp6']) frr.routeMaps.get(name)?.push({ action: 'permit', seq: BGP_PERMIT_REST_SEQ, matches: [], sets: [], custom: [] });
}
