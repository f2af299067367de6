/**
 * Debian's ifupdown2, sandboxed: a private mount namespace with its own /run
 * (lock), /var/tmp (state) and a config dir with `addon_syntax_check=1`, so
 * syntax checks are strict and the host's ifupdown2 state is never touched.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const IFUPDOWN2_CONF_DIR = '/etc/network/ifupdown2';

/** Writes a strict ifupdown2 config dir into `dir` (derived from the installed one). */
export function strictIfupdown2Conf(dir: string, extra: Readonly<Record<string, string>> = {}): string {
  mkdirSync(dir, { recursive: true });
  const settings: Record<string, string> = { addon_syntax_check: '1', multiple_vlan_aware_bridge_support: '1', ...extra };
  let conf = readFileSync(join(IFUPDOWN2_CONF_DIR, 'ifupdown2.conf'), 'utf8');
  for (const [k, v] of Object.entries(settings)) {
    const re = new RegExp(`^${k}=.*$`, 'm');
    conf = re.test(conf) ? conf.replace(re, `${k}=${v}`) : `${conf}\n${k}=${v}\n`;
  }
  writeFileSync(join(dir, 'ifupdown2.conf'), conf);
  copyFileSync(join(IFUPDOWN2_CONF_DIR, 'addons.conf'), join(dir, 'addons.conf'));
  return dir;
}

export interface SyntaxReport {
  readonly errors: readonly string[];
  readonly warnings: readonly string[];
  readonly output: string;
}

/** `ifup -s -a -i FILE` in a private mount namespace. */
export function ifupdown2SyntaxCheck(file: string, confDir: string): SyntaxReport {
  const script = 'set -e; mount -t tmpfs tmpfs /run; mkdir -p /run/network; mount -t tmpfs tmpfs /var/tmp; mount --bind "$1" /etc/network/ifupdown2; exec /sbin/ifup -s -a -i "$2"';
  const r = spawnSync('unshare', ['-m', 'sh', '-c', script, 'sh', confDir, file], { encoding: 'utf8', timeout: 60_000 });
  const output = `${r.stdout}${r.stderr}`;
  const lines = output.split('\n').map((l) => l.trim());
  return {
    errors: lines.filter((l) => l.startsWith('error')),
    warnings: lines.filter((l) => l.startsWith('warning')),
    output,
  };
}
