/**
 * Phase two for fabrics: the reference's rules (proxmox-ve-config
 * `FabricConfig::validate`, `FabricEntry::validate`) over the built fabric
 * tree, plus references to prefix lists and route maps. Every finding names
 * the fabric, the node (`fabric/node`) and the property.
 */
import type { FabricConfig, FabricEntry, FabricNode } from './fabric.js';
import { cidrText } from './fabric.js';
import { bgpRouterId, nodeNet, openfabricNet } from './fabric-ids.js';
import { checkWireguardAcross, checkWireguardFabric } from './fabric-checks-wireguard.js';
import { cidrContains, type ParsedCidr } from './ip.js';
import { issue, type Issue } from './issues.js';

export interface FabricRefs {
  /** names of the configured prefix lists and route maps */
  readonly prefixLists: ReadonlySet<string>;
  readonly routeMaps: ReadonlySet<string>;
}

export interface FabricCheckCtx {
  readonly where: string;
  readonly out: Issue[];
}

export const fabricPath = (ctx: FabricCheckCtx, fabric: string, key: string) => `${ctx.where}${fabric}.${key}`;
export const nodePath = (ctx: FabricCheckCtx, n: FabricNode, key: string) => `${ctx.where}${n.fabric}/${n.node}.${key}`;

/** OSPF areas are a 32-bit number or dotted quad; both name the same area space. */
export function ospfAreaValue(area: string): number | null {
  if (/^\d+$/.test(area)) {
    const n = Number(area);
    return n <= 0xffffffff ? n : null;
  }
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(area);
  if (!m) return null;
  const octets = m.slice(1).map(Number);
  return octets.every((o) => o <= 255) ? octets.reduce((a, o) => a * 256 + o, 0) : null;
}

/** What each protocol demands of the fabric and its node addresses. */
function checkProtocol(ctx: FabricCheckCtx, entry: FabricEntry): void {
  const f = entry.fabric;
  const needPrefix = entry.protocol !== 'wireguard';
  if (needPrefix && !f.ip_prefix && !f.ip6_prefix) {
    ctx.out.push(issue('no-prefix', fabricPath(ctx, f.id, 'ip_prefix'), `fabric '${f.id}' does not have an IP prefix configured (ip_prefix or ip6_prefix)`));
  }
  if (entry.protocol === 'ospf') {
    // ospfd speaks OSPFv2 only: IPv4
    if (f.ip6_prefix) ctx.out.push(issue('ipv6-unsupported', fabricPath(ctx, f.id, 'ip6_prefix'), 'IPv6 is not supported by OSPF fabrics'));
    if (ospfAreaValue(entry.fabric.area) === null) {
      ctx.out.push(issue('bad-value', fabricPath(ctx, f.id, 'area'), `area '${entry.fabric.area}' is neither a 32-bit number nor an IPv4 address`));
    }
  }
  for (const n of entry.nodes.values()) {
    if (entry.protocol === 'openfabric' && !n.ip && !n.ip6) ctx.out.push(issue('no-ip', nodePath(ctx, n, 'ip'), `node '${n.node}' does not have an IP configured (ip or ip6)`));
    if (entry.protocol === 'ospf') {
      if (!n.ip) ctx.out.push(issue('no-ip', nodePath(ctx, n, 'ip'), `node '${n.node}' needs an IPv4 address (router-id)`));
      if (n.ip6) ctx.out.push(issue('ipv6-unsupported', nodePath(ctx, n, 'ip6'), 'IPv6 is not supported by OSPF fabrics'));
    }
  }
  if (entry.protocol === 'bgp') checkBgpRouterIds(ctx, entry);
  if (entry.protocol === 'wireguard') checkWireguardFabric(ctx, entry);
}

/** Router-ids must differ (the IPv6 hash can collide) and 0.0.0.0 is refused by FRR. */
function checkBgpRouterIds(ctx: FabricCheckCtx, entry: Extract<FabricEntry, { protocol: 'bgp' }>): void {
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
}

/** Node addresses: unique in the fabric, present iff the fabric has that prefix, and inside it. */
function checkNodeAddresses(ctx: FabricCheckCtx, entry: FabricEntry): void {
  const f = entry.fabric;
  for (const [key, prefixKey] of [['ip', 'ip_prefix'], ['ip6', 'ip6_prefix']] as const) {
    const seen = new Map<bigint, string>();
    const prefix: ParsedCidr | undefined = f[prefixKey];
    for (const n of entry.nodes.values()) {
      const address = n[key];
      const path = nodePath(ctx, n, key);
      if (!address) {
        if (prefix) ctx.out.push(issue('no-ip-for-prefix', path, `node '${n.node}' has no ${key} for the fabric prefix ${cidrText(prefix)}`));
        continue;
      }
      if (seen.has(address.value)) ctx.out.push(issue('duplicate-ip', path, `${address.text} is also the address of node '${seen.get(address.value)}' in fabric '${f.id}'`));
      else seen.set(address.value, n.node);
      if (!prefix) ctx.out.push(issue('no-prefix-for-ip', path, `fabric '${f.id}' has no ${prefixKey} for the node address ${address.text}`));
      else if (!cidrContains(prefix, address)) {
        ctx.out.push(issue('ip-outside-prefix', path, `node IP ${address.text} is outside the IP prefix ${cidrText(prefix)} of fabric '${f.id}'`));
      }
    }
  }
}

function overlaps(a: ParsedCidr, b: ParsedCidr): boolean {
  const shorter = a.prefix <= b.prefix ? a : b;
  const longer = shorter === a ? b : a;
  return cidrContains(shorter, { version: longer.version, text: '', value: longer.network });
}

/** Fabric prefixes may not overlap: the source-address route maps would fight over them. */
function checkPrefixOverlap(ctx: FabricCheckCtx, config: FabricConfig): void {
  const fabrics = [...config.values()].map((e) => e.fabric);
  fabrics.forEach((f2, j) => {
    for (const f1 of fabrics.slice(0, j)) {
      for (const key of ['ip_prefix', 'ip6_prefix'] as const) {
        const [p1, p2] = [f1[key], f2[key]];
        if (p1 && p2 && overlaps(p1, p2)) {
          ctx.out.push(issue('overlapping-prefix', fabricPath(ctx, f2.id, key), `${cidrText(p2)} overlaps with ${cidrText(p1)} of fabric '${f1.id}'`));
        }
      }
    }
  });
}

/**
 * Across fabrics: one OSPF area per fabric (one ospfd per node), each node
 * interface in at most one routing fabric, one NET per node whose system id
 * is unique in each OpenFabric fabric.
 */
function checkAcrossFabrics(ctx: FabricCheckCtx, config: FabricConfig): void {
  const areas = new Map<number, string>();
  const ifaces = new Map<string, string>();
  for (const entry of config.values()) {
    if (entry.protocol === 'ospf') {
      const area = ospfAreaValue(entry.fabric.area);
      if (area !== null && areas.has(area)) ctx.out.push(issue('duplicate-area', fabricPath(ctx, entry.fabric.id, 'area'), `area ${entry.fabric.area} is already used by fabric '${areas.get(area)}'`));
      else if (area !== null) areas.set(area, entry.fabric.id);
    }
    for (const n of entry.nodes.values()) {
      const names = n.protocol === 'wireguard' || (n.protocol === 'bgp' && n.role === 'external') ? [] : n.interfaces.map((i) => i.name);
      for (const name of names) {
        const key = `${n.node}/${name}`;
        const other = ifaces.get(key);
        if (other !== undefined) ctx.out.push(issue('duplicate-interface', nodePath(ctx, n, 'interfaces'), `interface '${name}' of node '${n.node}' is already used by fabric '${other}'`));
        else ifaces.set(key, n.fabric);
      }
    }
    if (entry.protocol === 'openfabric') checkNets(ctx, config, entry);
  }
}

function checkNets(ctx: FabricCheckCtx, config: FabricConfig, entry: Extract<FabricEntry, { protocol: 'openfabric' }>): void {
  const seen = new Map<string, FabricNode>();
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
}

/** Names that must resolve: route filters (prefix lists) and route maps. */
function checkReferences(ctx: FabricCheckCtx, config: FabricConfig, refs: FabricRefs): void {
  for (const { fabric: f } of config.values()) {
    if ('route_filter' in f && f.route_filter !== undefined && !refs.prefixLists.has(f.route_filter)) {
      ctx.out.push(issue('unknown-prefix-list', fabricPath(ctx, f.id, 'route_filter'), `prefix list '${f.route_filter}' does not exist`));
    }
    const maps: [string, string | undefined][] = [];
    if (f.protocol === 'bgp') maps.push(['route_map_in', f.route_map_in], ['route_map_out', f.route_map_out]);
    if (f.protocol === 'bgp' || f.protocol === 'ospf') for (const r of f.redistribute ?? []) maps.push(['redistribute', r['route-map']]);
    for (const [key, name] of maps) {
      if (name !== undefined && !refs.routeMaps.has(name)) ctx.out.push(issue('unknown-route-map', fabricPath(ctx, f.id, key), `route map '${name}' does not exist`));
    }
  }
}

export function checkFabrics(config: FabricConfig, where: string, refs: FabricRefs): Issue[] {
  const ctx: FabricCheckCtx = { where, out: [] };
  for (const entry of config.values()) {
    checkProtocol(ctx, entry);
    checkNodeAddresses(ctx, entry);
  }
  checkPrefixOverlap(ctx, config);
  checkAcrossFabrics(ctx, config);
  checkWireguardAcross(ctx, config);
  checkReferences(ctx, config, refs);
  return ctx.out;
}
