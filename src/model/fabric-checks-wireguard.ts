/**
 * WireGuard fabric rules: interface names and listen ports unique per node
 * (also across fabrics: one kernel device and one UDP socket each), peers that
 * point at a local interface and at an existing node (and, for internal
 * peers, at an interface of it), and no address used twice.
 */
import type { FabricConfig, FabricEntry, WireguardInternalNode } from './fabric.js';
import { cidrText } from './fabric.js';
import type { FabricCheckCtx } from './fabric-checks.js';
import { issue } from './issues.js';

type WgEntry = Extract<FabricEntry, { protocol: 'wireguard' }>;

const at = (ctx: FabricCheckCtx, n: { fabric: string; node: string }, key: string) => `${ctx.where}${n.fabric}/${n.node}.${key}`;

function checkPeers(ctx: FabricCheckCtx, entry: WgEntry, n: WireguardInternalNode): void {
  const local = new Set<string>(n.interfaces.map((i) => i.name));
  for (const p of n.peers) {
    const path = at(ctx, n, 'peers');
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
      const path = at(ctx, n, 'interfaces');
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

/** The same node in two WireGuard fabrics still has one device per name and one socket per port. */
export function checkWireguardAcross(ctx: FabricCheckCtx, config: FabricConfig): void {
  const names = new Map<string, string>();
  const ports = new Map<string, string>();
  for (const entry of config.values()) {
    if (entry.protocol !== 'wireguard') continue;
    for (const n of entry.nodes.values()) {
      if (n.role !== 'internal') continue;
      for (const i of n.interfaces) {
        const nameKey = `${n.node}/${i.name}`;
        const portKey = `${n.node}/${i.listen_port}`;
        const path = at(ctx, n, 'interfaces');
        const byName = names.get(nameKey);
        const byPort = ports.get(portKey);
        if (byName !== undefined && byName !== n.fabric) ctx.out.push(issue('duplicate-interface', path, `interface '${i.name}' of node '${n.node}' is already used by fabric '${byName}'`));
        if (byPort !== undefined && byPort !== n.fabric) ctx.out.push(issue('duplicate-port', path, `listen port ${i.listen_port} of node '${n.node}' is already used by fabric '${byPort}'`));
        names.set(nameKey, names.get(nameKey) ?? n.fabric);
        ports.set(portKey, ports.get(portKey) ?? n.fabric);
      }
    }
  }
}
