/** Skip reasons for tests that need root, namespaces or a Debian program. */
import { spawnSync } from 'node:child_process';

export function hasCommand(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

export function isRoot(): boolean {
  return process.getuid?.() === 0;
}

/** false when runnable, else why not: for `test(..., { skip: needs(...) })`. */
export function needs(opts: { root?: boolean; commands?: readonly string[] }): string | false {
  if (opts.root && !isRoot()) return 'needs root (network namespaces); CI runs it as root';
  for (const c of opts.commands ?? []) if (!hasCommand(c)) return `needs '${c}' (install the Debian package; .ci/run does)`;
  return false;
}
