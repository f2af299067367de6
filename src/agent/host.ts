/**
 * The node as the agent sees it: files under a root directory (`--root`,
 * default `/`) and a command runner. With a root other than `/`, commands that
 * read /etc/network, /etc/frr or /etc/wireguard run in a private mount
 * namespace where the root's directories are bound over the system ones, so
 * ifupdown2, FRR and wg see the files the agent wrote (and FRR's tools find
 * the sockets of the node's FRR under the root's /run/frr, when there is one).
 */
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { WrittenFiles } from './written-files.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import type { CommandResult, CommandRunner } from './runner.js';

export interface NodeHost {
  readonly root: string;
  readonly runner: CommandRunner;
  /** the path of `abs` under the root */
  path(abs: string): string;
  read(abs: string): string | null;
  /** the first `bytes` bytes of a file (a header), null when it does not exist */
  readHead(abs: string, bytes: number): string | null;
  /** a file only its owner may read (mode 0600) gets its new parent directories 0700 too */
  write(abs: string, content: string, mode?: number): void;
  remove(abs: string): void;
  /** the names in directory `abs`; none when it does not exist */
  list(abs: string): string[];
  /**
   * Runs a command that reads the node's /etc (ifreload, frr-reload, …).
   * `privateRun` gives it its own /run (ifupdown2 keeps its lock there);
   * `timeoutMs` bounds it (the runner's default otherwise).
   */
  runSystem(cmd: string, args: readonly string[], opts?: { readonly privateRun?: boolean; readonly timeoutMs?: number }): Promise<CommandResult>;
}

/** Directories bound over the system ones when the root is not `/`. */
const BOUND_DIRS = ['/etc/network', '/etc/frr', '/etc/wireguard', '/run/frr'];

export function nodeHost(root: string, runner: CommandRunner): NodeHost {
  const path = (abs: string) => (root === '/' ? abs : join(root, abs));
  const written = new WrittenFiles();
  return {
    root,
    runner,
    path,
    read: (abs) => written.read(path(abs)),
    readHead(abs, bytes) {
      if (!existsSync(path(abs))) return null;
      const fd = openSync(path(abs), 'r');
      try {
        const buffer = Buffer.alloc(bytes);
        return buffer.toString('utf8', 0, readSync(fd, buffer, 0, bytes, 0));
      } finally {
        closeSync(fd);
      }
    },
    write(abs, content, mode) {
      if (mode !== undefined && (mode & 0o077) === 0) mkdirSync(dirname(path(abs)), { recursive: true, mode: 0o700 });
      writeFileAtomic(path(abs), content, mode);
      written.wrote(path(abs), content);
    },
    remove(abs) {
      rmSync(path(abs), { force: true });
      written.forget(path(abs));
    },
    list: (abs) => (existsSync(path(abs)) ? readdirSync(path(abs)) : []),
    runSystem(cmd, args, opts = {}) {
      const limit = opts.timeoutMs === undefined ? {} : { timeoutMs: opts.timeoutMs };
      if (root === '/') return runner.run(cmd, args, limit);
      // a directory the host lacks cannot be a mount point (e.g. /run/frr while FRR never ran)
      const binds = BOUND_DIRS.filter((d) => existsSync(path(d)) && existsSync(d));
      const privateRun = opts.privateRun ? ['mount -t tmpfs tmpfs /run', 'mkdir -p /run/network'] : [];
      const script = [...binds.map((d, i) => `mount --bind "$${i + 1}" ${d}`), ...privateRun, `shift ${binds.length}`, 'exec "$@"'].join(' && ');
      return runner.run('unshare', ['-m', 'sh', '-c', script, 'sh', ...binds.map(path), cmd, ...args], limit);
    },
  };
}
