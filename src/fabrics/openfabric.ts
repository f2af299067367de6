/**
 * OpenFabric (FRR fabricd, IS-IS for fabrics): its options, its checks and
 * its generation. Interfaces: the configured addresses, or else the node
 * address: fabricd needs none, but the kernel picks ARP source addresses from
 * the interface, so the reference puts the node address on every unnumbered
 * fabric link.
 */
import type { FabricProtocolTables } from '../model/fabric-kind.js';
import { issue } from '../model/issues.js';
import { optional, optionalAs } from '../model/section-kind.js';
import { nodePath } from './check-ctx.js';
import { addSourceRouteMap, fabricMatches } from './frr-common.js';
import { nodeNet, openfabricNet } from './ids.js';
import { addressStanza, cidrOf, dummyName, hostCidr } from './interfaces.js';
import { cidr4, cidr6, ifaceName, propertyStrings, type SectionsOf } from './options.js';
import type { EntryOf, FabricPlugin } from './plugin.js';
import { interfacesNode, type BuiltFabric, type BuiltNode, type NodeCtx } from './section-build.js';

const interval = (description: string) => ({ type: 'integer', minimum: 1, maximum: 600, description }) as const;

export const openfabricOptions = {
  properties: {
    hello_interval: interval('OpenFabric hello interval in seconds, for every interface.'),
    csnp_interval: interval('OpenFabric CSNP interval in seconds, for every interface.'),
  },
  fabric: { hello_interval: optional, csnp_interval: optional, route_filter: optional },
  node: {
    interfaces: optionalAs(
      propertyStrings('OpenFabric interfaces', {
        name: ifaceName,
        hello_multiplier: { type: 'integer', minimum: 2, maximum: 100, optional: true, description: 'Missed hellos before the adjacency is down.' },
        ip: cidr4,
        ip6: cidr6,
      } as const),
    ),
  },
} as const satisfies FabricProtocolTables;

type Sections = SectionsOf<'openfabric', typeof openfabricOptions>;
export type OpenfabricFabricSection = Sections['fabric'];
export type OpenfabricNodeSection = Sections['node'];
export type OpenfabricFabric = BuiltFabric<OpenfabricFabricSection, 'openfabric'>;
export type OpenfabricNode = BuiltNode<OpenfabricNodeSection, 'openfabric', 'interfaces'>;

export const openfabricNode = (ctx: NodeCtx, r: OpenfabricNodeSection): OpenfabricNode => interfacesNode(ctx, 'openfabric', r);

export const openfabricPlugin: FabricPlugin<EntryOf<'openfabric'>> = {
  protocol: 'openfabric',
  check(ctx, entry) {
    for (const n of entry.nodes.values()) if (!n.ip && !n.ip6) ctx.out.push(issue('no-ip', nodePath(ctx, n, 'ip'), `node '${n.node}' does not have an IP configured (ip or ip6)`));
  },
  // one NET per node, whose system id is unique in each fabric
  checkAcross(ctx, entry, config) {
    const seen = new Map<string, OpenfabricNode>();
    for (const n of entry.nodes.values()) {
      const net = nodeNet(config, n.node);
      if (net === undefined) continue;
      const other = seen.get(net);
      if (other === undefined) {
        seen.set(net, n);
        continue;
      }
      // the same address is reported as duplicate-ip already
      const own = n.ip ?? n.ip6;
      if (own && own.value === (other.ip ?? other.ip6)?.value) continue;
      const note = own && openfabricNet(own) !== net ? ' (a node uses the NET of its first OpenFabric fabric)' : '';
      ctx.out.push(issue('duplicate-net', nodePath(ctx, n, n.ip ? 'ip' : 'ip6'), `node '${n.node}' has the same NET ${net} as node '${other.node}'${note}`));
    }
  },
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
