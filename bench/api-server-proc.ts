/**
 * `weft server` as the API benchmark runs it: its own process (so the
 * client's work never shares its event loop), on a free loopback port, with
 * the CPU time and memory it took to start, read from /proc once it listens.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../test/support/free-port.js';

export interface ServerProc {
  readonly host: string;
  readonly port: number;
  /** the server's certificate, pinned by the client as its only CA */
  readonly ca: string;
  /** CPU (user + system) and resident memory when it started listening */
  readonly startCpuMs: number;
  readonly startRssMb: number;
  /** CPU used since it started listening */
  cpuMsSinceStart(): number;
  stop(): Promise<void>;
}

/** utime + stime of a process, in ms (fields 14 and 15 of /proc/PID/stat, in clock ticks of 10 ms). */
function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function rssMbOf(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** `node`: the server's node name (several servers on one etcd each need their own) */
export async function startServerProc(main: string, dataDir: string, etcd: string | null, node = 'bench'): Promise<ServerProc> {
  const port = await freePort();
  const args = [main, 'server', '--data-dir', dataDir, '--listen', `127.0.0.1:${port}`, '--node', node, '--agent-timeout', '5', ...(etcd ? ['--etcd', etcd] : [])];
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('listening on')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`weft server exited (${code}): ${err}`)));
  });
  const pid = child.pid ?? 0;
  const startCpuMs = cpuMsOf(pid);
  return {
    host: '127.0.0.1',
    port,
    ca: readFileSync(join(dataDir, 'local', 'weft-ssl.pem'), 'utf8'),
    startCpuMs,
    startRssMb: rssMbOf(pid),
    cpuMsSinceStart: () => cpuMsOf(pid) - startCpuMs,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
