/**
 * What a VNet asks of its guests' bridge ports, enforced by the agent:
 * `isolate-ports` (the VNet) isolates each guest port, so guests reach only
 * the bridge itself (their gateway), and `bridge-disable-mac-learning` (the
 * zone) turns learning off. Proxmox sets both when it plugs a guest NIC;
 * Weft's agent sets them on the ports it finds after each reload (ifreload
 * and re-plugging guest ports make new bridge ports with default flags) and
 * on each port that appears later, told by the kernel (`ip monitor link`).
 */
import type { SdnConfig } from '../sections/sdn-config.js';
import { zoneAppliesTo } from '../model/zone-nodes.js';
import { GUEST_PORT_RE } from './guest-ports.js';
import { readLinks, type IpLink } from './links.js';
import type { CommandRunner } from './runner.js';
import type { NodeName } from '../model/values.js';

export interface PortFlags {
  readonly isolated: boolean;
  readonly learning: boolean;
}

/** Wanted flags of guest ports per VNet bridge of this node (every VNet bridge: a policy removed resets its ports). */
export type PortPolicy = ReadonlyMap<string, PortFlags>;

export function portPolicy(config: SdnConfig, nodename: NodeName): PortPolicy {
  const out = new Map<string, PortFlags>();
  for (const vnet of config.vnets.values()) {
    const zone = config.zones.get(vnet.zone);
    if (!zone || !zoneAppliesTo(zone.nodes, nodename)) continue;
    const noLearning = 'bridge-disable-mac-learning' in zone && zone['bridge-disable-mac-learning'] === true;
    out.set(vnet.id, { isolated: vnet['isolate-ports'] === true, learning: !noLearning });
  }
  return out;
}

/** The `bridge link set` arguments that give `link` its wanted flags; null when it has them or is no guest port of a VNet. */
function fixFor(link: IpLink, policy: PortPolicy): string[] | null {
  const wanted = link.master !== undefined && GUEST_PORT_RE.test(link.ifname) ? policy.get(link.master) : undefined;
  if (!wanted) return null;
  const now = link.linkinfo?.info_slave_data ?? {};
  const args: string[] = [];
  if ((now.isolated ?? false) !== wanted.isolated) args.push('isolated', wanted.isolated ? 'on' : 'off');
  if ((now.learning ?? true) !== wanted.learning) args.push('learning', wanted.learning ? 'on' : 'off');
  return args.length > 0 ? ['link', 'set', 'dev', link.ifname, ...args] : null;
}

/** Logs what `enforcePortPolicy` did. */
export function logPortChanges(r: { changed: readonly string[]; failed: readonly string[] }, log: (line: string) => void): void {
  for (const c of r.changed) log(`guest port ${c}`);
  for (const f of r.failed) log(`guest port ${f}: could not be set`);
}

/** Sets the wanted flags on the guest ports (all, or only `port`); returns what it changed, as `port: flags` lines. */
export async function enforcePortPolicy(runner: CommandRunner, policy: PortPolicy, port?: string): Promise<{ changed: string[]; failed: string[] }> {
  const links = (await readLinks(runner, true)) ?? [];
  const changed: string[] = [];
  const failed: string[] = [];
  for (const link of links) {
    if (port !== undefined && link.ifname !== port) continue;
    const args = fixFor(link, policy);
    if (!args) continue;
    const r = await runner.run('bridge', args);
    const what = `${link.ifname}: ${args.slice(4).join(' ')}`;
    if (r.code === 0) changed.push(what);
    else failed.push(`${what} (${r.stderr.trim() || `exit ${r.code}`})`);
  }
  return { changed, failed };
}

/** `ip -o monitor link` line → the link and its master, when it has one (`7: tap100i0@…: <…> … master vnet1 …`). */
export function monitoredPort(line: string): { port: string; master: string } | null {
  const m = /^\d+:\s+([^\s:@]+)(?:@\S+)?:\s.*\bmaster (\S+)/.exec(line);
  return m ? { port: m[1] as string, master: m[2] as string } : null;
}

/**
 * Follows the kernel's link events until `signal` aborts and enforces the
 * policy (read fresh from `current()`) on each guest port that joins a VNet
 * bridge. Without a streaming runner it does nothing (ports get their flags
 * at the next reload).
 */
export async function followGuestPorts(runner: CommandRunner, current: () => PortPolicy | null, log: (line: string) => void, signal: AbortSignal): Promise<void> {
  if (!runner.stream) return;
  let queue = Promise.resolve();
  await runner.stream(
    'ip',
    ['-o', 'monitor', 'link'],
    (line) => {
      const seen = monitoredPort(line);
      const policy = current();
      if (!seen || !policy?.has(seen.master) || !GUEST_PORT_RE.test(seen.port)) return;
      // one at a time, in the order the kernel told: a port's own flag change is an event too (then nothing to do)
      queue = queue.then(async () => {
        logPortChanges(await enforcePortPolicy(runner, policy, seen.port), log);
      });
    },
    signal,
  );
  await queue;
}
