/**
 * OpenFabric (FRR fabricd, IS-IS for fabrics). Interfaces: the configured
 * addresses, or else the node address: fabricd needs none, but the kernel
 * picks ARP source addresses from the interface, so the reference puts the
 * node address on every unnumbered fabric link.
 */
import { nodeNet } from '../model/fabric-ids.js';
import { addSourceRouteMap, fabricMatches } from './frr-common.js';
import { addressStanza, cidrOf, dummyName, hostCidr } from './interfaces.js';
import type { EntryOf, FabricPlugin } from './plugin.js';

export const openfabricPlugin: FabricPlugin<EntryOf<'openfabric'>> = {
  protocol: 'openfabric',
  interfaces({ node }) {
    return node.interfaces.flatMap((i) => {
      const stanzas = [...(i.ip ? [addressStanza(i.name, 4, cidrOf(i.ip))] : []), ...(i.ip6 ? [addressStanza(i.name, 6, cidrOf(i.ip6))] : [])];
      if (stanzas.length > 0) return stanzas;
      const own = node.ip ?? node.ip6;
      return own ? [addressStanza(i.name, own.version, hostCidr(own))] : [];
    });
  },
  frr({ fabrics, entry: { fabric }, node, frr, state }) {
    const net = nodeNet(fabrics, node.node);
    if (net !== undefined) frr.openfabric.routers.set(fabric.id, { net });
    const families = { fabric: fabric.id, ipv4: node.ip !== undefined, ipv6: node.ip6 !== undefined };
    frr.openfabric.interfaces.set(dummyName(fabric.id), { ...families, passive: true });
    for (const i of node.interfaces) {
      frr.openfabric.interfaces.set(i.name, {
        ...families,
        ...(fabric.hello_interval !== undefined ? { helloInterval: fabric.hello_interval } : {}),
        ...(i.hello_multiplier !== undefined ? { helloMultiplier: i.hello_multiplier } : {}),
        ...(fabric.csnp_interval !== undefined ? { csnpInterval: fabric.csnp_interval } : {}),
      });
    }
    if (node.ip) addSourceRouteMap(frr, state, 'openfabric', false, node.ip.text, fabricMatches(frr, 'openfabric', fabric, false));
    if (node.ip6) addSourceRouteMap(frr, state, 'openfabric', true, node.ip6.text, fabricMatches(frr, 'openfabric', fabric, true));
  },
};
