/** The node's network links as `ip -json link show` reports them. */
import type { CommandRunner } from './runner.js';

export interface IpLink {
  readonly ifname: string;
  readonly master?: string;
  readonly address?: string;
  readonly mtu?: number;
  readonly flags?: readonly string[];
  /**
   * only with `details`: what the link is, what it is a port of (`info_slave_kind: 'bridge'`), a bridge's
   * `vlan_filtering` (0 or 1), a bridge port's flags
   */
  readonly linkinfo?: {
    readonly info_kind?: string;
    readonly info_slave_kind?: string;
    readonly info_data?: { readonly vlan_filtering?: number };
    readonly info_slave_data?: { readonly isolated?: boolean; readonly learning?: boolean };
  };
}

/** null when `ip` could not run, failed or printed something else than a list. */
export async function readLinks(runner: CommandRunner, details = false): Promise<IpLink[] | null> {
  // a runner that cannot start `ip` at all (not installed, a sandbox) means the same as a failed `ip`
  const r = await runner.run('ip', [...(details ? ['-details'] : []), '-json', 'link', 'show']).catch(() => null);
  if (r === null || r.code !== 0) return null;
  try {
    const data = JSON.parse(r.stdout) as unknown;
    return Array.isArray(data) ? (data as IpLink[]).filter((l) => typeof l?.ifname === 'string') : null;
  } catch {
    return null;
  }
}
