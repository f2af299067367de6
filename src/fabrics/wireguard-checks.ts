/**
 * WireGuard fabric rules: interface names and listen ports unique per node
 * (also across fabrics: one kernel device and one UDP socket each), peers that
 * point at a local interface and at an existing node (and, for internal
 * peers, at an interface of it), and no address used twice.
 */
import { cidrText, type FabricConfig } from './fabric-config.js';
import { issue } from '../model/issues.js';
import { nodePath, type FabricCheckCtx } from './check-ctx.js';
import type { EntryOf } from './plugin.js';
import type { WireguardInterface, WireguardInternalNode } from './wireguard.js';

type WgEntry = EntryOf<'wireguard'>;

function checkPeers(ctx: FabricCheckCtx, entry: WgEntry, n: WireguardInternalNode): void {
  const local = new Set<string>(n.interfaces.map((i) => i.name));
  for (const p of n.peers) {
    const path = nodePath(ctx, n, 'peers');
    if (!local.has(p.iface)) ctx.out.push(issue('unknown-interface', path, `peer '${p.node}' uses interface '${p.iface}', which node '${n.node}' does not have`));
    const target = entry.nodes.get(p.node);
    if (!target) {
      ctx.out.push(issue('unknown-node', path, `peer node '${p.node}' does not exist in fabric '${n.fabric}'`));
      continue;
    }
    if (target.role !== p.type) {
      ctx.out.push(issue('peer-type-mismatch', path, `peer '${p.node}' is declared ${p.type}, but node '${p.node}' is ${target.role}`));
      continue;
    }
    if (target.role === 'internal') {
      if (p.node_iface === undefined) ctx.out.push(issue('missing-property', path, `internal peer '${p.node}' needs node_iface (its interface to peer with)`));
      else if (!target.interfaces.some((i) => i.name === p.node_iface)) {
        ctx.out.push(issue('unknown-interface', path, `peer node '${p.node}' has no interface '${p.node_iface}'`));
      }
    }
  }
}

export function checkWireguardFabric(ctx: FabricCheckCtx, entry: WgEntry): void {
  const addresses = new Map<bigint, string>();
  for (const n of entry.nodes.values()) {
    if (n.role !== 'internal') continue;
    const names = new Set<string>();
    const ports = new Set<number>();
    for (const i of n.interfaces) {
      const path = nodePath(ctx, n, 'interfaces');
      if (names.has(i.name)) ctx.out.push(issue('duplicate-interface', path, `interface '${i.name}' is defined twice on node '${n.node}'`));
      names.add(i.name);
      if (ports.has(i.listen_port)) ctx.out.push(issue('duplicate-port', path, `listen port ${i.listen_port} is used twice on node '${n.node}'`));
      ports.add(i.listen_port);
      for (const c of [i.ip, i.ip6]) {
        if (!c) continue;
        const other = addresses.get(c.address.value);
        if (other !== undefined) ctx.out.push(issue('duplicate-ip', path, `${cidrText(c)} of ${n.node}/${i.name} is also the address of ${other}`));
        else addresses.set(c.address.value, `${n.node}/${i.name}`);
      }
    }
    checkPeers(ctx, entry, n);
  }
}

/** The first WireGuard fabric before `entry` (config order) where `node` has an interface `match` accepts. */
function earlierFabric(config: FabricConfig, entry: WgEntry, node: string, match: (i: WireguardInterface) => boolean): string | undefined {
  for (const other of config.values()) {
    if (other === entry) return undefined;
    if (other.protocol !== 'wireguard') continue;
    const n = other.nodes.get(node);
    if (n?.role === 'internal' && n.interfaces.some(match)) return other.fabric.id;
  }
  return undefined;
}

/** The same node in two WireGuard fabrics still has one device per name and one socket per port. */
export function checkWireguardAcross(ctx: FabricCheckCtx, entry: WgEntry, config: FabricConfig): void {
  for (const n of entry.nodes.values()) {
    if (n.role !== 'internal') continue;
    for (const i of n.interfaces) {
      const path = nodePath(ctx, n, 'interfaces');
      const byName = earlierFabric(config, entry, n.node, (o) => o.name === i.name);
      const byPort = earlierFabric(config, entry, n.node, (o) => o.listen_port === i.listen_port);
      if (byName !== undefined) ctx.out.push(issue('duplicate-interface', path, `interface '${i.name}' of node '${n.node}' is already used by fabric '${byName}'`));
      if (byPort !== undefined) ctx.out.push(issue('duplicate-port', path, `listen port ${i.listen_port} of node '${n.node}' is already used by fabric '${byPort}'`));
    }
  }
}
