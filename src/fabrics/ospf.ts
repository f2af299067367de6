/**
 * OSPF (FRR ospfd, OSPFv2: IPv4 only): its options, its checks and its
 * generation. Interfaces without an address are point-to-point links
 * carrying the node address (unnumbered).
 */
import type { FabricProtocolTables } from '../model/fabric-kind.js';
import { issue } from '../model/issues.js';
import { optional, optionalAs, required } from '../model/section-kind.js';
import { fabricPath, nodePath } from './check-ctx.js';
import { addSourceRouteMap, fabricMatches } from './frr-common.js';
import { addressStanza, cidrOf, dummyName, hostCidr } from './interfaces.js';
import { cidr4, ifaceName, propertyStrings, redistribution, type SectionsOf } from './options.js';
import type { EntryOf, FabricPlugin } from './plugin.js';
import { interfacesNode, type BuiltFabric, type BuiltNode, type NodeCtx } from './section-build.js';

export const ospfOptions = {
  properties: { area: { type: 'string', description: 'OSPF area: a 32-bit number or an IPv4 address.' } },
  fabric: {
    area: required,
    route_filter: optional,
    redistribute: optionalAs(redistribution(['bgp', 'connected', 'isis', 'kernel', 'openfabric', 'static'])),
  },
  node: {
    interfaces: optionalAs(
      propertyStrings('OSPF interfaces', {
        name: ifaceName,
        ip: cidr4,
        network_type: { type: 'string', enum: ['broadcast', 'non-broadcast', 'point-to-point', 'point-to-multipoint'], optional: true, description: 'OSPF network type.' },
      } as const),
    ),
  },
} as const satisfies FabricProtocolTables;

type Sections = SectionsOf<'ospf', typeof ospfOptions>;
export type OspfFabricSection = Sections['fabric'];
export type OspfNodeSection = Sections['node'];
export type OspfFabric = BuiltFabric<OspfFabricSection, 'ospf'>;
export type OspfNode = BuiltNode<OspfNodeSection, 'ospf', 'interfaces'>;

export const ospfNode = (ctx: NodeCtx, r: OspfNodeSection): OspfNode => interfacesNode(ctx, 'ospf', r);

/** OSPF areas are a 32-bit number or dotted quad; both name the same area space. */
function ospfAreaValue(area: string): number | null {
  if (/^\d+$/.test(area)) {
    const n = Number(area);
    return n <= 0xffffffff ? n : null;
  }
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(area);
  if (!m) return null;
  const octets = m.slice(1).map(Number);
  return octets.every((o) => o <= 255) ? octets.reduce((a, o) => a * 256 + o, 0) : null;
}

export const ospfPlugin: FabricPlugin<EntryOf<'ospf'>> = {
  protocol: 'ospf',
  check(ctx, { fabric: f, nodes }) {
    // ospfd speaks OSPFv2 only: IPv4
    if (f.ip6_prefix) ctx.out.push(issue('ipv6-unsupported', fabricPath(ctx, f.id, 'ip6_prefix'), 'IPv6 is not supported by OSPF fabrics'));
    if (ospfAreaValue(f.area) === null) ctx.out.push(issue('bad-value', fabricPath(ctx, f.id, 'area'), `area '${f.area}' is neither a 32-bit number nor an IPv4 address`));
    for (const n of nodes.values()) {
      if (!n.ip) ctx.out.push(issue('no-ip', nodePath(ctx, n, 'ip'), `node '${n.node}' needs an IPv4 address (router-id)`));
      if (n.ip6) ctx.out.push(issue('ipv6-unsupported', nodePath(ctx, n, 'ip6'), 'IPv6 is not supported by OSPF fabrics'));
    }
  },
  // one area per fabric: a node runs one ospfd
  checkAcross(ctx, { fabric: f }, config) {
    const area = ospfAreaValue(f.area);
    if (area === null) return;
    for (const other of config.values()) {
      if (other.fabric === f) return;
      if (other.protocol === 'ospf' && ospfAreaValue(other.fabric.area) === area) {
        ctx.out.push(issue('duplicate-area', fabricPath(ctx, f.id, 'area'), `area ${f.area} is already used by fabric '${other.fabric.id}'`));
        return;
      }
    }
  },
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
