/**
 * Phase two for fabrics: the reference's rules (proxmox-ve-config
 * `FabricConfig::validate`, `FabricEntry::validate`) over the built fabric
 * tree, plus references to prefix lists and route maps. The rules every
 * protocol shares are here; each protocol's own are its module's (`check`,
 * `checkAcross`), run in their place through the plugin table. Every finding
 * names the fabric, the node (`fabric/node`) and the property.
 */
import { cidrContains } from '../model/ip.js';
import { issue, type Issue } from '../model/issues.js';
import type { ParsedCidr } from '../model/values.js';
import { fabricPath, nodePath, type FabricCheckCtx } from './check-ctx.js';
import { cidrText, type FabricConfig, type FabricEntry } from './fabric-config.js';
import { fabricPlugin } from './index.js';

export interface FabricRefs {
  /** names of the configured prefix lists and route maps */
  readonly prefixLists: ReadonlySet<string>;
  readonly routeMaps: ReadonlySet<string>;
}

/** What every protocol demands of the fabric (a prefix; WireGuard needs none), then the protocol's own rules. */
function checkProtocol(ctx: FabricCheckCtx, entry: FabricEntry): void {
  const f = entry.fabric;
  if (entry.protocol !== 'wireguard' && !f.ip_prefix && !f.ip6_prefix) {
    ctx.out.push(issue('no-prefix', fabricPath(ctx, f.id, 'ip_prefix'), `fabric '${f.id}' does not have an IP prefix configured (ip_prefix or ip6_prefix)`));
  }
  fabricPlugin(entry.protocol).check(ctx, entry);
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
 * Across fabrics: each protocol's rules against the fabrics before (one OSPF
 * area per fabric, one NET per node, WireGuard devices and ports), and each
 * node interface in at most one routing fabric.
 */
function checkAcrossFabrics(ctx: FabricCheckCtx, config: FabricConfig): void {
  const ifaces = new Map<string, string>();
  for (const entry of config.values()) {
    fabricPlugin(entry.protocol).checkAcross?.(ctx, entry, config);
    for (const n of entry.nodes.values()) {
      const names = n.protocol === 'wireguard' || (n.protocol === 'bgp' && n.role === 'external') ? [] : n.interfaces.map((i) => i.name);
      for (const name of names) {
        const key = `${n.node}/${name}`;
        const other = ifaces.get(key);
        if (other !== undefined) ctx.out.push(issue('duplicate-interface', nodePath(ctx, n, 'interfaces'), `interface '${name}' of node '${n.node}' is already used by fabric '${other}'`));
        else ifaces.set(key, n.fabric);
      }
    }
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
  checkReferences(ctx, config, refs);
  return ctx.out;
}
