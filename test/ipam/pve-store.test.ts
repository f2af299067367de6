/**
 * The built-in IPAM's store: concurrent allocations never collide (in one
 * process and across processes), the database file stays valid, and the
 * journal survives crashes without replaying stale operations.
 */
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parseIpamDb } from '../../src/ipam/pve-db-format.js';
import { PveIpamStore } from '../../src/ipam/pve-store.js';
import { PveIpam } from '../../src/ipam/pve.js';
import type { IpamSubnet } from '../../src/ipam/types.js';
import { parseCidr, parseIp, type ParsedIp } from '../../src/model/ip.js';
import { REPO_ROOT } from '../support/paths.js';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'weft-ipam-store-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

function subnetOf(cidrText: string, zone = 'z1'): IpamSubnet {
  const cidr = parseCidr(cidrText);
  assert.ok(cidr);
  return { id: `${zone}-${cidrText.replace('/', '-')}`, zone, vnet: 'v1', cidr, cidrText, dhcpRanges: [] };
}

function ip(text: string): ParsedIp {
  const p = parseIp(text);
  assert.ok(p);
  return p;
}

test('200 concurrent allocations on one subnet get 200 distinct addresses; the file stays valid', async () => {
  const path = join(dir, 'concurrent.json');
  const store = new PveIpamStore({ path });
  const ipam = new PveIpam(store);
  const subnet = subnetOf('10.1.0.0/24');
  await ipam.addSubnet(subnet);
  const got = await Promise.all(Array.from({ length: 200 }, (_, i) => ipam.addNextFreeIp(subnet, { vmid: String(1000 + i), hostname: `g${i}` })));
  const texts = got.map((g) => g.text);
  assert.equal(new Set(texts).size, 200, 'all distinct');
  assert.ok(!texts.includes('10.1.0.0') && !texts.includes('10.1.0.255'), 'network and broadcast addresses never handed out');
  await store.close();
  const db = parseIpamDb(readFileSync(path, 'utf8'), path);
  assert.equal(db.size, 200, 'the database file alone holds every allocation once the store is idle');
  // the 54 addresses left, then the subnet is full
  const rest = await Promise.all(Array.from({ length: 54 }, () => ipam.addNextFreeIp(subnet, {})));
  assert.equal(new Set([...texts, ...rest.map((r) => r.text)]).size, 254);
  await assert.rejects(ipam.addNextFreeIp(subnet, {}), /can't find free ip in subnet '10.1.0.0\/24'/);
  await store.close();
});

test('two processes allocating at once never collide', async () => {
  const path = join(dir, 'two-procs.json');
  const worker = join(REPO_ROOT, 'dist', 'test', 'support', 'ipam-worker.js');
  const runWorker = (tag: string): Promise<string[]> =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [worker, path, '150', tag], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as string[]) : reject(new Error(`worker ${tag}: ${err}`))));
    });
  const [a, b] = await Promise.all([runWorker('a'), runWorker('b')]);
  assert.equal(new Set([...a, ...b]).size, 300, 'no address given to both processes');
  const db = parseIpamDb(readFileSync(path, 'utf8'), path);
  assert.equal(db.size, 300);
  assert.equal(existsSync(`${path}.lock`), false, 'lock released');
});

test('gateway, exists, not-found and not-empty rules follow the reference', async () => {
  const store = new PveIpamStore({ path: join(dir, 'rules.json') });
  const ipam = new PveIpam(store);
  const subnet = subnetOf('192.0.2.0/24');
  await ipam.addSubnet(subnet);
  await ipam.addIp(subnet, ip('192.0.2.1'), {}, true);
  await ipam.addIp(subnet, ip('192.0.2.1'), {}, true); // the gateway again: fine
  await assert.rejects(ipam.addIp(subnet, ip('192.0.2.1'), { mac: 'bc:24:11:00:00:01' }), /IP '192.0.2.1' already exist/);
  await ipam.addIp(subnet, ip('192.0.2.10'), { mac: 'BC:24:11:00:00:02', vmid: '100', hostname: 'vm100' });
  await assert.rejects(ipam.addIp(subnet, ip('192.0.2.10'), {}, true), /already exist/);
  assert.equal((await ipam.addNextFreeIp(subnet, {})).text, '192.0.2.2', 'first free skips the gateway');
  await assert.rejects(ipam.delSubnet(subnet), /cannot delete subnet '192.0.2.0\/24', not empty/);
  assert.equal((await ipam.ipsFromMac('z1', 'bc:24:11:00:00:02')).ip4?.text, '192.0.2.10', 'MACs compare case-insensitively');
  await ipam.updateIp(subnet, ip('192.0.2.10'), { mac: 'bc:24:11:00:00:03', vmid: '100' });
  assert.equal((await ipam.ipsFromMac('z1', 'bc:24:11:00:00:02')).ip4, undefined, 'old MAC forgotten on update');
  await ipam.delIp(subnet, ip('192.0.2.10'));
  await ipam.delIp(subnet, ip('192.0.2.2'));
  await assert.rejects(ipam.delIp(subnet, ip('192.0.2.10')), /IP '192.0.2.10' does not exist in IPAM DB/);
  await ipam.delSubnet(subnet); // only the gateway remains: allowed
  await assert.rejects(ipam.addNextFreeIp(subnet, {}), /subnet '192.0.2.0\/24' doesn't exist in IPAM DB/);
  await store.close();
});

test('DHCP-range allocation stays inside the range; /31, /32 and IPv6 bounds', async () => {
  const store = new PveIpamStore({ path: join(dir, 'ranges.json') });
  const ipam = new PveIpam(store);
  const s = subnetOf('198.51.100.0/24');
  await ipam.addSubnet(s);
  const range = { start: ip('198.51.100.100'), end: ip('198.51.100.101') };
  assert.equal((await ipam.addRangeNextFreeIp(s, range, {}))?.text, '198.51.100.100');
  assert.equal((await ipam.addRangeNextFreeIp(s, range, {}))?.text, '198.51.100.101');
  assert.equal(await ipam.addRangeNextFreeIp(s, range, {}), null, 'full range: null');
  for (const [cidr, first] of [
    ['198.51.100.8/31', '198.51.100.8'],
    ['198.51.100.9/32', '198.51.100.9'],
    ['2001:db8::/64', '2001:db8::1'],
  ] as const) {
    const sub = subnetOf(cidr);
    await ipam.addSubnet(sub);
    assert.equal((await ipam.addNextFreeIp(sub, {})).text, first, cidr);
  }
  await store.close();
});

test('a torn journal line is dropped; a journal of another snapshot is not replayed', async () => {
  const path = join(dir, 'crash.json');
  const subnet = subnetOf('10.9.0.0/24');
  const s1 = new PveIpamStore({ path, idleMs: 60_000 });
  const ipam = new PveIpam(s1);
  await ipam.addSubnet(subnet);
  await ipam.addIp(subnet, ip('10.9.0.5'), { hostname: 'kept' });
  // simulate a crash mid-append, then another process opening the files
  appendFileSync(`${path}.journal`, '{"op":"set-ip","zone":"z1","subnet":"10.9.0.0/24","ip":"10.9.0.6","entry":{}');
  await s1.close().catch(() => undefined);
  const s2 = new PveIpam(new PveIpamStore({ path }));
  const ips = (await s2.records()).map((r) => r.ip.text);
  assert.deepEqual(ips, ['10.9.0.5']);
  await s2.store.close();

  // the database rewritten by another tool: the old journal must not come back on top of it
  writeFileSync(path, '{"zones":{"z1":{"subnets":{"10.9.0.0/24":{"ips":{}}}}}}');
  appendFileSync(`${path}.journal`, '{"op":"set-ip","zone":"z1","subnet":"10.9.0.0/24","ip":"10.9.0.7","entry":{}}\n');
  const s3 = new PveIpam(new PveIpamStore({ path }));
  assert.deepEqual(await s3.records(), []);
  await s3.store.close();
});

test('a corrupt database file is reported with its path, never overwritten', async () => {
  const path = join(dir, 'corrupt.json');
  writeFileSync(path, '{"zones": 3}');
  const ipam = new PveIpam(new PveIpamStore({ path }));
  await assert.rejects(ipam.addSubnet(subnetOf('10.0.0.0/24')), /corrupt\.json:zones: expected an object/);
  assert.equal(readFileSync(path, 'utf8'), '{"zones": 3}');
  await ipam.store.close().catch(() => undefined);
});
