/**
 * `/cluster/sdn/vnets/{vnet}/ips` and `/cluster/sdn/ipams/pve/status` on a
 * real listening server (127.0.0.1): 200 concurrent allocations on one subnet
 * give 200 distinct addresses and a valid IPAM database; mappings move and
 * go; permissions follow the VNet's zone path.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { ipamDbPath, readRootPassword, startServer, type RunningServer } from '../../src/api/start.js';
import { serverReservations } from '../../src/agent/server-source.js';
import { parseIpamDb } from '../../src/ipam/pve-db-format.js';
import { tempDir } from './harness.js';

interface Answer {
  readonly status: number;
  readonly data: unknown;
  readonly message?: string;
  readonly errors?: Record<string, string>;
}

describe('VNet IP mappings through the API', () => {
  const dir = tempDir('weft-ips-api-');
  let server: RunningServer;
  let auth: Record<string, string> = {};

  async function call(method: string, path: string, params: Record<string, unknown> = {}, headers = auth): Promise<Answer> {
    const withBody = method === 'POST' || method === 'PUT';
    const query = new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)])).toString();
    const res = await fetch(`${server.url}/api2/json${path}${!withBody && query ? `?${query}` : ''}`, {
      method,
      headers: { ...headers, ...(withBody ? { 'content-type': 'application/json' } : {}) },
      ...(withBody ? { body: JSON.stringify(params) } : {}),
    });
    const body = (await res.json()) as { data: unknown; message?: string; errors?: Record<string, string> };
    return { status: res.status, data: body.data, ...(body.message ? { message: body.message } : {}), ...(body.errors ? { errors: body.errors } : {}) };
  }
  const ok = (a: Answer, what: string): Answer => {
    assert.equal(a.status, 200, `${what}: ${a.status} ${a.message ?? ''} ${JSON.stringify(a.errors ?? {})}`);
    return a;
  };

  before(async () => {
    server = await startServer({ dataDir: dir, host: '127.0.0.1', port: 0, insecureHttp: true, authFailureDelayMs: 0, nodename: 'node1' });
    const login = await call('POST', '/access/ticket', { username: 'root@pam', password: readRootPassword(dir) }, {});
    const t = login.data as { ticket: string; CSRFPreventionToken: string };
    auth = { cookie: `PVEAuthCookie=${encodeURIComponent(t.ticket)}`, csrfpreventiontoken: t.CSRFPreventionToken };
    ok(await call('POST', '/cluster/sdn/zones', { zone: 'z1', type: 'simple', ipam: 'pve', dhcp: 'dnsmasq' }), 'zone');
    ok(await call('POST', '/cluster/sdn/vnets', { vnet: 'v1', zone: 'z1' }), 'vnet');
    ok(await call('POST', '/cluster/sdn/vnets/v1/subnets', { subnet: '198.51.100.0/24', type: 'subnet', gateway: '198.51.100.1' }), 'subnet v4');
    ok(await call('POST', '/cluster/sdn/vnets/v1/subnets', { subnet: '2001:db8:7::/64', type: 'subnet', gateway: '2001:db8:7::1' }), 'subnet v6');
    ok(await call('POST', '/cluster/sdn/vnets', { vnet: 'v4only', zone: 'z1' }), 'vnet v4only');
    ok(await call('POST', '/cluster/sdn/vnets/v4only/subnets', { subnet: '203.0.113.0/24', type: 'subnet', gateway: '203.0.113.1' }), 'subnet v4only');
    ok(await call('PUT', '/cluster/sdn'), 'apply');
  });
  after(async () => {
    await server.close();
  });

  test('200 concurrent allocations on one subnet: 200 distinct addresses; the IPAM file stays valid', async () => {
    const macs = Array.from({ length: 200 }, (_, i) => `bc:24:11:77:${(i >> 8).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`);
    const answers = await Promise.all(macs.map((mac, i) => call('POST', '/cluster/sdn/vnets/v4only/ips', { zone: 'z1', mac, vmid: 1000 + i })));
    for (const a of answers) ok(a, 'allocation');
    const ips = answers.map((a) => (a.data as { ip: string }).ip);
    assert.equal(new Set(ips).size, 200, 'all distinct');
    assert.ok(!ips.includes('203.0.113.1'), 'the gateway is never handed out');
    const db = parseIpamDb(readFileSync(ipamDbPath(dir), 'utf8'), 'ipam db');
    // the file is valid at any time; the entries still in the journal reach it when the store goes idle
    await new Promise((resolve) => setTimeout(resolve, 100));
    const settled = parseIpamDb(readFileSync(ipamDbPath(dir), 'utf8'), 'ipam db');
    assert.ok(db.size <= settled.size);
    assert.equal(settled.subnet('z1', '203.0.113.0/24')?.size, 201, '200 guests and the gateway');
  });

  test('POST without ip allocates IPv4 and IPv6 together and returns them; PUT moves; DELETE removes', async () => {
    const created = ok(await call('POST', '/cluster/sdn/vnets/v1/ips', { zone: 'z1', mac: 'bc:24:11:00:00:aa', vmid: 200, hostname: 'vm200' }), 'create').data as Record<string, string>;
    assert.deepEqual(created, { ip: '198.51.100.2', ip4: '198.51.100.2', ip6: '2001:db8:7::2' });
    ok(await call('PUT', '/cluster/sdn/vnets/v1/ips', { zone: 'z1', mac: 'bc:24:11:00:00:aa', ip: '198.51.100.77', vmid: 200 }), 'move');
    const status = ok(await call('GET', '/cluster/sdn/ipams/pve/status'), 'status').data as Array<Record<string, unknown>>;
    const mine = status.filter((e) => e.mac === 'bc:24:11:00:00:aa').map((e) => e.ip);
    assert.deepEqual(mine.sort(), ['198.51.100.77', '2001:db8:7::2']);
    const gw = status.find((e) => e.ip === '198.51.100.1');
    assert.deepEqual(gw, { zone: 'z1', subnet: '198.51.100.0/24', vnet: 'v1', ip: '198.51.100.1', gateway: 1 });
    ok(await call('DELETE', '/cluster/sdn/vnets/v1/ips', { zone: 'z1', mac: 'bc:24:11:00:00:aa', ip: '198.51.100.77' }), 'delete');
    const after = ok(await call('GET', '/cluster/sdn/ipams/pve/status'), 'status').data as Array<Record<string, unknown>>;
    assert.ok(!after.some((e) => e.ip === '198.51.100.77'));
    // DELETE without ip: the NIC is gone, both its addresses with it
    ok(await call('POST', '/cluster/sdn/vnets/v1/ips', { zone: 'z1', mac: 'bc:24:11:00:00:af' }), 'create both');
    ok(await call('DELETE', '/cluster/sdn/vnets/v1/ips', { zone: 'z1', mac: 'bc:24:11:00:00:af' }), 'delete nic');
    const gone = ok(await call('GET', '/cluster/sdn/ipams/pve/status'), 'status').data as Array<Record<string, unknown>>;
    assert.ok(!gone.some((e) => e.mac === 'bc:24:11:00:00:af'));
    // POST with an ip: the reference's call
    const fixedCreate = ok(await call('POST', '/cluster/sdn/vnets/v1/ips', { zone: 'z1', mac: 'bc:24:11:00:00:ab', ip: '198.51.100.50' }), 'create fixed');
    assert.equal(fixedCreate.data, null, "with an ip, the reference's answer");
    ok(await call('PUT', '/cluster/sdn/vnets/v1/ips', { zone: 'z1', mac: 'bc:24:11:00:00:ab', ip: '198.51.100.50', vmid: 4242 }), 'vmid of the same address');
    const fixed = (ok(await call('GET', '/cluster/sdn/ipams/pve/status'), 'status').data as Array<Record<string, unknown>>).find((e) => e.ip === '198.51.100.50');
    assert.deepEqual(fixed, { zone: 'z1', subnet: '198.51.100.0/24', vnet: 'v1', ip: '198.51.100.50', mac: 'bc:24:11:00:00:ab', vmid: 4242 }, 'vmid stored, answered as an integer');
    const taken = await call('POST', '/cluster/sdn/vnets/v1/ips', { zone: 'z1', mac: 'bc:24:11:00:00:ac', ip: '198.51.100.50' });
    assert.equal(taken.status, 500);
    assert.match(taken.message ?? '', /IP '198.51.100.50' already exist/);
  });

  test('bad input is refused per parameter; unknown vnet and wrong zone are named', async () => {
    const bad = await call('POST', '/cluster/sdn/vnets/v1/ips', { zone: 'z1', mac: 'nope', ip: '1.2.3' });
    assert.equal(bad.status, 400);
    assert.deepEqual(Object.keys(bad.errors ?? {}).sort(), ['ip', 'mac']);
    const outside = await call('POST', '/cluster/sdn/vnets/v1/ips', { zone: 'z1', mac: 'bc:24:11:00:00:ad', ip: '192.0.2.9' });
    assert.equal(outside.status, 400);
    assert.match(outside.errors?.ip ?? '', /can't find any subnet for ip 192.0.2.9/);
    const wrongZone = await call('POST', '/cluster/sdn/vnets/v1/ips', { zone: 'z2', mac: 'bc:24:11:00:00:ad' });
    assert.equal(wrongZone.status, 400);
    assert.match(wrongZone.errors?.zone ?? '', /vnet 'v1' is in zone 'z1'/);
    const missing = await call('POST', '/cluster/sdn/vnets/nope/ips', { mac: 'bc:24:11:00:00:ad' });
    assert.equal(missing.status, 500);
    assert.match(missing.message ?? '', /sdn vnet 'nope' does not exist/);
    const other = await call('GET', '/cluster/sdn/ipams/netbox/status');
    assert.match(other.message ?? '', /Currently only PVE IPAM is supported/);
  });

  test('subnet edits follow in the IPAM: gateway reserved and moved; a subnet with guests is not deleted', async () => {
    const entries = async (subnet: string) => (ok(await call('GET', '/cluster/sdn/ipams/pve/status'), 'status').data as Array<Record<string, unknown>>).filter((e) => e.subnet === subnet);
    ok(await call('POST', '/cluster/sdn/vnets', { vnet: 'v9', zone: 'z1' }), 'vnet v9');
    ok(await call('POST', '/cluster/sdn/vnets/v9/subnets', { subnet: '192.0.2.0/28', type: 'subnet', gateway: '192.0.2.1' }), 'subnet');
    ok(await call('PUT', '/cluster/sdn'), 'apply');
    assert.deepEqual((await entries('192.0.2.0/28')).map((e) => [e.ip, e.gateway]), [['192.0.2.1', 1]], 'gateway reserved when the subnet was created');
    ok(await call('PUT', '/cluster/sdn/vnets/v9/subnets/z1-192.0.2.0-28', { gateway: '192.0.2.14' }), 'move gateway');
    assert.deepEqual((await entries('192.0.2.0/28')).map((e) => e.ip), ['192.0.2.14']);
    const guest = (ok(await call('POST', '/cluster/sdn/vnets/v9/ips', { mac: 'bc:24:11:00:09:01' }), 'guest').data as { ip: string }).ip;
    assert.equal(guest, '192.0.2.1', 'the old gateway address is free again');
    const refused = await call('DELETE', '/cluster/sdn/vnets/v9/subnets/z1-192.0.2.0-28');
    assert.equal(refused.status, 500);
    assert.match(refused.message ?? '', /delete sdn subnet object failed: cannot delete subnet '192.0.2.0\/28', not empty/);
    assert.equal((ok(await call('GET', '/cluster/sdn/vnets/v9/subnets'), 'subnets').data as unknown[]).length, 1, 'the config keeps the subnet');
    ok(await call('DELETE', '/cluster/sdn/vnets/v9/ips', { mac: 'bc:24:11:00:09:01', ip: guest }), 'guest gone');
    ok(await call('DELETE', '/cluster/sdn/vnets/v9/subnets/z1-192.0.2.0-28'), 'delete subnet');
    assert.deepEqual(await entries('192.0.2.0/28'), []);
  });

  test('SDN.Audit may read the status but not allocate', async () => {
    ok(await call('POST', '/access/users', { userid: 'aud@pve' }), 'user');
    const tok = ok(await call('POST', '/access/users/aud@pve/token/t1', { privsep: 0 }), 'token').data as { 'full-tokenid': string; value: string };
    ok(await call('PUT', '/access/acl', { path: '/sdn/zones/z1', roles: 'PVEAuditor', users: 'aud@pve' }), 'acl');
    const audit = { authorization: `PVEAPIToken=${tok['full-tokenid']}=${tok.value}` };
    const denied = await call('POST', '/cluster/sdn/vnets/v1/ips', { zone: 'z1', mac: 'bc:24:11:00:00:ae' }, audit);
    assert.equal(denied.status, 403);
    const status = ok(await call('GET', '/cluster/sdn/ipams/pve/status', {}, audit), 'audit status').data as unknown[];
    assert.ok(status.length > 200);
  });

  test("an agent's reservations: a long poll answers when a guest NIC is added, and only then", async () => {
    const path = '/nodes/node1/sdn/agent/dhcp-hosts';
    const before = ok(await call('GET', path), 'hosts').data as { revision: string; zones: Record<string, Array<{ mac: string; ip4?: string }>> };
    const quiet = Date.now();
    const unchanged = ok(await call('GET', path, { since: before.revision, timeout: 1 }), 'quiet poll').data as { revision: string };
    assert.equal(unchanged.revision, before.revision, 'no change: the same revision');
    assert.ok(Date.now() - quiet >= 900, 'the poll waited for a change');

    // the agent's side of it, with an API token as `weft agent --server` has
    const tok = ok(await call('POST', '/access/users/root@pam/token/agent', { privsep: 0 }), 'token').data as { 'full-tokenid': string; value: string };
    const reservations = serverReservations({ server: server.url, token: `${tok['full-tokenid']}=${tok.value}` }, 'node1', () => {});
    assert.equal((await reservations.read())('z1').length, (before.zones.z1 ?? []).length);
    const stop = new AbortController();
    const changed = reservations.changed(stop.signal);
    ok(await call('POST', '/cluster/sdn/vnets/v1/ips', { zone: 'z1', mac: 'bc:24:11:00:0d:01' }), 'guest NIC');
    await changed;
    const added = (await reservations.read())('z1').find((h) => h.mac === 'bc:24:11:00:0d:01');
    assert.ok(added?.ip4, 'the new NIC has its address among the reservations');
    assert.equal(before.zones.z1?.some((h) => h.mac === 'bc:24:11:00:0d:01'), false);
  });
});
