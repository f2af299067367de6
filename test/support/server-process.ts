/**
 * `weft server` as a user starts it: a child process on a free port of
 * 127.0.0.1, its output kept for failure messages, stopped by its pid
 * (SIGTERM, as Ctrl-C would) also after a failure.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WEFT_BIN } from './paths.js';

export interface ServerProcess {
  readonly url: string;
  /** root@pam's one-time password, from the data dir (written by the start that created root@pam) */
  password(): string;
  /** stdout and stderr so far */
  output(): string;
  stop(): Promise<void>;
  /** SIGKILL, as a crash: nothing of the server runs after it */
  kill(): Promise<void>;
}

/**
 * Starts `weft server --data-dir DIR --listen 127.0.0.1:0 …args` and waits until it listens;
 * with `netns` inside that lab namespace (`ip netns exec` replaces itself with it, so the pid is the server's).
 */
export async function startServerProcess(dataDir: string, args: readonly string[], opts: { netns?: string } = {}): Promise<ServerProcess> {
  const argv = [WEFT_BIN, 'server', '--data-dir', dataDir, '--listen', '127.0.0.1:0', ...args];
  const child: ChildProcess = opts.netns
    ? spawn('ip', ['netns', 'exec', opts.netns, process.execPath, ...argv], { stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (d: Buffer) => {
      log += d.toString();
      const m = /listening on (\S+)\/api2\/json/.exec(log);
      if (m?.[1]) resolve(m[1]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then(() => reject(new Error(`weft server exited before it listened:\n${log}`)));
  });
  return {
    url,
    password: () => readFileSync(join(dataDir, 'priv', 'root-password'), 'utf8').trim(),
    output: () => log,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
    async kill() {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
