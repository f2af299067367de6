/**
 * WireGuard fabric: per interface of an internal node, a stanza that creates
 * the device, loads its `wg setconf` file, sets the addresses and routes every
 * peer's allowed IPs over it (unless the peer opts out). Debian's ifupdown2
 * has no WireGuard link type, hence the commands; each is safe to re-run on
 * `ifreload` (the device may exist, `replace` is idempotent).
 */
import type { WireguardInterface } from '../model/fabric.js';
import { opt, type IfaceOption } from '../ir/ifupdown/ir.js';
import { cidrOf } from './interfaces.js';
import type { EntryOf, FabricPlugin } from './plugin.js';
import { wireguardConfPath } from './wireguard-config.js';
import { resolvePeers } from './wireguard-peers.js';

/**
 * A stable IPv6 link-local address for the interface (WireGuard devices get
 * none: they have no MAC): fe80:: plus the first 64 bits of its public key.
 */
export function wireguardLinkLocal(publicKey: string): string {
  const bytes = Buffer.from(publicKey, 'base64');
  const groups = [0, 2, 4, 6].map((i) => ((bytes[i] ?? 0) * 256 + (bytes[i + 1] ?? 0)).toString(16));
  return `fe80::${groups.join(':')}/64`;
}

export const wireguardPlugin: FabricPlugin<EntryOf<'wireguard'>> = {
  protocol: 'wireguard',
  interfaces({ entry, node }) {
    if (node.role !== 'internal') return [];
    return node.interfaces.map((iface: WireguardInterface) => {
      const dev = iface.name;
      const routes = new Set(resolvePeers(entry.fabric, entry.nodes, node, iface).flatMap((p) => (p.routes ? p.allowedIps : [])));
      const options: IfaceOption[] = [
        ...[iface.ip, iface.ip6].flatMap((c) => (c ? [opt('address', cidrOf(c))] : [])),
        opt('pre-up', `ip link show dev ${dev} >/dev/null 2>&1 || ip link add dev ${dev} type wireguard`),
        opt('pre-up', `wg setconf ${dev} ${wireguardConfPath(dev)}`),
        ...(iface.ip6_ll ? [opt('post-up', `ip address replace ${wireguardLinkLocal(iface.public_key)} dev ${dev}`)] : []),
        ...[...routes].map((cidr) => opt('post-up', `ip route replace ${cidr} dev ${dev}`)),
        opt('post-down', `ip link delete dev ${dev}`),
        opt('ip-forward', 1),
      ];
      return { name: dev, options };
    });
  },
  // WireGuard routes statically (the interfaces file); routing protocols run on top of it
  frr() {},
};
