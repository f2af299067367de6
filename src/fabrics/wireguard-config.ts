/**
 * `/etc/wireguard/proxmox/<iface>.conf`: the `wg setconf` format (not
 * wg-quick's: addresses and routes live in the interfaces file), one file per
 * interface of this node. The private keys come in as a value: rendering stays
 * pure, and the keys never pass through the running config.
 */
import type { FabricConfig } from './fabric-config.js';
import { issue, type Issue } from '../model/issues.js';
import type { NodeFile } from '../ir/node-file.js';
import { resolvePeers, type ResolvedPeer } from './wireguard-peers.js';

export const WIREGUARD_CONFIG_DIR = '/etc/wireguard/proxmox';

export const wireguardConfPath = (iface: string): string => `${WIREGUARD_CONFIG_DIR}/${iface}.conf`;

/** Interface `iface`'s config as a node file (null: removed), 0600: it holds the private key. */
export function wireguardFile(iface: string, content: string | null): NodeFile {
  return { path: wireguardConfPath(iface), content, ...(content !== null ? { mode: 0o600 } : {}), service: { kind: 'wireguard', iface } };
}

/** The private key of one of this node's interfaces, or undefined when there is none yet. */
export type PrivateKeyOf = (iface: string) => string | undefined;

function peerSection(p: ResolvedPeer): string {
  let out = `\n[Peer]\nPublicKey = ${p.publicKey}\n`;
  if (p.allowedIps.length > 0) out += `AllowedIPs = ${p.allowedIps.join(', ')}\n`;
  if (p.endpoint !== undefined) out += `Endpoint = ${p.endpoint}\n`;
  if (p.persistentKeepalive !== undefined) out += `PersistentKeepalive = ${p.persistentKeepalive}\n`;
  return out;
}

/** Interface name → file content, for every WireGuard interface of `nodename`. */
export function renderWireguardConfigs(fabrics: FabricConfig, nodename: string, privateKeyOf: PrivateKeyOf): { files: Map<string, string>; issues: Issue[] } {
  const files = new Map<string, string>();
  const issues: Issue[] = [];
  for (const entry of fabrics.values()) {
    if (entry.protocol !== 'wireguard') continue;
    const node = entry.nodes.get(nodename);
    if (!node || node.role !== 'internal') continue;
    for (const iface of node.interfaces) {
      const key = privateKeyOf(iface.name);
      if (key === undefined) {
        issues.push(issue('missing-private-key', `fabrics.${entry.fabric.id}/${nodename}.interfaces`, `no private key for interface '${iface.name}' of node '${nodename}' (wg-keys.cfg)`));
        continue;
      }
      let text = `[Interface]\nPrivateKey = ${key}\nListenPort = ${iface.listen_port}\n`;
      for (const p of resolvePeers(entry.fabric, entry.nodes, node, iface)) text += peerSection(p);
      files.set(iface.name, text);
    }
  }
  return { files, issues };
}
