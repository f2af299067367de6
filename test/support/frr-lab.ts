/**
 * Debian's FRR running inside lab namespaces: one FRR instance per node
 * namespace (FRR's pathspace `-N <netns>` with `watchfrr --netns`, so every
 * daemon runs inside the namespace). /etc/frr and /run/frr are bind-mounted
 * from the lab directory in a private mount namespace, so the host's FRR
 * files are never read or written. The daemons die with the namespaces
 * (`Lab.destroy` kills every process inside them).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const FRR_INIT = '/usr/lib/frr/frrinit.sh';

export class FrrLab {
  /** bound over /etc/frr: one directory per instance (`<etc>/<ns>/frr.conf`, …) */
  readonly etc: string;
  /** bound over /run/frr: the instances' sockets and pid files */
  readonly run: string;

  constructor(dir: string) {
    this.etc = join(dir, 'frr-etc');
    this.run = join(dir, 'frr-run');
    mkdirSync(this.etc, { recursive: true });
    mkdirSync(this.run, { recursive: true });
    execFileSync('chown', ['frr:frr', this.run]);
  }

  /** Writes the instance for namespace `ns`: daemons file (zebra + `daemons`), frr.conf, vtysh.conf. */
  add(ns: string, frrConf: string, daemons: readonly string[]): void {
    const d = join(this.etc, ns);
    mkdirSync(d, { recursive: true });
    let file = readFileSync('/etc/frr/daemons', 'utf8');
    for (const daemon of daemons) file = file.replace(new RegExp(`^${daemon}=no$`, 'm'), `${daemon}=yes`);
    // watchfrr -N <ns> --netns runs the daemons inside the namespace of the same name
    file += '\nwatchfrr_options="--netns"\nfrr_profile="datacenter"\n';
    writeFileSync(join(d, 'daemons'), file);
    writeFileSync(join(d, 'frr.conf'), frrConf);
    writeFileSync(join(d, 'vtysh.conf'), 'service integrated-vtysh-config\n');
    execFileSync('chown', ['-R', 'frr:frr', d]);
    for (const f of ['daemons', 'frr.conf', 'vtysh.conf']) chmodSync(join(d, f), 0o640);
  }

  /**
   * `frrinit.sh start <ns>` with the lab's /etc/frr and /run/frr. With
   * `hostname`, FRR runs in a UTS namespace with that hostname (as on a
   * node, whose hostname is its name: fabricd names itself to its
   * neighbors by it).
   */
  start(ns: string, hostname?: string): { status: number | null; output: string } {
    const script = `set -e; ${hostname ? 'hostname "$3"; ' : ''}mount --bind "$1" /etc/frr; mount --bind "$2" /run/frr; shift 3; exec "$@"`;
    const unshare = ['-m', ...(hostname ? ['-u'] : []), '--propagation', 'private'];
    const r = spawnSync('unshare', [...unshare, 'sh', '-c', script, 'sh', this.etc, this.run, hostname ?? '', FRR_INIT, 'start', ns], { encoding: 'utf8', timeout: 60_000 });
    return { status: r.status, output: `${r.stdout}${r.stderr}` };
  }

  /** Makes the lab's FRR directories a node's /etc/frr and /run/frr under its root (an agent's --root). */
  linkInto(root: string): void {
    mkdirSync(join(root, 'etc'), { recursive: true });
    mkdirSync(join(root, 'run'), { recursive: true });
    symlinkSync(this.etc, join(root, 'etc', 'frr'));
    symlinkSync(this.run, join(root, 'run', 'frr'));
  }

  /** vtysh commands (one session: `configure terminal` then its lines) against the instance, through its sockets in the lab's run dir. */
  vtysh(ns: string, ...commands: string[]): string {
    const r = spawnSync('vtysh', ['--vty_socket', join(this.run, ns), ...commands.flatMap((c) => ['-c', c])], { encoding: 'utf8', timeout: 30_000 });
    return `${r.stdout}`;
  }

  vtyshJson<T>(ns: string, command: string): T | null {
    try {
      return JSON.parse(this.vtysh(ns, `${command} json`)) as T;
    } catch {
      return null;
    }
  }
}

/** Polls `check` every 200 ms until it returns true or `seconds` pass. */
export async function waitFor(seconds: number, check: () => boolean): Promise<boolean> {
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return check();
}
