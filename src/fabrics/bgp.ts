/**
 * BGP unnumbered fabric (FRR bgpd, eBGP per node ASN): its options, its
 * checks and its generation (the FRR part in `bgp-frr.ts`). Links need no
 * address: peering runs over IPv6 link-local addresses, so the stanza only
 * brings the interface up and lets it forward.
 */
import type { FabricProtocolTables } from '../model/fabric-kind.js';
import { issue } from '../model/issues.js';
import { optional, optionalAs, required } from '../model/section-kind.js';
import { opt } from '../ir/ifupdown/ir.js';
import { bgpFabricFrr } from './bgp-frr.js';
import { nodePath } from './check-ctx.js';
import { bgpRouterId } from './ids.js';
import { ifaceName, propertyStrings, redistribution, routeMapRef, u32, type SectionsOf } from './options.js';
import type { EntryOf, FabricPlugin } from './plugin.js';
import { checkRole, nodeBase, type BuiltFabric, type BuiltNode, type NodeCtx, type RoleNode, type RoleRules } from './section-build.js';

export const bgpOptions = {
  properties: {
    bfd: { type: 'boolean', description: 'Enable BFD on all peering sessions of the fabric.' },
    route_map_in: { ...routeMapRef, description: 'Route map called after the inbound prefix filter.' },
    route_map_out: { ...routeMapRef, description: 'Route map for routes announced to fabric neighbors.' },
    asn: u32('BGP autonomous system number of this node.'),
    peer_ip: { type: 'string', format: 'ipv4', description: 'Address of an external BGP node.' },
  },
  fabric: {
    bfd: optional,
    redistribute: optionalAs(redistribution(['connected', 'isis', 'kernel', 'openfabric', 'ospf', 'ospf6', 'static'])),
    route_map_in: optional,
    route_map_out: optional,
    route_filter: optional,
  },
  // role decides which of these apply (checked when the node is built)
  node: { role: required, asn: optional, interfaces: optionalAs(propertyStrings('BGP unnumbered interfaces', { name: ifaceName } as const)), peer_ip: optional },
} as const satisfies FabricProtocolTables;

type Sections = SectionsOf<'bgp', typeof bgpOptions>;
export type BgpFabricSection = Sections['fabric'];
export type BgpNodeSection = Sections['node'];
export type BgpFabric = BuiltFabric<BgpFabricSection, 'bgp'>;
type BgpNodeOf = BuiltNode<BgpNodeSection, 'bgp', 'interfaces'>;
export type BgpInternalNode = RoleNode<BgpNodeOf, 'internal', 'asn' | 'peer_ip', { readonly asn: number }>;
export type BgpExternalNode = RoleNode<BgpNodeOf, 'external', 'asn' | 'interfaces', unknown>;
export type BgpNode = BgpInternalNode | BgpExternalNode;

const ROLES: RoleRules<BgpNodeSection> = {
  internal: { forbidden: ['peer_ip'], required: ['asn'] },
  external: { forbidden: ['asn', 'interfaces'], required: [] },
};

export function bgpNode(ctx: NodeCtx, r: BgpNodeSection): BgpNode | undefined {
  if (!checkRole(ctx, 'bgp', r, ROLES[r.role])) return undefined;
  const base = { ...nodeBase(ctx, r), protocol: 'bgp' as const };
  if (r.role === 'external') return { ...base, role: 'external', ...(r.peer_ip ? { peer_ip: r.peer_ip } : {}) };
  // the role rule required it
  if (r.asn === undefined) return undefined;
  return { ...base, role: 'internal', asn: r.asn, interfaces: r.interfaces ?? [] };
}

export const bgpPlugin: FabricPlugin<EntryOf<'bgp'>> = {
  protocol: 'bgp',
  // router-ids must differ (the IPv6 hash can collide) and 0.0.0.0 is refused by FRR
  check(ctx, entry) {
    const seen = new Map<string, string>();
    const asns = new Map<number, string>();
    for (const n of entry.nodes.values()) {
      if (n.role !== 'internal') continue;
      const id = bgpRouterId(n);
      if (id === '0.0.0.0') ctx.out.push(issue('bad-router-id', nodePath(ctx, n, 'ip6'), `router-id of node '${n.node}' resolves to 0.0.0.0; set an IPv4 address or another IPv6 address`));
      else if (id !== undefined && seen.has(id)) {
        ctx.out.push(issue('duplicate-router-id', nodePath(ctx, n, n.ip ? 'ip' : 'ip6'), `nodes '${seen.get(id)}' and '${n.node}' both resolve to router-id ${id}`));
      } else if (id !== undefined) seen.set(id, n.node);
      // eBGP unnumbered: neighbors with one ASN would see their own AS in the path
      const other = asns.get(n.asn);
      if (other !== undefined) {
        ctx.out.push(issue('shared-asn', nodePath(ctx, n, 'asn'), `nodes '${other}' and '${n.node}' share ASN ${n.asn}; directly connected nodes need different ASNs`, 'warning'));
      } else asns.set(n.asn, n.node);
    }
  },
  interfaces({ node }) {
    if (node.role !== 'internal') return [];
    const forward = [opt('ip-forward', 1), ...(node.ip6 ? [opt('ip6-forward', 1)] : [])];
    return node.interfaces.map((i) => ({ name: i.name, options: forward }));
  },
  frr({ entry, node, frr, state }) {
    if (node.role === 'internal') bgpFabricFrr(frr, state, entry.fabric, node);
  },
};
