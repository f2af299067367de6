/**
 * The peers of one local WireGuard interface, resolved from the fabric: the
 * referenced node (and, for internal peers, its interface) supplies the public
 * key, endpoint and allowed IPs; the peer entry may override the endpoint and
 * add allowed IPs (proxmox-ve-config `WireGuardConfigBuilder`).
 */
import type { Endpoint } from '../model/values.js';
import type { WireguardFabric, WireguardInterface, WireguardInternalNode, WireguardNode } from './wireguard.js';
import { cidrOf, hostCidr } from './interfaces.js';

/** WireGuard's default port, for an endpoint that names none. */
export const WIREGUARD_DEFAULT_PORT = 51820;

export interface ResolvedPeer {
  readonly node: string;
  readonly publicKey: string;
  /** CIDR texts, duplicates removed, in the reference's order */
  readonly allowedIps: readonly string[];
  /** `host:port` (`[v6]:port`), absent when the peer's address is unknown (it dials in) */
  readonly endpoint?: string;
  readonly persistentKeepalive?: number;
  /** route the allowed IPs over the interface */
  readonly routes: boolean;
}

function endpointText(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * Internal peers: the peer node's router address and its interface addresses
 * (host routes), then its allowed IPs and the peer's own; the port is the
 * peer interface's listen port unless an endpoint names one (NAT forwarding).
 */
function internalPeer(target: WireguardInternalNode, targetIface: WireguardInterface, override: Endpoint | undefined): Pick<ResolvedPeer, 'publicKey' | 'endpoint'> & { base: string[] } {
  const host = override?.host ?? target.endpoint?.host;
  const port = override?.port ?? target.endpoint?.port ?? targetIface.listen_port;
  const base = [target.ip, target.ip6].flatMap((ip) => (ip ? [hostCidr(ip)] : []));
  for (const c of [targetIface.ip, targetIface.ip6]) if (c) base.push(hostCidr(c.address));
  base.push(...target.allowed_ips.map(cidrOf));
  return { publicKey: targetIface.public_key, ...(host !== undefined ? { endpoint: endpointText(host, port) } : {}), base };
}

export function resolvePeers(fabric: WireguardFabric, nodes: ReadonlyMap<string, WireguardNode>, node: WireguardInternalNode, iface: WireguardInterface): ResolvedPeer[] {
  const keepalive = fabric.persistent_keepalive ? { persistentKeepalive: fabric.persistent_keepalive } : {};
  const out: ResolvedPeer[] = [];
  for (const p of node.peers) {
    if (p.iface !== iface.name) continue;
    const target = nodes.get(p.node);
    // validation guarantees the target and its interface exist with the right role
    if (!target || target.role !== p.type) continue;
    let resolved: Pick<ResolvedPeer, 'publicKey' | 'endpoint'> & { base: string[] };
    if (target.role === 'internal') {
      const targetIface = target.interfaces.find((i) => i.name === p.node_iface);
      if (!targetIface) continue;
      resolved = internalPeer(target, targetIface, p.endpoint);
    } else {
      const ep = target.endpoint;
      resolved = { publicKey: target.public_key, endpoint: endpointText(p.endpoint?.host ?? ep.host, p.endpoint?.port ?? ep.port ?? WIREGUARD_DEFAULT_PORT), base: target.allowed_ips.map(cidrOf) };
    }
    const allowedIps = [...new Set([...resolved.base, ...(p.allowed_ips ?? []).map(cidrOf)])];
    out.push({
      node: p.node,
      publicKey: resolved.publicKey,
      allowedIps,
      ...(resolved.endpoint !== undefined ? { endpoint: resolved.endpoint } : {}),
      ...keepalive,
      routes: !p.skip_route_generation,
    });
  }
  return out;
}
