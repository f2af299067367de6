/** Debian's wireguard-tools in tests. */
import { spawnSync } from 'node:child_process';

/**
 * Has Debian's `wg` parse a config: `wg setconf` parses the whole file before
 * it asks the kernel for the device, so in a fresh namespace (no such device,
 * or no WireGuard in the kernel) a valid file fails only at the kernel step.
 */
export function wgParses(file: string): { ok: boolean; output: string } {
  const ns = `weftwg${process.pid % 100000}`;
  spawnSync('ip', ['netns', 'add', ns]);
  try {
    // a host name endpoint would be resolved (and retried for a minute): fail at once instead
    const env = { ...process.env, WG_ENDPOINT_RESOLUTION_RETRIES: '0' };
    const r = spawnSync('ip', ['netns', 'exec', ns, 'wg', 'setconf', 'weftchk0', file], { encoding: 'utf8', env });
    const output = r.stdout + r.stderr;
    return { ok: !/parsing error|Line unrecognized|not the correct|Unable to parse/i.test(output) && /Unable to modify interface|^$/m.test(output), output };
  } finally {
    spawnSync('ip', ['netns', 'del', ns]);
  }
}
