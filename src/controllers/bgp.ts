/**
 * BGP controller: this node's own BGP sessions (peer group `BGP`, often eBGP
 * to routers outside the cluster) in the default BGP instance, and with a
 * loopback, announcing it and fixing the source of the routes BGP installs.
 * The controller's route maps filter what the peers send and receive. One
 * per node; its peers are not EVPN peers too, and an iBGP one shares the
 * EVPN controllers' ASN (one BGP instance per node).
 */
import { at, editRule } from '../model/check-rules.js';
import { writtenAddrs } from '../model/format-values.js';
import { parseIp } from '../model/ip.js';
import { issue } from '../model/issues.js';
import { optional, required, type TypeTables } from '../model/section-kind.js';
import { ensure, newBgpRouter, newUnicastAf, routeMapEntries, routeMapEntry } from '../frr/draft.js';
import { DEFAULT_VRF } from '../frr/ir.js';
import { localAddress, routerId } from '../ir/local-address.js';
import { skipped } from '../ir/skip.js';
import { checkOnePerNode, checkRouteMapRefs } from './checks.js';
import type { EvpnController } from './evpn.js';
import type { ControllerOf } from './options.js';
import type { ControllerCheckContext, ControllerPlugin } from './plugin.js';

export const bgpOptions = {
  properties: {
    ebgp: { type: 'boolean', description: 'Enable eBGP (remote-as external).' },
    'bgp-multipath-as-path-relax': {
      type: 'boolean',
      description: 'Consider different AS paths of equal length for multipath computation.',
    },
  },
  rules: {
    node: required,
    asn: required,
    peers: required,
    'bgp-multipath-as-path-relax': optional,
    ebgp: optional,
    'ebgp-multihop': optional,
    loopback: optional,
    'route-map-in': optional,
    'route-map-out': optional,
  },
} as const satisfies TypeTables;
export type BgpController = ControllerOf<'bgp', typeof bgpOptions>;

/** The peer group of the BGP controller's sessions (an EVPN controller's may not take its name). */
export const BGP_PEER_GROUP = 'BGP';

function evpnControllers(ctx: ControllerCheckContext): EvpnController[] {
  const out: EvpnController[] = [];
  for (const c of ctx.controllers.values()) if (c.type === 'evpn') out.push(c);
  return out;
}

/**
 * A node runs one BGP instance with one ASN. The reference turns the EVPN
 * sessions into eBGP when the node's BGP controller has another ASN; with an
 * iBGP BGP controller that leaves two iBGP designs with different ASNs on one
 * node, and the EVPN sessions to the other nodes cannot come up.
 */
function checkAsns(ctx: ControllerCheckContext, controllers: readonly BgpController[], evpn: readonly EvpnController[]): void {
  for (const c of controllers) {
    if (c.ebgp) continue;
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
function checkPeerGroupOverlap(ctx: ControllerCheckContext, controllers: readonly BgpController[], evpn: readonly EvpnController[]): void {
  const evpnPeers = new Map<string, string>();
  for (const e of evpn) for (const p of writtenAddrs(e.peers)) evpnPeers.set(p, e.id);
  for (const c of controllers) {
    const shared = writtenAddrs(c.peers).filter((p) => evpnPeers.has(p));
    if (shared.length === 0) continue;
    const others = [...new Set(shared.map((p) => evpnPeers.get(p)))].join("', '");
    const message = `${shared.join(', ')} ${shared.length > 1 ? 'are also peers' : 'is also a peer'} of evpn controller '${others}': FRR refuses a neighbor in two peer groups (BGP and the EVPN group)`;
    ctx.out.push(editRule(ctx, 'peer-in-two-groups', at(ctx, 'controllers', c.id, 'peers'), message));
  }
}

export const bgpControllerPlugin: ControllerPlugin<BgpController> = {
  type: 'bgp',
  check(ctx, controllers) {
    const evpn = evpnControllers(ctx);
    checkAsns(ctx, controllers, evpn);
    checkPeerGroupOverlap(ctx, controllers, evpn);
    checkOnePerNode(ctx, 'bgp', controllers);
    for (const c of controllers) checkRouteMapRefs(ctx, c);
  },
  generate(ctx, c) {
    if (c.node !== ctx.facts.nodename || !c.asn) return;
    const peers = writtenAddrs(c.peers);
    const local = localAddress(peers, c.loopback, ctx.interfaces, ctx.facts);
    if (c.loopback && local.ip === undefined) return skipped(`no local address found on loopback ${c.loopback} or towards the peers`);
    const found = routerId(local, ctx.facts);
    if (found.kind === 'skipped') return found;
    const id = found.value;
    const frr = ctx.frr;
    const router = ensure(frr.bgpRouters, DEFAULT_VRF, () => ({ ...newBgpRouter(c.asn, id), defaultIpv4Unicast: false, coalesceTime: 1000 }));
    // eBGP peers reached through a loopback are not directly connected
    if (c.loopback && c.ebgp) router.disableEbgpConnectedRouteCheck = true;
    if (c['bgp-multipath-as-path-relax']) router.bestpathAsPathMultipathRelax = true;

    if (peers.length > 0) {
      const multihop = c.ebgp && c['ebgp-multihop'] ? { ebgpMultihop: c['ebgp-multihop'] } : {};
      router.neighborGroups.push({ name: BGP_PEER_GROUP, remoteAs: c.ebgp ? 'external' : c.asn, bfd: true, ...multihop, ips: [...peers], interfaces: [] });
      const v6 = local.ip !== undefined && parseIp(local.ip)?.version === 6;
      const maps = { ...(c['route-map-in'] ? { routeMapIn: c['route-map-in'] } : {}), ...(c['route-map-out'] ? { routeMapOut: c['route-map-out'] } : {}) };
      const af = (router.addressFamilies[v6 ? 'ipv6Unicast' : 'ipv4Unicast'] ??= { ...newUnicastAf(), neighbors: [{ name: BGP_PEER_GROUP, softReconfigurationInbound: true, ...maps }] });
      if (c.loopback) af.networks.push(`${local.ip}/${v6 ? 128 : 32}`);
    }

    if (c.loopback && local.ip !== undefined) {
      // routes learned over BGP get the loopback as source address
      frr.prefixLists.set('loopbacks_ips', [{ ipv6: false, action: 'permit', network: '0.0.0.0/0', seq: 10, le: 32 }]);
      frr.protocolRouteMaps.set('bgp', { ...frr.protocolRouteMaps.get('bgp'), v4: 'correct_src' });
      routeMapEntries(frr, 'correct_src').push(
        routeMapEntry('permit', { matches: [{ key: 'ip address prefix-list', value: 'loopbacks_ips' }], sets: [{ key: 'src', value: local.ip }] }),
      );
    }
  },
};
