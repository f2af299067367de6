/**
 * IPAM benchmark: 60,000 addresses allocated one by one (each call awaited)
 * in a /16 of the built-in IPAM, through the same store the API uses
 * (journal append per allocation, lock, compaction). Prints the total and the
 * time per allocation for each tenth of the run: flat means no scan.
 *   npm run bench
 *   node dist/bench/ipam-bench.js --count 60000 --durable
 * The main run writes the journal without syncing it, which measures the
 * allocator and its bookkeeping; a second, shorter run fdatasyncs every
 * allocation (the server default) to show that cost is the disk's and flat.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseIpamDb } from '../src/ipam/pve-db-format.js';
import { PveIpamStore } from '../src/ipam/pve-store.js';
import { PveIpam } from '../src/ipam/pve.js';
import type { IpamSubnet } from '../src/ipam/types.js';
import { parseCidr } from '../src/model/ip.js';

/** allocations on another subnet first: V8 optimises the hot path over the first few thousand calls */
const WARM_UP = 8000;

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

async function run(count: number, durable: boolean): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'weft-ipam-bench-'));
  try {
    const cidr = parseCidr('10.42.0.0/16');
    if (!cidr) throw new Error('bad bench CIDR');
    const subnet: IpamSubnet = { id: 'bench-10.42.0.0-16', zone: 'bench', vnet: 'vbench', cidr, cidrText: '10.42.0.0/16', dhcpRanges: [] };
    const store = new PveIpamStore({ path: join(dir, 'pve-ipam-state.json'), durable });
    const ipam = new PveIpam(store);
    await ipam.addSubnet(subnet);
    // warm the JIT on another subnet, so the first tenth measures the allocator, not the compiler
    const warmCidr = parseCidr('10.43.0.0/18');
    if (!warmCidr) throw new Error('bad warm-up CIDR');
    const warm: IpamSubnet = { id: 'bench-10.43.0.0-18', zone: 'bench', vnet: 'vbench', cidr: warmCidr, cidrText: '10.43.0.0/18', dhcpRanges: [] };
    await ipam.addSubnet(warm);
    for (let i = 0; i < WARM_UP; i++) await ipam.addNextFreeIp(warm, { vmid: '100' });

    const tenths: number[] = [];
    const step = Math.max(1, Math.floor(count / 10));
    const t0 = process.hrtime.bigint();
    let mark = t0;
    let last = '';
    for (let i = 1; i <= count; i++) {
      const ip = await ipam.addNextFreeIp(subnet, { vmid: String(100 + (i % 900)), mac: `bc:24:11:${((i >> 16) & 255).toString(16).padStart(2, '0')}:${((i >> 8) & 255).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}` });
      last = ip.text;
      if (i % step === 0) {
        const now = process.hrtime.bigint();
        tenths.push(Number(now - mark) / 1e3 / step);
        mark = now;
      }
    }
    const totalMs = Number(process.hrtime.bigint() - t0) / 1e6;
    await store.close();
    const entries = parseIpamDb(readFileSync(store.path, 'utf8')).size;
    if (entries !== count + WARM_UP) throw new Error(`database holds ${entries} entries, expected ${count} (+ ${WARM_UP} warm-up)`);
    const flat = Math.max(...tenths) / Math.min(...tenths);
    console.log(`ipam ${count} allocations in a /16 (${durable ? 'fdatasync each' : 'journal not synced'}): ${totalMs.toFixed(0)} ms total, ${((totalMs * 1000) / count).toFixed(1)} µs each, last ${last}`);
    console.log(`  µs per allocation by tenth: ${tenths.map((t) => t.toFixed(1)).join(' ')} (max/min ${flat.toFixed(2)})`);
    console.log(`  database file after close: ${entries} entries (with ${WARM_UP} of the warm-up), valid`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const count = Number(arg('count', '60000'));
if (process.argv.includes('--durable')) await run(count, true);
else {
  await run(count, false);
  await run(Number(arg('durable-count', '10000')), true);
}
