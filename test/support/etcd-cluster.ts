/**
 * A three-member etcd cluster on 127.0.0.1 (free ports, each member with its
 * own data dir), as a multi-server Weft deployment runs on; a member can be
 * killed or paused mid-test, and everything is stopped by pid and removed at the end.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';

export interface EtcdMember {
  readonly name: string;
  readonly url: string;
  /** SIGKILL, as a crash */
  kill(): Promise<void>;
  /** SIGSTOP: a hung member (its connections stay open, nothing answers) */
  pause(): void;
  /** SIGCONT */
  resume(): void;
}

export interface EtcdCluster {
  readonly members: readonly EtcdMember[];
  /** every member's client URL, comma-separated (what --etcd takes) */
  readonly endpoints: string;
  stop(): Promise<void>;
}

async function healthy(url: string, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`etcd member ${url} did not become healthy`);
}

export async function startEtcdCluster(size = 3): Promise<EtcdCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'weft-etcd-cluster-'));
  const ports = [];
  for (let i = 0; i < size; i++) ports.push({ name: `e${i}`, client: await freePort(), peer: await freePort() });
  const initial = ports.map((p) => `${p.name}=http://127.0.0.1:${p.peer}`).join(',');
  const procs: ChildProcess[] = [];
  const members = ports.map((p): EtcdMember => {
    const url = `http://127.0.0.1:${p.client}`;
    const peer = `http://127.0.0.1:${p.peer}`;
    const args = ['--name', p.name, '--data-dir', join(dir, p.name), '--listen-client-urls', url, '--advertise-client-urls', url, '--listen-peer-urls', peer, '--initial-advertise-peer-urls', peer];
    const proc = spawn('etcd', [...args, '--initial-cluster', initial, '--initial-cluster-state', 'new', '--initial-cluster-token', `weft-${process.pid}`, '--log-level', 'error'], { stdio: 'ignore' });
    procs.push(proc);
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    return {
      name: p.name,
      url,
      async kill() {
        if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
        await exited;
      },
      pause: () => void proc.kill('SIGSTOP'),
      resume: () => void proc.kill('SIGCONT'),
    };
  });
  const stop = async () => {
    await Promise.all(members.map((m) => m.kill()));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const deadline = Date.now() + 20_000;
    await Promise.all(members.map((m) => healthy(m.url, deadline)));
  } catch (e) {
    await stop();
    throw e;
  }
  return { members, endpoints: members.map((m) => m.url).join(','), stop };
}
