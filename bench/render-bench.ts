/**
 * Rendering benchmark: configs from ../shared/bench/gen-large-config.mjs at
 * 500, 2000 and 8000 VNets, one node's files per run. Each size runs in its
 * own process so peak memory (max RSS) is that size's alone.
 *   npm run bench                 # all sizes
 *   node dist/bench/render-bench.js --sizes 8000 --runs 20 --cold-runs 11
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseInterfaces } from '../src/config/interfaces.js';
import { parseRunningConfig } from '../src/sections/running-config.js';
import { decodeConfig } from '../src/sections/decode-config.js';
import { renderFrr } from '../src/render/frr.js';
import { renderNode } from '../src/render/node-files.js';
import { nodeName } from '../test/support/node-name.js';

const here = dirname(fileURLToPath(import.meta.url));
const GENERATOR = resolve(here, '..', '..', '..', 'shared', 'bench', 'gen-large-config.mjs');
const FACTS = { nodename: nodeName('localhost'), routeSource: { ip: '192.168.0.1', iface: 'vmbr0' }, defaultMac: 'bc:24:11:1d:69:60', bridgePorts: { vmbr0: ['eth0'] } };

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

/** Worker: renders one generated config `runs` times, prints a JSON line. */
function worker(dir: string, runs: number): void {
  const text = readFileSync(join(dir, 'sdn-config.json'), 'utf8');
  const interfaces = parseInterfaces(readFileSync(join(dir, 'interfaces'), 'utf8'));
  const times: number[] = [];
  // CPU time as well as wall time: on a loaded machine wall time measures the neighbours
  const cpuTimes: number[] = [];
  const frrTimes: number[] = [];
  let out = { sdn: 0, frr: 0, warnings: 0 };
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    const raw = parseRunningConfig(text).raw;
    const decoded = raw && decodeConfig(raw);
    if (!decoded?.config) throw new Error(`generated config does not validate: ${decoded?.issues.map((x) => x.message).join('; ')}`);
    const files = renderNode({ config: decoded.config, facts: FACTS, interfaces });
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    const cpu = process.cpuUsage(c0);
    cpuTimes.push((cpu.user + cpu.system) / 1000);
    out = { sdn: files.sdn.length, frr: files.frr?.length ?? 0, warnings: files.warnings.length };
    // frr.conf on its own (EVPN zones with exit nodes: VRFs, null routes, route maps)
    const t1 = process.hrtime.bigint();
    renderFrr(decoded.config, FACTS, interfaces);
    frrTimes.push(Number(process.hrtime.bigint() - t1) / 1e6);
  }
  const medianOf = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  const median = medianOf(times);
  const frrMs = medianOf(frrTimes);
  const cpuMs = medianOf(cpuTimes);
  process.stdout.write(`${JSON.stringify({ median, min: times[0], cpuMs, frrMs, maxRssMb: process.resourceUsage().maxRSS / 1024, ...out })}\n`);
}

interface Measure {
  readonly median: number;
  readonly min: number;
  readonly cpuMs: number;
  readonly frrMs: number;
  readonly maxRssMb: number;
  readonly sdn: number;
  readonly frr: number;
  readonly warnings: number;
}

function measure(dir: string, runs: number): Measure {
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--worker', dir, '--runs', String(runs)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`worker failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Measure;
}

/** One render in each of `n` fresh processes: the median time, the largest peak memory. */
function coldMeasure(dir: string, n: number): Measure {
  const all = Array.from({ length: n }, () => measure(dir, 1));
  const middle = <K extends keyof Measure>(key: K) => all.map((m) => m[key]).sort((a, b) => a - b)[Math.floor(n / 2)] as Measure[K];
  return { ...(all[0] as Measure), median: middle('median'), cpuMs: middle('cpuMs'), maxRssMb: Math.max(...all.map((m) => m.maxRssMb)) };
}

function main(): void {
  if (!existsSync(GENERATOR)) {
    process.stderr.write(`bench: the generator ${GENERATOR} is missing; it lives in ../shared/bench beside the project (dev/CI layout)\n`);
    process.exit(2);
  }
  const sizes = arg('sizes', '500,2000,8000').split(',').map(Number);
  const runs = Number(arg('runs', '15'));
  const coldRuns = Number(arg('cold-runs', '7'));
  const tmp = mkdtempSync(join(tmpdir(), 'weft-bench-'));
  try {
    process.stdout.write(`render benchmark: one node (localhost); parse + validate + render; cold = median of ${coldRuns} fresh processes (peak MB: the largest), warm = median of ${runs} runs in one\n`);
    process.stdout.write('   vnets   cold ms  cold cpu   warm ms  µs/vnet   frr ms   peak MB   sdn KB   frr KB   skipped\n');
    for (const n of sizes) {
      const dir = join(tmp, String(n));
      process.stderr.write(`bench: generating ${n} VNets…\n`);
      const gen = spawnSync(process.execPath, [GENERATOR, dir, '--vnets', String(n)], { encoding: 'utf8' });
      if (gen.status !== 0) throw new Error(`generator failed: ${gen.stderr}`);
      // cold: a fresh process renders once, as a node agent does on apply (time and peak memory);
      // warm: the median of repeated renders in one process (the steady cost, for linearity)
      const cold = coldMeasure(dir, coldRuns);
      const warm = measure(dir, runs);
      const m = warm;
      const row = [
        String(n).padStart(8),
        cold.median.toFixed(1).padStart(9),
        cold.cpuMs.toFixed(1).padStart(9),
        m.median.toFixed(1).padStart(9),
        ((m.median * 1000) / n).toFixed(1).padStart(9),
        m.frrMs.toFixed(1).padStart(8),
        cold.maxRssMb.toFixed(0).padStart(9),
        (m.sdn / 1024).toFixed(0).padStart(8),
        (m.frr / 1024).toFixed(0).padStart(8),
        String(m.warnings).padStart(9),
      ];
      process.stdout.write(`${row.join(' ')}\n`);
    }
    process.stdout.write('targets: 8000 VNets < 150 ms and < 150 MB (cold; on a busy machine read the CPU column); µs/vnet flat (linear growth); frr.conf alone < 50 ms\n');
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv.includes('--worker')) worker(arg('worker', ''), Number(arg('runs', '15')));
else main();
