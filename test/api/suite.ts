/**
 * The API contract, run against every store backend: the pending/apply
 * workflow, concurrency (no lost writes, one winner per digest), bad input
 * (400, per-parameter errors, nothing written) for every resource, and
 * authentication / permissions.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import type { ConfigStore } from '../../src/store/types.js';
import { makeHarness, NO_AGENT_APPLIED, tempDir, tokenWith, type Answer, type Harness } from './harness.js';
import { defineWireguardKeySuite } from './wireguard-suite.js';

export type StoreFactory = (dir: string) => Promise<ConfigStore>;

const ok = (a: Answer, what: string) => assert.equal(a.status, 200, `${what}: ${a.status} ${JSON.stringify(a.body)}`);

async function withHarness(factory: StoreFactory, fn: (h: Harness) => Promise<void>): Promise<void> {
  const dir = tempDir('weft-api-');
  const h = await makeHarness(await factory(dir), dir);
  try {
    await fn(h);
  } finally {
    await h.close();
  }
}

/** A valid create for each resource, and the store-changing path. */
/** `unknownIgnored`: the reference's schema allows more parameters (fabrics), so an unknown one is ignored, not refused */
const RESOURCES: ReadonlyArray<{ name: string; path: string; valid: Record<string, unknown>; id: string; badId: string; range?: [string, unknown]; wrongType: [string, unknown]; required: string; unknownIgnored?: boolean }> = [
  { name: 'zone', path: '/cluster/sdn/zones', valid: { zone: 'zb', type: 'vlan', bridge: 'vmbr0' }, id: 'zone', badId: 'z_1!', range: ['vxlan-port', 70000], wrongType: ['mtu', 'big'], required: 'type' },
  { name: 'vnet', path: '/cluster/sdn/vnets', valid: { vnet: 'vb', zone: 'z1' }, id: 'vnet', badId: '1bad', range: ['tag', 16777216], wrongType: ['vlanaware', 'maybe'], required: 'zone' },
  { name: 'subnet', path: '/cluster/sdn/vnets/v1/subnets', valid: { subnet: '10.9.0.0/24', type: 'subnet' }, id: 'subnet', badId: '10.9.0.0', wrongType: ['snat', 'perhaps'], required: 'subnet' },
  { name: 'controller', path: '/cluster/sdn/controllers', valid: { controller: 'ctl', type: 'evpn', asn: 65000, peers: '10.0.0.1' }, id: 'controller', badId: '-x', range: ['asn', 4294967296], wrongType: ['asn', 'many'], required: 'type' },
  { name: 'ipam', path: '/cluster/sdn/ipams', valid: { ipam: 'nb', type: 'netbox', url: 'https://nb/api', token: 'secret-token' }, id: 'ipam', badId: 'n!b', wrongType: ['section', 'x'], required: 'type' },
  { name: 'dns', path: '/cluster/sdn/dns', valid: { dns: 'pdns', type: 'powerdns', url: 'http://pdns/api', key: 'secret-key' }, id: 'dns', badId: 'p d', wrongType: ['ttl', 'long'], required: 'type' },
  { name: 'prefix list', path: '/cluster/sdn/prefix-lists', valid: { id: 'internal', entries: ['action=permit,prefix=10.0.0.0/8,ge=16,le=24,seq=10'] }, id: 'id', badId: '-x', wrongType: ['entries', 'action=allow,prefix=10.0.0.0/8'], required: 'id' },
  { name: 'route map entry', path: '/cluster/sdn/route-maps/entries', valid: { 'route-map-id': 'bgp-out', order: 10, action: 'permit' }, id: 'route-map-id', badId: 'bgp out', range: ['order', 65536], wrongType: ['action', 'allow'], required: 'action' },
  { name: 'fabric', path: '/cluster/sdn/fabrics/fabric', valid: { id: 'f1', protocol: 'openfabric', ip_prefix: '10.10.0.0/24' }, id: 'id', badId: 'f_1', range: ['hello_interval', 601], wrongType: ['ip_prefix', 'not-a-cidr'], required: 'protocol', unknownIgnored: true },
];

async function base(h: Harness): Promise<void> {
  ok(await h.call('POST', '/cluster/sdn/zones', { zone: 'z1', type: 'simple' }, h.root), 'zone');
  ok(await h.call('POST', '/cluster/sdn/vnets', { vnet: 'v1', zone: 'z1' }, h.root), 'vnet');
}

export function defineApiSuite(label: string, factory: StoreFactory, skip: string | false = false): void {
  test(`${label}: pending, apply, running, stale digest, delete`, { skip }, () =>
    withHarness(factory, async (h) => {
      await base(h);
      ok(await h.call('POST', '/cluster/sdn/vnets/v1/subnets', { subnet: '10.0.0.0/24', type: 'subnet', gateway: '10.0.0.1' }, h.root), 'subnet');
      const pending = (await h.call('GET', '/cluster/sdn/vnets', { pending: 1 }, h.root)).body.data as Record<string, unknown>[];
      assert.deepEqual(pending, [{ type: 'vnet', vnet: 'v1', state: 'new', pending: { zone: 'z1' } }]);
      const subs = (await h.call('GET', '/cluster/sdn/vnets/v1/subnets', { pending: 1 }, h.root)).body.data as Record<string, unknown>[];
      assert.equal(subs[0]?.state, 'new');
      assert.equal(subs[0]?.cidr, '10.0.0.0/24');
      const upid = (await h.call('PUT', '/cluster/sdn', {}, h.root)).body.data as string;
      assert.match(upid, /^UPID:node1:.*:reloadnetworkall::root@pam:$/);
      await h.tasks.wait(upid);
      const status = (await h.call('GET', `/nodes/node1/tasks/${encodeURIComponent(upid)}/status`, {}, h.root)).body.data as Record<string, unknown>;
      assert.equal(status.status, 'stopped');
      // no node agent here: committed, yet the task does not claim success
      assert.match(String(status.exitstatus), NO_AGENT_APPLIED);
      const log = (await h.call('GET', `/nodes/node1/tasks/${encodeURIComponent(upid)}/log`, {}, h.root)).body.data as { t: string }[];
      assert.match(log[0]?.t ?? '', /version 1/);
      assert.match(log.at(-1)?.t ?? '', /^TASK ERROR: version 1 is committed but no node applied it/);
      const running = (await h.call('GET', '/cluster/sdn/vnets/v1', { running: 1 }, h.root)).body.data as Record<string, unknown>;
      assert.deepEqual(running, { type: 'vnet', zone: 'z1', vnet: 'v1' });
      const afterApply = (await h.call('GET', '/cluster/sdn/vnets', { pending: 1 }, h.root)).body.data as Record<string, unknown>[];
      assert.equal(afterApply[0]?.state, undefined);

      const read = (await h.call('GET', '/cluster/sdn/vnets/v1', {}, h.root)).body.data as { digest: string };
      ok(await h.call('PUT', '/cluster/sdn/vnets/v1', { alias: 'first', digest: read.digest }, h.root), 'update with current digest');
      const stale = await h.call('PUT', '/cluster/sdn/vnets/v1', { alias: 'second', digest: read.digest }, h.root);
      assert.equal(stale.status, 500);
      assert.match(stale.body.message ?? '', /detected modified configuration/);
      const changed = (await h.call('GET', '/cluster/sdn/vnets/v1', { pending: 1 }, h.root)).body.data as Record<string, unknown>;
      assert.equal(changed.state, 'changed');
      assert.deepEqual(changed.pending, { alias: 'first' });

      ok(await h.call('DELETE', '/cluster/sdn/vnets/v1/subnets/z1-10.0.0.0-24', {}, h.root), 'delete subnet');
      ok(await h.call('DELETE', '/cluster/sdn/vnets/v1', {}, h.root), 'delete vnet');
      const deleted = (await h.call('GET', '/cluster/sdn/vnets', { pending: 1 }, h.root)).body.data as Record<string, unknown>[];
      assert.equal(deleted[0]?.state, 'deleted');
      await h.tasks.wait((await h.call('PUT', '/cluster/sdn', {}, h.root)).body.data as string);
      assert.deepEqual((await h.call('GET', '/cluster/sdn/vnets', { running: 1 }, h.root)).body.data, []);
      const doc = (await h.store.read()).docs.get('sdn/.running-config') ?? '';
      assert.equal((JSON.parse(doc) as { version: number }).version, 2);
    }),
  );

  test(`${label}: secrets are stored privately and never returned`, { skip }, () =>
    withHarness(factory, async (h) => {
      ok(await h.call('POST', '/cluster/sdn/ipams', { ipam: 'nb', type: 'netbox', url: 'https://nb/api', token: 'tok-123' }, h.root), 'ipam');
      const got = JSON.stringify((await h.call('GET', '/cluster/sdn/ipams/nb', {}, h.root)).body);
      assert.ok(!got.includes('tok-123'));
      const docs = (await h.store.read()).docs;
      assert.ok(!(docs.get('sdn/ipams.cfg') ?? '').includes('tok-123'));
      assert.ok((docs.get('priv/sdn/secrets.json') ?? '').includes('tok-123'));
    }),
  );

  test(`${label}: lock with token, rollback`, { skip }, () =>
    withHarness(factory, async (h) => {
      await base(h);
      const refused = await h.call('POST', '/cluster/sdn/lock', {}, h.root);
      assert.match(refused.body.message ?? '', /pending changes/);
      const token = (await h.call('POST', '/cluster/sdn/lock', { 'allow-pending': 1 }, h.root)).body.data as string;
      const blocked = await h.call('POST', '/cluster/sdn/zones', { zone: 'z2', type: 'simple' }, h.root);
      assert.match(blocked.body.message ?? '', /invalid lock token/);
      ok(await h.call('POST', '/cluster/sdn/zones', { zone: 'z2', type: 'simple', 'lock-token': token }, h.root), 'write with token');
      ok(await h.call('POST', '/cluster/sdn/rollback', { 'lock-token': token }, h.root), 'rollback');
      assert.deepEqual((await h.call('GET', '/cluster/sdn/zones', {}, h.root)).body.data, []);
      ok(await h.call('POST', '/cluster/sdn/zones', { zone: 'z3', type: 'simple' }, h.root), 'lock released by rollback');
    }),
  );

  test(`${label}: 20 concurrent VNet creates all land`, { skip }, () =>
    withHarness(factory, async (h) => {
      ok(await h.call('POST', '/cluster/sdn/zones', { zone: 'z1', type: 'simple' }, h.root), 'zone');
      const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => h.call('POST', '/cluster/sdn/vnets', { vnet: `vn${i}`, zone: 'z1' }, h.root)));
      answers.forEach((a, i) => ok(a, `vnet vn${i}`));
      const list = (await h.call('GET', '/cluster/sdn/vnets', {}, h.root)).body.data as { vnet: string }[];
      assert.equal(list.length, 20);
    }),
  );

  test(`${label}: two updates with one digest, exactly one wins`, { skip }, () =>
    withHarness(factory, async (h) => {
      await base(h);
      const { digest } = (await h.call('GET', '/cluster/sdn/vnets/v1', {}, h.root)).body.data as { digest: string };
      const [a, b] = await Promise.all([
        h.call('PUT', '/cluster/sdn/vnets/v1', { alias: 'from-a', digest }, h.root),
        h.call('PUT', '/cluster/sdn/vnets/v1', { alias: 'from-b', digest }, h.root),
      ]);
      assert.deepEqual([a?.status, b?.status].sort(), [200, 500]);
      const winner = a?.status === 200 ? 'from-a' : 'from-b';
      assert.equal(((await h.call('GET', '/cluster/sdn/vnets/v1', {}, h.root)).body.data as { alias: string }).alias, winner);
    }),
  );

  test(`${label}: bad input answers 400 per parameter and writes nothing, for every resource`, { skip }, () =>
    withHarness(factory, async (h) => {
      await base(h);
      for (const r of RESOURCES) {
        const before = (await h.store.read()).docs;
        const cases: Array<[string, Record<string, unknown> | { raw: string; type: string }, string]> = [
          ...(r.unknownIgnored ? [] : [['unknown parameter', { ...r.valid, bogus: 1 }, 'bogus'] as [string, Record<string, unknown>, string]]),
          ['wrong type', { ...r.valid, [r.wrongType[0]]: r.wrongType[1] }, r.wrongType[0]],
          ['bad id', { ...r.valid, [r.id]: r.badId }, r.id],
          ['missing required', Object.fromEntries(Object.entries(r.valid).filter(([k]) => k !== r.required)), r.required],
          ['10 MB body', { raw: JSON.stringify({ ...r.valid, alias: 'x'.repeat(10 * 1024 * 1024) }), type: 'application/json' }, 'body'],
          ['malformed JSON', { raw: '{"zone": "z9", ', type: 'application/json' }, 'body'],
        ];
        if (r.range) cases.push(['out of range', { ...r.valid, [r.range[0]]: r.range[1] }, r.range[0]]);
        for (const [what, params, key] of cases) {
          const a = 'raw' in params && typeof params.raw === 'string'
            ? await h.call('POST', r.path, {}, h.root, { payload: params.raw, contentType: String(params.type) })
            : await h.call('POST', r.path, params as Record<string, unknown>, h.root);
          assert.equal(a.status, 400, `${r.name} ${what}: ${JSON.stringify(a.body)}`);
          assert.ok(a.body.errors?.[key], `${r.name} ${what}: expected an error for '${key}', got ${JSON.stringify(a.body.errors)}`);
        }
        assert.deepEqual((await h.store.read()).docs, before, `${r.name}: nothing written`);
        ok(await h.call('POST', r.path, r.valid, h.root), `${r.name}: the valid create still works`);
      }
    }),
  );

  test(`${label}: 401 without credentials, 403 without SDN.Allocate, reads filtered by SDN.Audit`, { skip }, () =>
    withHarness(factory, async (h) => {
      await base(h);
      ok(await h.call('POST', '/cluster/sdn/zones', { zone: 'z2', type: 'simple' }, h.root), 'zone z2');
      ok(await h.call('POST', '/cluster/sdn/vnets', { vnet: 'v2', zone: 'z2' }, h.root), 'vnet v2');
      assert.equal((await h.call('GET', '/cluster/sdn/zones')).status, 401);
      assert.equal((await h.call('POST', '/cluster/sdn/zones', { zone: 'zx', type: 'simple' })).status, 401);
      assert.equal((await h.call('GET', '/cluster/sdn/zones', {}, { authorization: 'PVEAPIToken=root@pam!nope=bad' })).status, 401);
      // a ticket without the CSRF token may read but not write
      assert.equal((await h.call('POST', '/cluster/sdn/zones', { zone: 'zx', type: 'simple' }, { cookie: h.root.cookie ?? '' })).status, 401);

      const auditor = await tokenWith(h, 'audit@pve', [{ path: '/sdn/zones/z1', role: 'PVEAuditor' }]);
      const zones = (await h.call('GET', '/cluster/sdn/zones', {}, auditor)).body.data as { zone: string }[];
      assert.deepEqual(zones.map((z) => z.zone), ['z1']);
      const vnets = (await h.call('GET', '/cluster/sdn/vnets', {}, auditor)).body.data as { vnet: string }[];
      assert.deepEqual(vnets.map((v) => v.vnet), ['v1']);
      const denied = await h.call('POST', '/cluster/sdn/vnets', { vnet: 'v3', zone: 'z1' }, auditor);
      assert.equal(denied.status, 403);
      assert.match(denied.body.message ?? '', /Permission check failed \(\/sdn\/zones\/z1, SDN\.Allocate\)/);
      assert.equal((await h.call('PUT', '/cluster/sdn/vnets/v1', { alias: 'x' }, auditor)).status, 403);
      assert.equal((await h.call('DELETE', '/cluster/sdn/vnets/v1', {}, auditor)).status, 403);
      assert.equal((await h.call('PUT', '/cluster/sdn', {}, auditor)).status, 403);

      const admin = await tokenWith(h, 'netadm@pve', [{ path: '/sdn/zones/z2', role: 'PVESDNAdmin' }]);
      ok(await h.call('POST', '/cluster/sdn/vnets', { vnet: 'v4', zone: 'z2' }, admin), 'allowed in its zone');
      assert.equal((await h.call('POST', '/cluster/sdn/vnets', { vnet: 'v5', zone: 'z1' }, admin)).status, 403);
    }),
  );

  defineWireguardKeySuite(label, (fn) => withHarness(factory, fn), skip);
}
