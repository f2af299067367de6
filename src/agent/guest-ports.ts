/**
 * Keeps guests plugged in across `ifreload -a`. Debian's ifupdown2 removes
 * every bridge port its config does not list, which unplugs VM taps and
 * container veths (Proxmox's fork spares them). Ports named like guest NICs
 * are recorded before the reload and put back on their bridge after it.
 */
import { readLinks } from './links.js';
import type { CommandRunner } from './runner.js';

/** tap<vmid>i<n>, veth<vmid>i<n>, fwpr<vmid>p<n>: the NIC names Proxmox guests get */
export const GUEST_PORT_RE = /^(?:(?:tap|veth)(\d+)i|fwpr(\d+)p)(\d+)$/;

/** The guest and its NIC (`net<n>`) a port is named after; null for any other port. */
export function guestOfPort(name: string): { readonly vmid: number; readonly index: string } | null {
  const m = GUEST_PORT_RE.exec(name);
  return m ? { vmid: Number(m[1] ?? m[2]), index: `net${m[3] ?? ''}` } : null;
}

export async function guestPorts(runner: CommandRunner): Promise<Map<string, string>> {
  const links = (await readLinks(runner)) ?? [];
  return new Map(links.filter((l) => l.master && GUEST_PORT_RE.test(l.ifname)).map((l) => [l.ifname, l.master as string]));
}

/** Re-attaches ports that lost their bridge; returns the ones it fixed. */
export async function restoreGuestPorts(runner: CommandRunner, before: ReadonlyMap<string, string>): Promise<string[]> {
  const now = await guestPorts(runner);
  const fixed: string[] = [];
  for (const [port, bridge] of before) {
    if (now.get(port) === bridge) continue;
    const r = await runner.run('ip', ['link', 'set', port, 'master', bridge, 'up']);
    if (r.code === 0) fixed.push(port);
  }
  return fixed;
}
