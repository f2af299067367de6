/**
 * Test harness: an API app over a given store, driven with Fastify's
 * inject (no sockets), plus helpers to log in, make tokens and grant ACLs.
 * An etcd process on 127.0.0.1 for the etcd runs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { bootstrapAccess } from '../../src/auth/bootstrap.js';
import { buildApp } from '../../src/api/server.js';
import { ipamDbPath, readRootPassword } from '../../src/api/start.js';
import { PveIpamStore } from '../../src/ipam/pve-store.js';
import { PveIpam } from '../../src/ipam/pve.js';
import type { ConfigStore } from '../../src/store/types.js';
import { TaskManager } from '../../src/tasks/tasks.js';
import { freePort } from '../support/free-port.js';
import { nodeName } from '../support/node-name.js';

export interface Answer {
  readonly status: number;
  readonly body: { data?: unknown; message?: string; errors?: Record<string, string> };
}

export interface Harness {
  readonly app: FastifyInstance;
  readonly store: ConfigStore;
  readonly tasks: TaskManager;
  readonly dir: string;
  /** root@pam's auth headers (ticket cookie + CSRF token) */
  readonly root: Record<string, string>;
  call(method: string, path: string, params?: Record<string, unknown>, headers?: Record<string, string>, raw?: { payload: string; contentType: string }): Promise<Answer>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  readonly agentTimeoutMs?: number;
  readonly queryTimeoutMs?: number;
  /** the built-in IPAM in `dir` (the IP mapping and IPAM status routes need it) */
  readonly ipam?: boolean;
}

export async function makeHarness(store: ConfigStore, dir: string, opts: HarnessOptions = {}): Promise<Harness> {
  await bootstrapAccess(store, dir);
  const tasks = new TaskManager(join(dir, 'local', 'tasks'), 'node1');
  const { ipam, ...timeouts } = opts;
  const ipamStore = ipam ? new PveIpamStore({ path: ipamDbPath(dir) }) : null;
  const app = await buildApp({ services: { store, tasks, nodename: nodeName('node1'), version: '0.1.0', ...timeouts, ...(ipamStore ? { ipam: { pve: new PveIpam(ipamStore) } } : {}) }, authFailureDelayMs: 0 });
  const call: Harness['call'] = async (method, path, params = {}, headers = {}, raw) => {
    const url = `/api2/json${path}`;
    const withBody = method === 'POST' || method === 'PUT';
    const query = new URLSearchParams(Object.entries(params).flatMap(([k, v]) => [v].flat().map((x): [string, string] => [k, String(x)]))).toString();
    const res = await app.inject({
      method: method as 'GET',
      url: !withBody && query ? `${url}?${query}` : url,
      headers: { ...headers, ...(raw ? { 'content-type': raw.contentType } : withBody ? { 'content-type': 'application/json' } : {}) },
      ...(raw ? { payload: raw.payload } : withBody ? { payload: JSON.stringify(params) } : {}),
    });
    let body: Answer['body'];
    try {
      body = res.body ? (JSON.parse(res.body) as Answer['body']) : {};
    } catch {
      body = { message: res.body };
    }
    return { status: res.statusCode, body };
  };
  const login = await call('POST', '/access/ticket', { username: 'root@pam', password: readRootPassword(dir) });
  const data = login.body.data as { ticket: string; CSRFPreventionToken: string };
  const root = { cookie: `PVEAuthCookie=${encodeURIComponent(data.ticket)}`, csrfpreventiontoken: data.CSRFPreventionToken };
  return {
    app,
    store,
    tasks,
    dir,
    root,
    call,
    async close() {
      await app.close();
      await ipamStore?.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** the temp dirs this test file made: removed when its process ends, after every hook has stopped what used them */
const madeDirs: string[] = [];
const removeMadeDirs = () => {
  for (const d of madeDirs) rmSync(d, { recursive: true, force: true, maxRetries: 3 });
};

/** A fresh directory under the system's temp dir, removed when the test file's process exits. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (madeDirs.length === 0) process.once('exit', removeMadeDirs);
  madeDirs.push(dir);
  return dir;
}

/** Creates `user@pve` with a token and the given ACL roles; returns the token's auth header. */
export async function tokenWith(h: Harness, user: string, acl: ReadonlyArray<{ path: string; role: string; propagate?: boolean }>): Promise<Record<string, string>> {
  const ok = (a: Answer) => {
    if (a.status !== 200) throw new Error(`setup failed: ${a.status} ${JSON.stringify(a.body)}`);
    return a;
  };
  ok(await h.call('POST', '/access/users', { userid: user }, h.root));
  const tok = ok(await h.call('POST', `/access/users/${user}/token/t1`, { privsep: 1 }, h.root)).body.data as { 'full-tokenid': string; value: string };
  for (const a of acl) {
    ok(await h.call('PUT', '/access/acl', { path: a.path, roles: a.role, users: user, propagate: a.propagate === false ? 0 : 1 }, h.root));
    ok(await h.call('PUT', '/access/acl', { path: a.path, roles: a.role, tokens: tok['full-tokenid'], propagate: a.propagate === false ? 0 : 1 }, h.root));
  }
  return { authorization: `PVEAPIToken=${tok['full-tokenid']}=${tok.value}` };
}

export interface EtcdProcess {
  readonly url: string;
  /** SIGSTOP: a hung member (its connections stay open, nothing answers) */
  pause(): void;
  /** SIGCONT */
  resume(): void;
  stop(): Promise<void>;
}

/** A throw-away etcd on 127.0.0.1 with its data in a temp dir. */
export async function startEtcd(): Promise<EtcdProcess> {
  const dir = tempDir('weft-etcd-');
  const client = await freePort();
  const peer = await freePort();
  const url = `http://127.0.0.1:${client}`;
  const proc: ChildProcess = spawn(
    'etcd',
    ['--name', 't', '--data-dir', join(dir, 'data'), '--listen-client-urls', url, '--advertise-client-urls', url, '--listen-peer-urls', `http://127.0.0.1:${peer}`, '--initial-advertise-peer-urls', `http://127.0.0.1:${peer}`, '--initial-cluster', `t=http://127.0.0.1:${peer}`, '--log-level', 'error'],
    { stdio: 'ignore' },
  );
  const deadline = Date.now() + 15000;
  while (Date.now() < deadline) {
    try {
      const r = await fetch(`${url}/health`);
      if (r.ok) break;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    pause: () => void proc.kill('SIGSTOP'),
    resume: () => void proc.kill('SIGCONT'),
    async stop() {
      // a stopped process takes no SIGTERM until it runs again
      proc.kill('SIGCONT');
      proc.kill('SIGTERM');
      await new Promise((r) => proc.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** An apply's end when no node agent ever reported: the config is committed, yet nothing applied it. */
export const NO_AGENT_APPLIED = /^version \d+ is committed but no node applied it: no node agent has ever reported/;

export interface TaskResult {
  readonly upid: string;
  readonly exitstatus: string | undefined;
  readonly log: readonly string[];
}

/** `PUT /cluster/sdn` (apply) and wait for its task to stop. */
export async function applyAndWait(h: Harness, timeoutMs = 60_000): Promise<TaskResult> {
  const put = await h.call('PUT', '/cluster/sdn', {}, h.root);
  if (put.status !== 200) throw new Error(`apply failed: ${put.status} ${JSON.stringify(put.body)}`);
  const upid = put.body.data as string;
  const status = await h.tasks.wait(upid, timeoutMs);
  const log = (await h.call('GET', `/nodes/node1/tasks/${encodeURIComponent(upid)}/log`, { limit: 0 }, h.root)).body.data as { t: string }[];
  return { upid, exitstatus: status?.status === 'stopped' ? status.exitstatus : undefined, log: log.map((l) => l.t) };
}
