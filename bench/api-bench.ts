/**
 * API benchmark: `weft server` in its own process over a store holding the
 * configs of ../shared/bench/gen-large-config.mjs (applied and pending) at
 * 0, 8000 and 32000 VNets, on the data directory and on etcd. Per size:
 * server start (CPU, RSS), GET one VNet, the list, `?pending=1`, create
 * p50/p99, next-free-IP p50, 8 concurrent clients (reads and creates per
 * second, against one client's creates), apply, dry-run, and the agent's
 * passes; then each figure's ratio to the empty store's.
 *   npm run bench
 *   node dist/bench/api-bench.js --sizes 0,8000 --stores directory --build 8000
 *   node dist/bench/api-bench.js --sizes 0,8000 --stores directory --start-only --start-runs 7
 * `--build N`: N VNets created through the API by 8 clients from an empty store.
 * `--start-runs N`: the server's start measured N times, the median shown (default 3);
 * `--start-only`: only that, no requests and no agent passes.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readRootPassword } from '../src/api/start.js';
import { startEtcd } from '../test/api/harness.js';
import { agentPassWorker, type AgentPassFigures } from './api-agent-pass.js';
import { connect, percentile, series, timed, type BenchClient } from './api-client.js';
import { seedStore } from './api-seed.js';
import { startServerProc, type ServerProc } from './api-server-proc.js';

const here = dirname(fileURLToPath(import.meta.url));
const GENERATOR = resolve(here, '..', '..', '..', 'shared', 'bench', 'gen-large-config.mjs');
const MAIN = resolve(here, '..', 'src', 'cli', 'main.js');
const CLIENTS = 8;

type StoreKind = 'directory' | 'etcd';
type Figures = Record<string, number>;

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

/** The generated running config of `vnets` VNets (an empty one for 0). */
function generate(dir: string, vnets: number): string {
  const gen = spawnSync(process.execPath, [GENERATOR, dir, '--vnets', String(vnets), '--nodes', '4'], { encoding: 'utf8' });
  if (gen.status !== 0) throw new Error(`generator failed: ${gen.stderr}`);
  return join(dir, 'sdn-config.json');
}

async function waitTask(c: BenchClient, upid: string): Promise<void> {
  for (;;) {
    const s = (await c.ok('GET', `/nodes/bench/tasks/${encodeURIComponent(upid)}/status`)) as { status: string; exitstatus?: string };
    if (s.status === 'stopped') {
      // no agent runs beside the benchmark's server: a committed version is what apply measures
      if (s.exitstatus !== 'OK' && !/ is committed/.test(s.exitstatus ?? '')) throw new Error(`apply task ended: ${s.exitstatus ?? ''}`);
      return;
    }
    await new Promise((r) => setTimeout(r, 5));
  }
}

const apply = async (c: BenchClient) => waitTask(c, String(await c.ok('PUT', '/cluster/sdn')));

/** A zone, VNet and subnet with a DHCP range for the IP allocations, applied (the time of that apply). */
async function ipamSetup(c: BenchClient): Promise<number> {
  await c.ok('POST', '/cluster/sdn/zones', { zone: 'bipz', type: 'simple', ipam: 'pve' });
  await c.ok('POST', '/cluster/sdn/vnets', { vnet: 'bipv', zone: 'bipz' });
  await c.ok('POST', '/cluster/sdn/vnets/bipv/subnets', { subnet: '10.250.0.0/16', type: 'subnet', gateway: '10.250.0.1', 'dhcp-range': 'start-address=10.250.1.1,end-address=10.250.200.254' });
  return timed(() => apply(c));
}

/** Each of `clients` runs `perClient` calls; calls per second overall. */
async function concurrent(clients: readonly BenchClient[], perClient: number, fn: (c: BenchClient, client: number, i: number) => Promise<unknown>): Promise<number> {
  const ms = await timed(() => Promise.all(clients.map(async (c, k) => series(perClient, (i) => fn(c, k, i)))));
  return (clients.length * perClient * 1000) / ms;
}

const mac = (n: number) => `bc:24:11:${[n >> 16, (n >> 8) & 255, n & 255].map((b) => b.toString(16).padStart(2, '0')).join(':')}`;

async function measureApi(server: ServerProc, dataDir: string, vnets: number): Promise<Figures> {
  const ep = { host: server.host, port: server.port, ca: server.ca };
  const password = readRootPassword(dataDir);
  const clients = await Promise.all(Array.from({ length: CLIENTS }, () => connect(ep, password)));
  const [c] = clients as [BenchClient];
  try {
    const f: Figures = {};
    f['apply ms'] = await ipamSetup(c);
    const one = vnets > 0 ? `v${Math.floor(vnets / 2)}` : 'bipv';
    f['GET one p50'] = percentile(await series(30, () => c.ok('GET', `/cluster/sdn/vnets/${one}`)), 50);
    f['list p50'] = percentile(await series(3, () => c.ok('GET', '/cluster/sdn/vnets')), 50);
    f['pending p50'] = percentile(await series(3, () => c.ok('GET', '/cluster/sdn/vnets', { pending: 1 })), 50);
    f['dry-run p50'] = percentile(await series(3, () => c.ok('GET', '/cluster/sdn/dry-run', { node: 'localhost' })), 50);
    const creates = await series(30, (i) => c.ok('POST', '/cluster/sdn/vnets', { vnet: `c${i}`, zone: 'bipz' }));
    f['create p50'] = percentile(creates, 50);
    f['create p99'] = percentile(creates, 99);
    f['creates/s 1 client'] = (creates.length * 1000) / creates.reduce((a, b) => a + b, 0);
    try {
      f['next-IP p50'] = percentile(await series(20, (i) => c.ok('POST', '/cluster/sdn/vnets/bipv/ips', { mac: mac(i + 1) })), 50);
    } catch (e) {
      // the other figures stand without this one
      process.stdout.write(`${vnets} VNets: next-IP failed: ${(e as Error).message.slice(0, 200)}\n`);
    }
    f[`reads/s ${CLIENTS} clients`] = await concurrent(clients, 10, (k) => k.ok('GET', `/cluster/sdn/vnets/${one}`));
    // 15 each (120 in all, against one client's 30): with 5 each a single slow group commit on a loaded machine decided the figure
    f[`creates/s ${CLIENTS} clients`] = await concurrent(clients, 15, (k, n, i) => k.ok('POST', '/cluster/sdn/vnets', { vnet: `k${n}x${i}`, zone: 'bipz' }));
    return f;
  } finally {
    for (const k of clients) k.close();
  }
}

function agentFigures(configFile: string, dir: string): Figures {
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--agent-worker', configFile, '--root', join(dir, 'agent-root')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`agent worker failed: ${r.stderr}`);
  const a = JSON.parse(r.stdout) as AgentPassFigures;
  return { 'agent load cpu ms': a.loadMs, 'agent full pass ms': a.fullMs, 'agent unchanged ms': a.unchangedMs, 'agent one-VNet ms': a.oneVnetMs, 'agent one-VNet/full': a.oneVnetMs / a.fullMs };
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** The server started `runs` times on a store that holds root@pam and the certificate: the median CPU and RSS at listening. */
async function startFigures(dataDir: string, etcd: string | null, runs: number): Promise<Figures> {
  const cpu: number[] = [];
  const rss: number[] = [];
  for (let i = 0; i < runs; i++) {
    const server = await startServerProc(MAIN, dataDir, etcd);
    cpu.push(server.startCpuMs);
    rss.push(server.startRssMb);
    await server.stop();
  }
  return { 'start cpu ms': median(cpu), 'start rss MB': median(rss) };
}

async function measureOne(kind: StoreKind, vnets: number, startRuns: number, startOnly: boolean): Promise<Figures> {
  const dir = mkdtempSync(join(tmpdir(), 'weft-api-bench-'));
  const etcd = kind === 'etcd' ? await startEtcd() : null;
  try {
    const configFile = generate(join(dir, 'gen'), vnets);
    const dataDir = join(dir, 'data');
    await seedStore(configFile, dataDir, etcd?.url ?? null);
    // the first start creates root@pam and the certificate; the measured ones find them
    await (await startServerProc(MAIN, dataDir, etcd?.url ?? null)).stop();
    const start = await startFigures(dataDir, etcd?.url ?? null, startRuns);
    if (startOnly) return start;
    const server = await startServerProc(MAIN, dataDir, etcd?.url ?? null);
    try {
      return { ...start, ...(await measureApi(server, dataDir, vnets)), ...(kind === 'directory' ? agentFigures(configFile, dir) : {}) };
    } finally {
      await server.stop();
    }
  } finally {
    await etcd?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `n` VNets created by 8 clients from an empty store: seconds. */
async function build(kind: StoreKind, n: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'weft-api-build-'));
  const etcd = kind === 'etcd' ? await startEtcd() : null;
  try {
    const dataDir = join(dir, 'data');
    const server = await startServerProc(MAIN, dataDir, etcd?.url ?? null);
    const clients = await Promise.all(Array.from({ length: CLIENTS }, () => connect({ host: server.host, port: server.port, ca: server.ca }, readRootPassword(dataDir))));
    try {
      await (clients[0] as BenchClient).ok('POST', '/cluster/sdn/zones', { zone: 'bz', type: 'simple' });
      const per = Math.ceil(n / CLIENTS);
      return (await timed(() => concurrent(clients, per, (k, c, i) => k.ok('POST', '/cluster/sdn/vnets', { vnet: `b${c * per + i}`, zone: 'bz' })))) / 1000;
    } finally {
      for (const k of clients) k.close();
      await server.stop();
    }
  } finally {
    await etcd?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function print(kind: StoreKind, sizes: readonly number[], rows: ReadonlyMap<number, Figures | string>): void {
  const base = rows.get(0);
  const names = [...new Set([...rows.values()].flatMap((r) => (typeof r === 'string' ? [] : Object.keys(r))))];
  process.stdout.write(`\n${kind} store   ${sizes.map((s) => `${String(s).padStart(10)} VNets`).join('')}${sizes.filter((s) => s > 0).map((s) => `  ×empty@${s}`.padStart(14)).join('')}\n`);
  for (const name of names) {
    const cells = sizes.map((s) => {
      const r = rows.get(s);
      return (typeof r === 'string' ? 'failed' : (r?.[name]?.toFixed(r[name] < 1 ? 2 : 1) ?? '–')).padStart(16);
    });
    const ratios = sizes
      .filter((s) => s > 0)
      .map((s) => {
        const r = rows.get(s);
        const v = typeof r === 'object' ? r[name] : undefined;
        const b = typeof base === 'object' ? base[name] : undefined;
        return (v !== undefined && b ? `${(v / b).toFixed(2)}×` : '–').padStart(14);
      });
    process.stdout.write(`${name.padEnd(22)}${cells.join('')}${ratios.join('')}\n`);
  }
  for (const [size, r] of rows) if (typeof r === 'string') process.stdout.write(`${size} VNets failed: ${r}\n`);
}

async function main(): Promise<void> {
  if (!existsSync(GENERATOR)) {
    process.stderr.write(`api bench: skipped, the generator ${GENERATOR} is missing; it lives in ../shared/bench beside the project (dev/CI layout)\n`);
    return;
  }
  const sizes = arg('sizes', '0,8000,32000').split(',').map(Number);
  const haveEtcd = spawnSync('etcd', ['--version']).status === 0;
  const stores = arg('stores', 'directory,etcd').split(',') as StoreKind[];
  const startRuns = Number(arg('start-runs', '3'));
  if (!(Number.isInteger(startRuns) && startRuns > 0)) throw new Error(`--start-runs '${arg('start-runs', '')}': expected a whole number of starts, at least 1`);
  const startOnly = process.argv.includes('--start-only');
  process.stdout.write(`API benchmark: weft server in its own process, HTTPS on loopback; times in ms (p50 unless named), rates per second, CPU of the server process; its start the median of ${startRuns}\n`);
  for (const kind of stores) {
    if (kind === 'etcd' && !haveEtcd) {
      process.stdout.write('\netcd store: skipped, etcd is not installed\n');
      continue;
    }
    const rows = new Map<number, Figures | string>();
    for (const n of sizes) {
      process.stderr.write(`api bench: ${kind}, ${n} VNets…\n`);
      rows.set(n, await measureOne(kind, n, startRuns, startOnly).catch((e: Error) => e.message.split('\n')[0] ?? 'failed'));
    }
    print(kind, sizes, rows);
    const n = startOnly ? 0 : Number(arg('build', '0'));
    if (n > 0) process.stdout.write(`building ${n} VNets with ${CLIENTS} clients from an empty store: ${(await build(kind, n)).toFixed(1)} s\n`);
  }
  process.stdout.write('\ntargets: at 8000 VNets GET one, create and next-IP within 2× the empty store (3× at 32000); 8 clients create ≥ 2× one client; start < 500 ms CPU; agent unchanged < 100 ms, one VNet < ⅓ of a full pass\n');
}

if (process.argv.includes('--agent-worker')) {
  const root = arg('root', '');
  // files go under the root: never the current directory
  if (!root.startsWith('/')) throw new Error('--agent-worker needs --root /ABSOLUTE/DIR');
  const figures = await agentPassWorker(arg('agent-worker', ''), root);
  process.stdout.write(`${JSON.stringify(figures)}\n`);
} else await main();
