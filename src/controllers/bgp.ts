/**
 * BGP controller: this node's own BGP sessions (peer group `BGP`, often eBGP
 * to routers outside the cluster) in the default BGP instance, and with a
 * loopback, announcing it and fixing the source of the routes BGP installs.
 * The controller's route maps filter what the peers send and receive.
 */
import { writtenAddrs } from '../model/format-values.js';
import { parseIp } from '../model/ip.js';
import type { BgpController } from '../model/controller.js';
import { ensure, newBgpRouter, newUnicastAf, routeMapEntries, routeMapEntry } from '../frr/draft.js';
import { DEFAULT_VRF } from '../frr/ir.js';
import { localAddress, routerId } from '../ir/local-address.js';
import { skipped } from '../ir/skip.js';
import type { ControllerPlugin } from './plugin.js';

export const bgpControllerPlugin: ControllerPlugin<BgpController> = {
  type: 'bgp',
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
      router.neighborGroups.push({ name: 'BGP', remoteAs: c.ebgp ? 'external' : c.asn, bfd: true, ...multihop, ips: [...peers], interfaces: [] });
      const v6 = local.ip !== undefined && parseIp(local.ip)?.version === 6;
      const maps = { ...(c['route-map-in'] ? { routeMapIn: c['route-map-in'] } : {}), ...(c['route-map-out'] ? { routeMapOut: c['route-map-out'] } : {}) };
      const af = (router.addressFamilies[v6 ? 'ipv6Unicast' : 'ipv4Unicast'] ??= { ...newUnicastAf(), neighbors: [{ name: 'BGP', softReconfigurationInbound: true, ...maps }] });
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
