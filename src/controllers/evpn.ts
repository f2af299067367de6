/**
 * EVPN controller: iBGP (or eBGP: a per-node BGP controller, `bgp-mode`)
 * sessions to every other VTEP in peer group `VTEP` (or `peer-group-name`;
 * several controllers have one group each) carrying `l2vpn evpn`. Each group
 * has its own route maps (`MAP_VTEP_IN/OUT` for `VTEP`, `pve_<group>_in/out`
 * for the others), which call that controller's own route maps only; a
 * group announces the zones whose primary or secondary controller it is (the
 * VNIs of the other zones, which the zones say, are denied on the way out).
 * The per-zone part — a VRF with its L3 VNI, exit nodes — is the EVPN zone's
 * (zones/evpn-frr.ts). Its checks: peers or a fabric that exists, route maps
 * that exist, a peer group of its own.
 */
import { at, peersOrFabric } from '../model/check-rules.js';
import { issue } from '../model/issues.js';
import { POLICY_NAME_PATTERN } from '../model/prefix-list.js';
import { optional, required, type TypeTables } from '../model/section-kind.js';
import { ensure, newBgpRouter, newL2vpnEvpnAf, routeMapEntries, routeMapEntry } from '../frr/draft.js';
import { DEFAULT_VRF, type NeighborGroup } from '../frr/ir.js';
import { routerId } from '../ir/local-address.js';
import { BGP_PEER_GROUP } from './bgp.js';
import { checkRouteMapRefs } from './checks.js';
import { evpnAsn, evpnUnderlay } from './evpn-underlay.js';
import type { ControllerOf } from './options.js';
import type { ControllerCheckContext, ControllerContext, ControllerPlugin } from './plugin.js';
import type { NodeName } from '../model/values.js';

const DEFAULT_GROUP = 'VTEP';

export const evpnOptions = {
  properties: {
    fabric: { type: 'string', format: 'pve-sdn-fabric-id', description: 'SDN fabric to use as underlay for this EVPN controller.' },
    'bgp-mode': {
      type: 'string',
      enum: ['auto', 'internal', 'external'],
      default: 'auto',
      description: 'BGP session type of the EVPN (VTEP) peers: auto keeps the old rule (iBGP unless a BGP controller exists).',
    },
    'peer-group-name': {
      type: 'string',
      pattern: POLICY_NAME_PATTERN,
      default: DEFAULT_GROUP,
      description: 'Name of the BGP peer group of the EVPN peers; every additional EVPN controller needs its own.',
    },
    nodes: { type: 'string', format: 'pve-node-list', description: 'Nodes where this controller is active (default: all).' },
  },
  rules: {
    asn: required,
    peers: optional,
    fabric: optional,
    'route-map-in': optional,
    'route-map-out': optional,
    'bgp-mode': optional,
    'peer-group-name': optional,
    'ebgp-multihop': optional,
    nodes: optional,
  },
  listProperties: ['nodes'],
} as const satisfies TypeTables;
export type EvpnController = ControllerOf<'evpn', typeof evpnOptions>;

/** The peer group of an EVPN controller's VTEP sessions. */
const groupOf = (c: EvpnController): string => c['peer-group-name'] ?? DEFAULT_GROUP;

/**
 * The route maps of a controller's peer group (the reference's names for
 * `VTEP`, the reserved `pve_` space for others) and the extended community
 * list of the route targets it must not announce.
 */
export function vtepMaps(c: EvpnController): { readonly in: string; readonly out: string; readonly foreign: string } {
  const group = groupOf(c);
  const foreign = `pve_${group}_foreign`;
  return group === DEFAULT_GROUP ? { in: 'MAP_VTEP_IN', out: 'MAP_VTEP_OUT', foreign } : { in: `pve_${group}_in`, out: `pve_${group}_out`, foreign };
}

/** Whether `c` configures anything on `node` (`nodes` limits where it peers). */
export const activeOn = (c: EvpnController, node: NodeName): boolean => c.nodes === undefined || c.nodes.includes(node);

/** FRR's `neighbor … ebgp-multihop` for VTEP sessions sourced from a loopback */
const LOOPBACK_EBGP_MULTIHOP = 10;
/** The node's ASN in the controller's BGP fabric underlay, if it has one. */
function bgpFabricAsn(ctx: ControllerContext, c: EvpnController): number | undefined {
  const entry = c.fabric !== undefined ? ctx.config.fabrics.get(c.fabric) : undefined;
  const node = entry?.protocol === 'bgp' ? entry.nodes.get(ctx.facts.nodename) : undefined;
  return node?.role === 'internal' ? node.asn : undefined;
}

/**
 * The VTEP sessions' type by `bgp-mode`: `auto` keeps the reference's rule
 * (eBGP when the node's BGP controller has another ASN), `internal` forces
 * iBGP, `external` eBGP; over a BGP fabric, eBGP sessions present the node's
 * fabric ASN (`local-as`) so the VTEPs peer under their own ASNs.
 */
function vtepSession(c: EvpnController, at: { asn: number; ebgp: boolean; loopback?: string; fabricAsn?: number }): Pick<NeighborGroup, 'remoteAs' | 'ebgpMultihop' | 'localAs'> {
  const mode = c['bgp-mode'] ?? 'auto';
  const external = mode === 'external' || (mode === 'auto' && at.ebgp);
  if (!external) return { remoteAs: at.asn };
  const multihop = c['ebgp-multihop'] ?? (at.loopback ? LOOPBACK_EBGP_MULTIHOP : undefined);
  return {
    remoteAs: 'external',
    ...(multihop !== undefined ? { ebgpMultihop: multihop } : {}),
    ...(mode === 'external' && at.fabricAsn !== undefined && at.fabricAsn !== at.asn ? { localAs: { asn: at.fabricAsn, mode: 'no-prepend replace-as' as const } } : {}),
  };
}

/**
 * Each EVPN controller has its own peer group (one group, one set of route
 * maps), neither the BGP controller's nor a BGP fabric's (named by its id).
 */
function checkPeerGroup(ctx: ControllerCheckContext, c: EvpnController, groups: Map<string, string>, bgpFabrics: ReadonlySet<string>): void {
  const group = groupOf(c);
  const path = at(ctx, 'controllers', c.id, 'peer-group-name');
  const other = groups.get(group);
  if (other !== undefined) ctx.out.push(issue('duplicate-peer-group', path, `peer group '${group}' is already used by EVPN controller '${other}'; give each EVPN controller its own peer-group-name`));
  else groups.set(group, c.id);
  if (group === BGP_PEER_GROUP || bgpFabrics.has(group)) {
    ctx.out.push(issue('reserved-peer-group', path, `peer group '${group}' is the one of ${group === BGP_PEER_GROUP ? 'the BGP controller' : `BGP fabric '${group}'`}`));
  }
}

function checkEvpn(ctx: ControllerCheckContext, controllers: readonly EvpnController[]): void {
  for (const c of controllers) {
    const peers = peersOrFabric(ctx, 'controllers', c);
    if (peers) ctx.out.push(peers);
  }
  for (const c of controllers) {
    if (c.fabric !== undefined && !ctx.fabrics.has(c.fabric)) ctx.out.push(issue('unknown-fabric', at(ctx, 'controllers', c.id, 'fabric'), `fabric '${c.fabric}' does not exist`));
  }
  const groups = new Map<string, string>();
  const bgpFabrics = new Set([...ctx.fabrics.values()].filter((e) => e.protocol === 'bgp').map((e) => e.fabric.id));
  for (const c of controllers) {
    checkRouteMapRefs(ctx, c);
    checkPeerGroup(ctx, c, groups, bgpFabrics);
  }
}

export const evpnControllerPlugin: ControllerPlugin<EvpnController> = {
  type: 'evpn',
  check: checkEvpn,

  generate(ctx, c) {
    // `nodes` limits where the controller peers; elsewhere it configures nothing
    if (!activeOn(c, ctx.facts.nodename)) return;
    const found = evpnUnderlay(c, ctx.node, ctx.interfaces, ctx.facts, ctx.config.fabrics);
    if (found.kind === 'skipped') return found;
    const underlay = found.value;
    const { asn, ebgp, autortAs } = evpnAsn(c, ctx.node);
    if (!asn) return;
    const id = routerId(underlay.local, ctx.facts);
    if (id.kind === 'skipped') return id;
    const router = ensure(ctx.frr.bgpRouters, DEFAULT_VRF, () => ({
      ...newBgpRouter(asn, id.value),
      hardAdministrativeReset: false,
      defaultIpv4Unicast: false,
      coalesceTime: 1000,
      gracefulRestartNotification: false,
    }));
    const { loopback } = underlay;
    const group = groupOf(c);
    const maps = vtepMaps(c);
    const fabricAsn = bgpFabricAsn(ctx, c);
    const session = vtepSession(c, { asn, ebgp, ...(loopback ? { loopback } : {}), ...(fabricAsn !== undefined ? { fabricAsn } : {}) });
    router.neighborGroups.push({
      name: group,
      ...session,
      bfd: true,
      ...(loopback ? { updateSource: loopback } : {}),
      ips: underlay.peers.filter((p) => p !== underlay.local.ip),
      interfaces: [],
    });
    const l2vpn = (router.addressFamilies.l2vpnEvpn ??= { ...newL2vpnEvpnAf(), advertiseAllVni: true });
    // several EVPN controllers: each peer group carries the EVPN routes, through its own maps
    l2vpn.neighbors.push({ name: group, routeMapIn: maps.in, routeMapOut: maps.out });
    if (autortAs) l2vpn.autortAs = autortAs;
    // zones this controller is neither primary nor secondary of are not announced to its peers:
    // their routes carry the node's automatic route targets <ASN>:<VNI> (FRR's `match evpn vni`
    // misses the type-3 routes that make the flooding lists)
    const out = routeMapEntries(ctx.frr, maps.out);
    const foreign = ctx.foreignVnis(c);
    if (foreign.length > 0) {
      ctx.frr.extcommunityLists.set(maps.foreign, foreign.map((vni) => `${autortAs ?? asn}:${vni}`));
      out.push(routeMapEntry('deny', { matches: [{ key: 'extcommunity', value: maps.foreign }] }));
    }
    // the controller's own route maps run after the generated filters (FRR `call`), for its peer group only
    routeMapEntries(ctx.frr, maps.in).push({ ...routeMapEntry('permit'), ...(c['route-map-in'] ? { call: c['route-map-in'] } : {}) });
    out.push({ ...routeMapEntry('permit'), ...(c['route-map-out'] ? { call: c['route-map-out'] } : {}) });
  },
};
