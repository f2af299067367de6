/**
 * The node's WireGuard configs: one `wg setconf` file per interface in
 * `/etc/wireguard/proxmox/` (mode 0600: it holds the private key), stale ones
 * removed, and how a changed file takes effect. The interfaces stanza creates
 * the device and loads the file when ifupdown2 brings it up; a device that is
 * already up takes the new file with `wg syncconf`, which keeps the sessions
 * of unchanged peers (no systemd unit involved: wg-quick reads other files).
 */
import { WIREGUARD_CONFIG_DIR, wireguardConfPath, wireguardFile } from '../fabrics/wireguard-config.js';
import type { NodeFile } from '../ir/node-file.js';
import type { NodeHost } from './host.js';
import type { CommandResult } from './runner.js';

/** Removals for the configs of interfaces the node no longer has (none among the `rendered` files). */
export function staleWireguardFiles(host: NodeHost, rendered: readonly NodeFile[]): NodeFile[] {
  const wanted = new Set(rendered.flatMap((f) => (f.service.kind === 'wireguard' ? [f.service.iface] : [])));
  const out: NodeFile[] = [];
  // the directory is Weft's alone (the reference's layout); any other .conf in it is a leftover of ours
  for (const name of host.list(WIREGUARD_CONFIG_DIR).sort()) {
    const iface = name.endsWith('.conf') ? name.slice(0, -'.conf'.length) : null;
    if (iface && !wanted.has(iface)) out.push(wireguardFile(iface, null));
  }
  return out;
}

/**
 * Puts interface `iface`'s config into effect: the result of `wg syncconf`,
 * or null when there is nothing to do. Runs after the network reload: a new
 * device was created (and loaded) by ifupdown2 then, a removed one went with
 * its stanza; only a device that exists with a config left needs a sync.
 */
export async function syncWireguard(host: NodeHost, iface: string): Promise<CommandResult | null> {
  if (host.read(wireguardConfPath(iface)) === null) return null;
  if ((await host.runner.run('ip', ['link', 'show', 'dev', iface])).code !== 0) return null;
  return host.runSystem('wg', ['syncconf', iface, wireguardConfPath(iface)]);
}
