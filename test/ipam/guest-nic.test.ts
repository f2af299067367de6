/**
 * Guest NIC lifecycle: IPv4 and IPv6 together or neither, DNS registered,
 * DHCP told; any failure part-way undoes what was done (built-in IPAM +
 * PowerDNS fake, phpIPAM fake).
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { addGuestNic, removeGuestNic } from '../../src/ipam/guest-nic.js';
import { PhpIpam } from '../../src/ipam/phpipam.js';
import { PveIpamStore } from '../../src/ipam/pve-store.js';
import { PveIpam } from '../../src/ipam/pve.js';
import { configBackends, type IpServiceDeps } from '../../src/ipam/service-context.js';
import { ipamSubnetOf } from '../../src/ipam/types.js';
import { createMapping, deleteMapping, updateMapping } from '../../src/ipam/vnet-ips.js';
import type { RawConfig } from '../../src/model/config.js';
import type { SdnConfig } from '../../src/sections/sdn-config.js';
import { decodeConfig } from '../../src/sections/decode-config.js';
import type { Subnet } from '../../src/model/subnet.js';
import { httpJsonClient } from '../../src/util/http-json.js';
import { FakePhpIpam } from '../support/fake-phpipam.js';
import { FakePowerDns } from '../support/fake-powerdns.js';
import { HttpRecorder } from '../support/http-recorder.js';

const REV4 = '100.51.198.in-addr.arpa.';
const REV6 = '0.0.0.0.1.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa.';
const REV6_V2 = '2.0.0.0.1.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa.';

function decode(raw: RawConfig): SdnConfig {
  const r = decodeConfig(raw);
  assert.ok(r.config, r.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
  return r.config;
}

describe('guest NICs on the built-in IPAM with PowerDNS', () => {
  const pdns = new FakePowerDns(['example.com', REV4, REV6, REV6_V2]);
  const dnsServer = new HttpRecorder(pdns.handler);
  let dir: string;
  let store: PveIpamStore;
  let pve: PveIpam;
  let deps: IpServiceDeps;
  const dhcpCalls: string[] = [];

  before(async () => {
    await dnsServer.start();
    dir = mkdtempSync(join(tmpdir(), 'weft-nic-'));
    store = new PveIpamStore({ path: join(dir, 'pve-ipam-state.json') });
    pve = new PveIpam(store);
    const cfg = decode({
      zones: { ids: { z1: { type: 'simple', ipam: 'pve', dhcp: 'dnsmasq', dns: 'pdns', reversedns: 'pdns', dnszone: 'example.com' } } },
      vnets: { ids: { v1: { type: 'vnet', zone: 'z1' }, v2: { type: 'vnet', zone: 'z1' } } },
      subnets: {
        ids: {
          'z1-198.51.100.0-24': { type: 'subnet', vnet: 'v1', gateway: '198.51.100.1', 'dhcp-range': ['start-address=198.51.100.100,end-address=198.51.100.109'] },
          'z1-2001:db8:1::-64': { type: 'subnet', vnet: 'v1', gateway: '2001:db8:1::1', 'dhcp-range': ['start-address=2001:db8:1::100,end-address=2001:db8:1::1ff'] },
          'z1-198.51.100.128-25': { type: 'subnet', vnet: 'v2', gateway: '198.51.100.129' },
          'z1-2001:db8:1:2::-64': { type: 'subnet', vnet: 'v2', gateway: '2001:db8:1:2::1', dnszoneprefix: 'v2', 'dhcp-range': ['start-address=2001:db8:1:2::100,end-address=2001:db8:1:2::100'] },
        },
      },
      dns: { ids: { pdns: { type: 'powerdns', url: `${dnsServer.base}/api/v1/servers/localhost`, key: 'dns-secret' } } },
    });
    deps = { config: () => cfg, ...configBackends(() => cfg, { pve, http: httpJsonClient() }), dhcp: { reservationsChanged: async (z) => void dhcpCalls.push(z) } };
  });
  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
    await dnsServer.stop();
  });
  beforeEach(() => {
    dhcpCalls.length = 0;
    pdns.failWhen = null;
  });
  const macEntries = async (mac: string): Promise<string[]> => (await pve.records()).filter((r) => r.mac === mac).map((r) => r.ip.text);

  test('a NIC gets IPv4 and IPv6 from the DHCP ranges, A/AAAA and PTR records, and DHCP is told', async () => {
    const got = await addGuestNic(deps, { vnet: 'v1', mac: 'bc:24:11:00:00:01', hostname: 'vm1', vmid: 101 });
    assert.equal(got.ip4?.text, '198.51.100.100');
    assert.equal(got.ip6?.text, '2001:db8:1::100');
    const r = pdns.records();
    assert.deepEqual(r['vm1.example.com. A'], ['198.51.100.100']);
    assert.deepEqual(r['vm1.example.com. AAAA'], ['2001:db8:1::100']);
    assert.deepEqual(r['100.100.51.198.in-addr.arpa. PTR'], ['vm1.example.com.']);
    assert.deepEqual(r[`0.0.1.0.0.0.0.0.0.0.0.0.0.0.0.0.${REV6} PTR`], ['vm1.example.com.']);
    assert.deepEqual(dhcpCalls, ['z1']);
    const gw = (await pve.records()).filter((x) => x.gateway).map((x) => x.ip.text);
    assert.deepEqual(gw, ['198.51.100.1', '2001:db8:1::1'], 'gateways reserved when the subnets were first used');
  });

  test('adding the same NIC again keeps its addresses', async () => {
    const again = await addGuestNic(deps, { vnet: 'v1', mac: 'bc:24:11:00:00:01', hostname: 'vm1' });
    assert.equal(again.ip4?.text, '198.51.100.100');
    assert.deepEqual(await macEntries('bc:24:11:00:00:01'), ['198.51.100.100', '2001:db8:1::100']);
  });

  test('no IPv6 left: the IPv4 address is given back, no record stays', async () => {
    await addGuestNic(deps, { vnet: 'v2', mac: 'bc:24:11:00:00:20', hostname: 'fill' }); // takes the only IPv6 of v2's range
    await assert.rejects(addGuestNic(deps, { vnet: 'v2', mac: 'bc:24:11:00:00:21', hostname: 'vm21' }), /can't find any free ip in zone z1 for IPv6/);
    assert.deepEqual(await macEntries('bc:24:11:00:00:21'), []);
    assert.equal(pdns.records()['vm21.v2.example.com. A'], undefined);
    assert.deepEqual(pdns.records()['fill.example.com. A'], ['198.51.100.130']);
    assert.deepEqual(pdns.records()['fill.v2.example.com. AAAA'], ['2001:db8:1:2::100'], "the IPv6 subnet's dnszoneprefix applies");
  });

  test('the PTR record fails: A record, both addresses and the IPv4 PTR are undone', async () => {
    pdns.failWhen = (r) => r.method === 'PATCH' && r.path.endsWith(`/zones/${REV6}`);
    await assert.rejects(addGuestNic(deps, { vnet: 'v1', mac: 'bc:24:11:00:00:02', hostname: 'vm2' }), /HTTP 500/);
    assert.deepEqual(await macEntries('bc:24:11:00:00:02'), []);
    const r = pdns.records();
    assert.equal(r['vm2.example.com. A'], undefined);
    assert.equal(r['vm2.example.com. AAAA'], undefined);
    assert.equal(r['101.100.51.198.in-addr.arpa. PTR'], undefined);
    assert.deepEqual(dhcpCalls, ['z1'], 'DHCP refreshed after the undo');
  });

  test('removing a NIC removes its records and addresses', async () => {
    await removeGuestNic(deps, { vnet: 'v1', mac: 'bc:24:11:00:00:01' });
    assert.deepEqual(await macEntries('bc:24:11:00:00:01'), []);
    const r = pdns.records();
    assert.equal(r['vm1.example.com. A'], undefined);
    assert.equal(r['100.100.51.198.in-addr.arpa. PTR'], undefined);
    assert.deepEqual(dhcpCalls, ['z1']);
  });

  test('removal: DNS down → nothing removed', async () => {
    await addGuestNic(deps, { vnet: 'v1', mac: 'bc:24:11:00:00:03', hostname: 'vm3' });
    pdns.failWhen = (r) => r.method === 'PATCH' && r.path.endsWith('/zones/example.com');
    await assert.rejects(removeGuestNic(deps, { vnet: 'v1', mac: 'bc:24:11:00:00:03' }), /HTTP 500/);
    pdns.failWhen = null;
    assert.equal((await macEntries('bc:24:11:00:00:03')).length, 2);
    assert.deepEqual(pdns.records()['100.100.51.198.in-addr.arpa. PTR'], ['vm3.example.com.'], 'the PTR deleted first is back');
  });

  test('VNet mappings: create with and without ip, move, delete', async () => {
    const fixed = await createMapping(deps, { vnet: 'v1', mac: 'bc:24:11:00:00:04', ip: '198.51.100.50', vmid: 104 });
    assert.equal(fixed.ip4?.text, '198.51.100.50');
    await assert.rejects(createMapping(deps, { vnet: 'v1', mac: 'bc:24:11:00:00:05', ip: '198.51.100.50' }), /already exist/);
    await updateMapping(deps, { vnet: 'v1', mac: 'bc:24:11:00:00:04', ip: '198.51.100.51' });
    assert.deepEqual(await macEntries('bc:24:11:00:00:04'), ['198.51.100.51']);
    await assert.rejects(updateMapping(deps, { vnet: 'v1', mac: 'bc:24:11:00:00:04', ip: '198.51.100.100' }), /already exist/, 'taken by vm3');
    assert.deepEqual(await macEntries('bc:24:11:00:00:04'), ['198.51.100.51'], 'the old mapping came back');
    await deleteMapping(deps, { vnet: 'v1', mac: 'bc:24:11:00:00:04', ip: '198.51.100.51' });
    assert.deepEqual(await macEntries('bc:24:11:00:00:04'), []);
    const next = await createMapping(deps, { vnet: 'v1', mac: 'bc:24:11:00:00:06' });
    assert.ok(next.ip4 && next.ip6, 'no ip: next free of each version');
  });

  test('VNet mappings: a PUT of the same address records the vmid asked (set, changed, dropped); the hostname stays', async () => {
    const mac = 'bc:24:11:00:00:07';
    const got = await addGuestNic(deps, { vnet: 'v1', mac, hostname: 'vm7' });
    const ip = got.ip4?.text ?? '';
    const entry = async () => (await pve.records()).find((r) => r.ip.text === ip);
    await updateMapping(deps, { vnet: 'v1', mac, ip, vmid: 4242 });
    assert.deepEqual({ ...(await entry()), ip: ip }, { zone: 'z1', subnet: '198.51.100.0/24', ip, mac, vmid: '4242', hostname: 'vm7' });
    await updateMapping(deps, { vnet: 'v1', mac, ip, vmid: 4243 });
    assert.equal((await entry())?.vmid, '4243');
    await updateMapping(deps, { vnet: 'v1', mac, ip });
    assert.equal((await entry())?.vmid, undefined, 'PUT without vmid drops it, as the reference re-adds the entry');
    assert.equal((await entry())?.hostname, 'vm7');
    await removeGuestNic(deps, { vnet: 'v1', mac });
  });

  test('a missing reverse zone is found before anything changes', async () => {
    pdns.zones.delete(REV6_V2);
    dnsServer.clear();
    await assert.rejects(addGuestNic(deps, { vnet: 'v2', mac: 'bc:24:11:00:00:22', hostname: 'vm22' }), /can't read zone 2\.0\.0\.0/);
    assert.deepEqual(dnsServer.requests.filter((r) => r.method !== 'GET'), []);
    assert.deepEqual(await macEntries('bc:24:11:00:00:22'), []);
    pdns.zones.set(REV6_V2, []);
  });

  test('bad input names the field', async () => {
    await assert.rejects(addGuestNic(deps, { vnet: 'v1', mac: 'zz:zz' }), /^IpamError: mac: /);
    await assert.rejects(addGuestNic(deps, { vnet: 'nope', mac: 'bc:24:11:00:00:09' }), /vnet: sdn vnet 'nope' does not exist/);
    await assert.rejects(addGuestNic(deps, { vnet: 'v1', mac: 'bc:24:11:00:00:09', hostname: 'a b' }), /hostname: /);
    await assert.rejects(addGuestNic(deps, { vnet: 'v1', mac: 'bc:24:11:00:00:09', vmid: 'x' }), /vmid: 'x' is not a guest id/);
    await assert.rejects(createMapping(deps, { vnet: 'v1', mac: 'bc:24:11:00:00:09', ip: '10.9.9.9' }), /ip: can't find any subnet for ip 10.9.9.9/);
  });
});

describe('guest NICs on phpIPAM: the IPv6 step fails, the IPv4 address is deleted again', () => {
  const fake = new FakePhpIpam();
  const server = new HttpRecorder(fake.handler);
  before(() => server.start());
  after(() => server.stop());

  test('compensation', async () => {
    const cfg = decode({
      zones: { ids: { z2: { type: 'simple', ipam: 'php' } } },
      vnets: { ids: { v3: { type: 'vnet', zone: 'z2' } } },
      subnets: { ids: { 'z2-198.51.100.0-24': { type: 'subnet', vnet: 'v3', gateway: '198.51.100.1' }, 'z2-2001:db8:3::-64': { type: 'subnet', vnet: 'v3', gateway: '2001:db8:3::1' } } },
      ipams: { ids: { php: { type: 'phpipam', url: `${server.base}/api/app`, token: 'php-secret', section: 1 } } },
    });
    const php = new PhpIpam(cfg.ipams.get('php') as never, httpJsonClient());
    for (const s of cfg.subnets.values()) await php.addSubnet(ipamSubnetOf(s as Subnet));
    const v6Id = [...fake.subnets.values()].find((s) => s.cidr.version === 6)?.id;
    fake.failWhen = (r) => r.method === 'POST' && r.path === `/api/app/addresses/first_free/${v6Id}/`;
    const deps: IpServiceDeps = { config: () => cfg, ...configBackends(() => cfg, { pve: undefined as never, http: httpJsonClient() }) };
    server.clear();
    await assert.rejects(addGuestNic(deps, { vnet: 'v3', mac: 'bc:24:11:00:00:31', vmid: 131 }), /HTTP 500/);
    const changes = server.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);
    assert.deepEqual(changes, ['POST /api/app/addresses/first_free/1/', `POST /api/app/addresses/first_free/${v6Id}/`, 'DELETE /api/app/addresses/3']);
    assert.equal(fake.addresses.size, 0, 'no orphan address left in phpIPAM');
  });
});
