/**
 * The built-in IPAM shared by several servers on one etcd: each holds its
 * own copy (fed by a watch) and allocates with a compare on what it read,
 * so concurrent allocations through three servers never hand out an address
 * twice, a NIC's IPv4 and IPv6 land together or not at all, and every
 * server sees the others' changes. Node names are held by leases; a subnet
 * edit's intent record is taken back only when its server is gone.
 */
import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { existsSync, rmSync } from 'node:fs';
import { EtcdIpamState } from '../../src/ipam/etcd-ipam-state.js';
import { openIpamState } from '../../src/ipam/open-state.js';
import { ipamDbPath } from '../../src/ipam/paths.js';
import { PveIpamStore } from '../../src/ipam/pve-store.js';
import { PveIpam } from '../../src/ipam/pve.js';
import { ipamSubnetOfSection } from '../../src/ipam/sdn-deps.js';
import { intentRecord, pendingIntents, recoverSubnetIntents } from '../../src/ipam/subnet-intents.js';
import { IpamError, type IpamSubnet } from '../../src/ipam/types.js';
import { parseIp, type ParsedIp } from '../../src/model/ip.js';
import { EtcdStore } from '../../src/store/etcd.js';
import { claimNode, NodeNameTaken } from '../../src/store/node-claim.js';
import { startEtcd, tempDir, type EtcdProcess } from '../api/harness.js';
import { needs } from '../support/system.js';

const subnet = (cidr: string, extra: Record<string, string> = {}): IpamSubnet => ipamSubnetOfSection(`z1-${cidr.replace('/', '-')}`, new Map(Object.entries({ vnet: 'v1', ...extra }))) as IpamSubnet;
const V4 = subnet('10.8.0.0/24');
const V6 = subnet('fd00:8::/64');
const mac = (i: number) => `bc:24:11:00:${(i >> 8).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`;

describe('built-in IPAM on etcd, three servers', { skip: needs({ commands: ['etcd'] }) }, () => {
  let etcd: EtcdProcess;
  let n = 0;
  const opened: { store: EtcdStore; ipam: PveIpam }[] = [];
  /** three servers' views of one fresh prefix */
  const servers = (): PveIpam[] => {
    const prefix = `/ipam-test-${n++}/`;
    return [0, 1, 2].map(() => {
      const store = new EtcdStore({ url: etcd.url, prefix });
      const ipam = new PveIpam(new EtcdIpamState(store.beside('ipam')));
      opened.push({ store, ipam });
      return ipam;
    });
  };

  before(async () => {
    etcd = await startEtcd();
  });
  after(async () => {
    for (const o of opened) {
      await o.ipam.store.close();
      await o.store.close();
    }
    await etcd?.stop();
  });

  test('90 concurrent next-free allocations through three servers give 90 distinct addresses, seen by every server', async () => {
    const ipams = servers();
    await ipams[0]?.ensureSubnet(V4);
    const got = await Promise.all(Array.from({ length: 90 }, (_, i) => (ipams[i % 3] as PveIpam).addNextFreeIp(V4, { mac: mac(i) })));
    assert.equal(new Set(got.map((ip) => ip.text)).size, 90);
    for (const ipam of ipams) {
      const records = await ipam.records();
      assert.deepEqual(records.map((r) => r.ip.text).sort(), got.map((ip) => ip.text).sort(), 'every server sees every allocation');
    }
  });

  test("a NIC's IPv4 and IPv6 land together or not at all", async () => {
    const [a, b] = servers() as [PveIpam, PveIpam];
    // a subnet and its gateway in one transaction (the subnet's key written once)
    const gw = subnet('10.11.0.0/24', { gateway: '10.11.0.1' });
    await b.ensureSubnet(gw);
    assert.deepEqual(await a.entry(gw, parseIp('10.11.0.1') as ParsedIp), { gateway: true });
    const tiny = subnet('10.9.0.0/30');
    await a.ensureSubnet(tiny);
    await a.ensureSubnet(V6);
    const both = (i: number) => a.addIpsTogether([{ candidates: [{ subnet: tiny, range: null }], none: 'no IPv4 left' }, { candidates: [{ subnet: V6, range: null }], none: 'no IPv6 left' }], { mac: mac(i) });
    // a /30 has two usable addresses
    assert.equal((await both(1)).length, 2);
    assert.equal((await both(2)).length, 2);
    await assert.rejects(both(3), (e: unknown) => e instanceof IpamError && e.code === 'no-free-ip' && /IPv4/.test(e.message));
    const v6 = (await b.records()).filter((r) => r.ip.version === 6);
    assert.equal(v6.length, 2, 'the refused NIC got no IPv6 address either');
  });

  test('a change on one server is seen by the next read on another (delete, then update refused there)', async () => {
    const [a, b] = servers() as [PveIpam, PveIpam];
    await a.ensureSubnet(V4);
    const ip = await a.addNextFreeIp(V4, { mac: mac(7) });
    assert.equal((await b.ipsFromMac('z1', mac(7))).ip4?.text, ip.text);
    await b.delIp(V4, ip);
    await assert.rejects(a.updateIp(V4, ip, { mac: mac(8) }), (e: unknown) => e instanceof IpamError && e.code === 'ip-not-found');
  });

  test("a server's IPAM file from before is moved into etcd when the shared IPAM is empty, never over data", async () => {
    const store = new EtcdStore({ url: etcd.url, prefix: `/import-${n++}/` });
    const dirs = [tempDir('weft-import-a-'), tempDir('weft-import-b-')];
    try {
      for (const [k, dir] of dirs.entries()) {
        const local = new PveIpam(new PveIpamStore({ path: ipamDbPath(dir) }));
        await local.ensureSubnet(V4);
        // more addresses than one etcd transaction takes
        for (let i = 0; i < 130; i++) await local.addNextFreeIp(V4, { mac: mac(1000 * k + i) });
        await local.store.close();
      }
      const lines: string[] = [];
      const first = await openIpamState(store, dirs[0] as string, (l) => lines.push(l));
      const pve = new PveIpam(first);
      opened.push({ store, ipam: pve });
      assert.equal((await pve.records()).filter((r) => r.mac).length, 130);
      assert.equal((await pve.ipsFromMac('z1', mac(129))).ip4?.text, '10.8.0.130');
      assert.ok(existsSync(`${ipamDbPath(dirs[0] as string)}.imported`) && !existsSync(ipamDbPath(dirs[0] as string)));
      const second = await openIpamState(store, dirs[1] as string, (l) => lines.push(l));
      await second.close();
      assert.match(lines.join('\n'), /130 address\(es\) in 1 subnet\(s\) moved into the IPAM in etcd[\s\S]*not imported, the IPAM in etcd already has data/);
      assert.ok(existsSync(ipamDbPath(dirs[1] as string)), 'the second file is left as it was');
    } finally {
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a node name is held while its server lives; a second claim is refused saying what to do', async () => {
    const store = new EtcdStore({ url: etcd.url, prefix: `/claims-${n++}/` });
    opened.push({ store, ipam: servers()[0] as PveIpam });
    const first = await claimNode(store, 'pve1', { ttlSeconds: 2 });
    await assert.rejects(claimNode(store, 'pve1', { ttlSeconds: 2 }), (e: unknown) => e instanceof NodeNameTaken && /node name 'pve1' is held by a live weft server .*--node NAME.*stop that server first/.test(e.message));
    const other = await claimNode(store, 'pve2', { ttlSeconds: 2 });
    assert.deepEqual([...(await first.live()).keys()].sort(), ['pve1', 'pve2']);
    let stopWatch = () => {};
    let watching = () => {};
    const ready = new Promise<void>((resolve) => (watching = resolve));
    const gone = new Promise<string>((resolve) => (stopWatch = first.onGone(resolve, watching)));
    await ready;
    await other.release();
    assert.equal(await gone, 'pve2');
    stopWatch();
    const again = await claimNode(store, 'pve2', { ttlSeconds: 2 });
    await again.release();
    await first.release();
  });

  test("a subnet edit's intent is taken back only when its server is gone", async () => {
    const store = new EtcdStore({ url: etcd.url, prefix: `/intents-${n++}/` });
    const pve = new PveIpam(new EtcdIpamState(store.beside('ipam')));
    opened.push({ store, ipam: pve });
    const values = { vnet: 'v1', gateway: '10.10.0.1' };
    const id = 'z1-10.10.0.0-24';
    const added = ipamSubnetOfSection(id, new Map(Object.entries(values))) as IpamSubnet;
    const intent = intentRecord({ owner: 'pve2', subnet: id, ipam: 'pve', before: null, after: values });
    await store.transact(() => ({ writes: [{ key: 'sdn/zones.cfg', value: 'simple: z1\n\tipam pve\n\n' }, { key: 'sdn/vnets.cfg', value: 'vnet: v1\n\tzone z1\n\n' }, intent.write], result: null }));
    await pve.addSubnet(added);
    await pve.addIp(added, parseIp('10.10.0.1') as ParsedIp, {}, true);
    // pve2 lives: its edit is in progress
    assert.deepEqual(await recoverSubnetIntents(store, { pve }, { node: 'pve1', take: (owner) => owner !== 'pve2' }), []);
    assert.equal(pendingIntents(await store.read()).length, 1);
    // pve2 is gone: pve1 takes the edit back
    const log = await recoverSubnetIntents(store, { pve }, { node: 'pve1', take: (owner) => owner === 'pve2' });
    assert.match(log.join('\n'), /an edit of server pve2, which is gone.*taken back/);
    assert.equal(pendingIntents(await store.read()).length, 0);
    assert.deepEqual(await pve.records(), [], 'the subnet the config never got is gone from the IPAM');
  });
});
