/**
 * OSPF (FRR ospfd, OSPFv2: IPv4 only). Interfaces without an address are
 * point-to-point links carrying the node address (unnumbered).
 */
import { addSourceRouteMap, fabricMatches } from './frr-common.js';
import { addressStanza, cidrOf, dummyName, hostCidr } from './interfaces.js';
import type { EntryOf, FabricPlugin } from './plugin.js';

export const ospfPlugin: FabricPlugin<EntryOf<'ospf'>> = {
  protocol: 'ospf',
  interfaces({ node }) {
    return node.interfaces.flatMap((i) => {
      if (i.ip) return [addressStanza(i.name, 4, cidrOf(i.ip))];
      return node.ip ? [addressStanza(i.name, 4, hostCidr(node.ip))] : [];
    });
  },
  frr({ entry: { fabric }, node, frr, state }) {
    // validation guarantees an IPv4 address on every OSPF node
    if (!node.ip) return;
    state.ospfRouterId ??= node.ip.text;
    frr.ospf.router ??= {
      routerId: state.ospfRouterId,
      redistribute: (fabric.redistribute ?? []).map((r) => ({
        source: r.source,
        ...(r.metric !== undefined ? { metric: r.metric } : {}),
        ...(r['route-map'] !== undefined ? { routeMap: r['route-map'] } : {}),
      })),
    };
    const area = fabric.area;
    frr.ospf.interfaces.set(dummyName(fabric.id), { area, passive: true });
    for (const i of node.interfaces) {
      // without an address the link is unnumbered: point-to-point
      const networkType = i.network_type ?? (i.ip ? undefined : 'point-to-point');
      frr.ospf.interfaces.set(i.name, { area, ...(networkType !== undefined ? { networkType } : {}) });
    }
    addSourceRouteMap(frr, state, 'ospf', false, node.ip.text, fabricMatches(frr, 'ospf', fabric, false));
  },
};
