/**
 * Next-free-IP allocations per second through one and through three `weft
 * server` processes on one etcd (issue 14): each allocation is a guest NIC
 * (`POST /cluster/sdn/vnets/{vnet}/ips`, an IPv4 and an IPv6 address in one
 * etcd transaction), CLIENTS concurrent clients spread over the servers.
 * With three servers the allocations contend on the same subnets: the
 * figure shows what the compare-and-retry costs. Checks every address was
 * handed out once.
 *   node dist/bench/cluster-ipam-bench.js [--count 600]
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readRootPassword } from '../src/api/start.js';
import { startEtcd } from '../test/api/harness.js';
import { connect, timed, type BenchClient } from './api-client.js';
import { startServerProc, type ServerProc } from './api-server-proc.js';

const MAIN = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'cli', 'main.js');
const CLIENTS = 12;

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

const mac = (i: number) => `bc:24:11:02:${(i >> 8).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`;

async function run(servers: number, count: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'weft-cluster-bench-'));
  const etcd = await startEtcd();
  const procs: ServerProc[] = [];
  const clients: BenchClient[] = [];
  try {
    for (let i = 0; i < servers; i++) {
      const data = join(dir, `data${i}`);
      // root@pam is made by the first server; the others log in with its password
      if (i > 0) {
        mkdirSync(join(data, 'priv'), { recursive: true });
        copyFileSync(join(dir, 'data0', 'priv', 'root-password'), join(data, 'priv', 'root-password'));
      }
      procs.push(await startServerProc(MAIN, data, etcd.url, `bench${i}`));
    }
    const password = readRootPassword(join(dir, 'data0'));
    for (let c = 0; c < CLIENTS; c++) {
      const p = procs[c % servers] as ServerProc;
      clients.push(await connect({ host: p.host, port: p.port, ca: p.ca }, password));
    }
    const admin = clients[0] as BenchClient;
    await admin.ok('POST', '/cluster/sdn/zones', { zone: 'zb', type: 'simple', ipam: 'pve' });
    await admin.ok('POST', '/cluster/sdn/vnets', { vnet: 'vb', zone: 'zb' });
    await admin.ok('POST', '/cluster/sdn/vnets/vb/subnets', { subnet: '10.70.0.0/16', type: 'subnet', gateway: '10.70.0.1' });
    await admin.ok('POST', '/cluster/sdn/vnets/vb/subnets', { subnet: 'fd70::/64', type: 'subnet', gateway: 'fd70::1' });
    // the apply commits the running config the allocations need (its task fails: no agent runs here)
    await admin.ok('PUT', '/cluster/sdn');
    const seen = new Set<string>();
    let next = 0;
    const ms = await timed(() =>
      Promise.all(
        clients.map(async (client) => {
          for (let i = next++; i < count; i = next++) {
            const got = (await client.ok('POST', '/cluster/sdn/vnets/vb/ips', { mac: mac(i) })) as { ip4: string; ip6: string };
            for (const ip of [got.ip4, got.ip6]) {
              if (seen.has(ip)) throw new Error(`address ${ip} handed out twice`);
              seen.add(ip);
            }
          }
        }),
      ),
    );
    process.stdout.write(`  ${servers} server(s): ${count} NICs (IPv4 + IPv6 each) in ${(ms / 1000).toFixed(2)} s = ${((count * 1000) / ms).toFixed(0)} allocations/s, ${seen.size} distinct addresses\n`);
  } finally {
    clients.forEach((c) => c.close());
    for (const p of procs) await p.stop();
    await etcd.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const count = Number(arg('count', '600'));
process.stdout.write(`next-free-IP allocations on etcd (${CLIENTS} concurrent clients spread over the servers; a shared machine: read the ratio)\n`);
for (const servers of [1, 3]) await run(servers, count);
