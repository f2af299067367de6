/**
 * Every route's permission, two ways. Behaviour, for every route of
 * Weft's own table: one caller the rule lets through (any answer but 401
 * and 403; for a filtered list, the fixture's item is in it) and one it
 * refuses (403; for a filtered list, the item missing; for a route any
 * logged-in user may call, no login: 401). The callers come from the
 * route's declared rule, or, where the handler checks, from HANDLER_RULES
 * below, which states that check. Each route runs on a fresh copy of one
 * fixture (zones, VNets, a subnet, a firewall rule, a fabric, an applied
 * config and its task). And against the reference (when ../shared is
 * there): every method of its schemas that Weft has declares the same rule
 * as the schema's `permissions.check`, or checks in its handler where the
 * schema says `user: all`, with the deviations listed and explained.
 */
import { strict as assert } from 'node:assert';
import { cpSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { accessWrite, loadAccess, shadowWrite, tokenSecretsWrite } from '../../src/auth/access-config.js';
import { PRIVILEGES } from '../../src/auth/roles.js';
import { createCsrfToken, createTicket, hashPassword, hashTokenSecret } from '../../src/auth/secrets.js';
import type { PermCheck } from '../../src/api/perm-check.js';
import type { RouteDef } from '../../src/api/route.js';
import { loadAllRoutes } from '../../src/api/routes/index.js';
import { nodeKeys } from '../../src/sdn/node-status.js';
import { DirectoryStore } from '../../src/store/directory.js';
import { SHARED_DIR, sharedSkip } from '../support/paths.js';
import { applyAndWait, makeHarness, tempDir, type Answer, type Harness } from './harness.js';
import { callersFor, referenceForm, TARGET_USER, type Caller } from './permission-callers.js';

const ALL_ROUTES = await loadAllRoutes();

const PASSWORD = 'long-enough-secret';
const VNET_READ: PermCheck = { path: '/sdn/zones/zA/{vnet}', privs: ['SDN.Audit', 'SDN.Allocate'], any: true };
const VNET_ALLOCATE: PermCheck = { path: '/sdn/zones/zA/{vnet}', privs: ['SDN.Allocate'] };
const TASK_AUDIT: PermCheck = { path: '/nodes/{node}', privs: ['Sys.Audit'] };

/** What a handler checks, for routes that declare no rule (the reference's `user: all`). */
type HandlerRule =
  | { readonly kind: 'rule'; readonly rule: PermCheck }
  /** a list filtered by the rule: the item is in the allowed caller's answer only */
  | { readonly kind: 'list'; readonly rule: PermCheck; readonly key: string; readonly item: string }
  /** any logged-in user */
  | { readonly kind: 'login' }
  /** root@pam alone (the reference declares no permissions for the method) */
  | { readonly kind: 'root' };

const login: HandlerRule = { kind: 'login' };
const list = (path: string, privs: readonly string[], key: string, item: string): HandlerRule => ({ kind: 'list', rule: { path, privs, any: true }, key, item });
const AUDIT_OR_ALLOCATE = ['SDN.Audit', 'SDN.Allocate'];

const HANDLER_RULES: Readonly<Record<string, HandlerRule>> = {
  'GET /': login,
  'GET /cluster': login,
  'GET /version': login,
  'GET /cluster/tasks': login,
  'GET /cluster/options': login,
  'GET /cluster/resources': login,
  'GET /access': login,
  'GET /access/roles': login,
  'GET /access/roles/{roleid}': login,
  'GET /access/permissions': { kind: 'rule', rule: { path: '/access', privs: ['Sys.Audit'] } },
  'GET /access/users': list('/access/groups', ['User.Modify', 'Sys.Audit'], 'userid', TARGET_USER),
  'GET /access/tfa': list('/access/groups', ['User.Modify', 'Sys.Audit'], 'userid', TARGET_USER),
  'GET /access/acl': list('/sdn', ['Permissions.Modify'], 'path', '/sdn'),
  'GET /cluster/sdn/zones': list('/sdn/zones/zA', AUDIT_OR_ALLOCATE, 'zone', 'zA'),
  'GET /cluster/sdn/controllers': list('/sdn/controllers/c1', AUDIT_OR_ALLOCATE, 'controller', 'c1'),
  'GET /cluster/sdn/ipams': list('/sdn/ipams/nb', AUDIT_OR_ALLOCATE, 'ipam', 'nb'),
  'GET /cluster/sdn/dns': list('/sdn/dns/d1', AUDIT_OR_ALLOCATE, 'dns', 'd1'),
  'GET /cluster/sdn/prefix-lists': list('/sdn/prefix-lists/pl1', AUDIT_OR_ALLOCATE, 'id', 'pl1'),
  'GET /cluster/sdn/route-maps': list('/sdn/route-maps/rm1', AUDIT_OR_ALLOCATE, 'id', 'rm1'),
  'GET /cluster/sdn/route-maps/entries': list('/sdn/route-maps/rm1', AUDIT_OR_ALLOCATE, 'route-map-id', 'rm1'),
  'GET /cluster/sdn/vnets': list('/sdn/zones/zA/vA', AUDIT_OR_ALLOCATE, 'vnet', 'vA'),
  'GET /cluster/sdn/vnets/{vnet}': { kind: 'rule', rule: VNET_READ },
  'PUT /cluster/sdn/vnets/{vnet}': { kind: 'rule', rule: VNET_ALLOCATE },
  'DELETE /cluster/sdn/vnets/{vnet}': { kind: 'rule', rule: VNET_ALLOCATE },
  'GET /cluster/sdn/vnets/{vnet}/subnets': { kind: 'rule', rule: VNET_READ },
  'GET /cluster/sdn/vnets/{vnet}/subnets/{subnet}': { kind: 'rule', rule: VNET_READ },
  'POST /cluster/sdn/vnets/{vnet}/subnets': { kind: 'rule', rule: VNET_ALLOCATE },
  'PUT /cluster/sdn/vnets/{vnet}/subnets/{subnet}': { kind: 'rule', rule: VNET_ALLOCATE },
  'DELETE /cluster/sdn/vnets/{vnet}/subnets/{subnet}': { kind: 'rule', rule: VNET_ALLOCATE },
  'GET /cluster/sdn/vnets/{vnet}/firewall': { kind: 'root' },
  'GET /cluster/sdn/vnets/{vnet}/firewall/options': { kind: 'rule', rule: VNET_READ },
  'PUT /cluster/sdn/vnets/{vnet}/firewall/options': { kind: 'rule', rule: VNET_ALLOCATE },
  'GET /cluster/sdn/vnets/{vnet}/firewall/rules': { kind: 'rule', rule: VNET_READ },
  'POST /cluster/sdn/vnets/{vnet}/firewall/rules': { kind: 'rule', rule: VNET_ALLOCATE },
  'GET /cluster/sdn/vnets/{vnet}/firewall/rules/{pos}': { kind: 'rule', rule: VNET_READ },
  'PUT /cluster/sdn/vnets/{vnet}/firewall/rules/{pos}': { kind: 'rule', rule: VNET_ALLOCATE },
  'DELETE /cluster/sdn/vnets/{vnet}/firewall/rules/{pos}': { kind: 'rule', rule: VNET_ALLOCATE },
  'POST /cluster/sdn/vnets/{vnet}/ips': { kind: 'rule', rule: VNET_ALLOCATE },
  'PUT /cluster/sdn/vnets/{vnet}/ips': { kind: 'rule', rule: VNET_ALLOCATE },
  'DELETE /cluster/sdn/vnets/{vnet}/ips': { kind: 'rule', rule: VNET_ALLOCATE },
  'GET /cluster/sdn/ipams/{ipam}/status': list('/sdn/zones/zA/vA', AUDIT_OR_ALLOCATE, 'vnet', 'vA'),
  'GET /cluster/sdn/fabrics/all': login,
  'GET /cluster/sdn/fabrics/fabric': list('/sdn/fabrics/f1', AUDIT_OR_ALLOCATE, 'id', 'f1'),
  'GET /cluster/sdn/fabrics/node': { kind: 'list', rule: { and: [{ path: '/sdn/fabrics/f1', privs: AUDIT_OR_ALLOCATE, any: true }, { path: '/nodes/node1', privs: ['Sys.Audit'] }] }, key: 'node_id', item: 'node1' },
  'GET /nodes': login,
  'GET /nodes/{node}': login,
  'GET /nodes/{node}/subscription': login,
  'GET /nodes/{node}/sdn': login,
  'GET /nodes/{node}/sdn/zones': list('/sdn/zones/zA', ['SDN.Audit'], 'zone', 'zA'),
  'GET /nodes/{node}/sdn/vnets/{vnet}': { kind: 'rule', rule: { path: '/sdn/zones/zA/{vnet}', privs: ['SDN.Audit'] } },
  'GET /nodes/{node}/sdn/vnets/{vnet}/mac-vrf': { kind: 'rule', rule: { path: '/sdn/zones/zA/{vnet}', privs: ['SDN.Audit'] } },
  'GET /nodes/{node}/sdn/fabrics': login,
  // SDN.Use is what the reference's get_local_vnets looks for (besides SDN.Audit)
  'GET /nodes/{node}/network': list('/sdn/zones/zA/vA', ['SDN.Use'], 'iface', 'vA'),
  'GET /nodes/{node}/tasks': list('/nodes/node1', ['Sys.Audit'], 'type', 'reloadnetworkall'),
  'GET /nodes/{node}/tasks/{upid}': login,
  'GET /nodes/{node}/tasks/{upid}/status': { kind: 'rule', rule: TASK_AUDIT },
  'GET /nodes/{node}/tasks/{upid}/log': { kind: 'rule', rule: TASK_AUDIT },
  // the task's owner stops it; anyone else needs Sys.Modify on the node
  'DELETE /nodes/{node}/tasks/{upid}': { kind: 'rule', rule: { path: '/nodes/{node}', privs: ['Sys.Modify'] } },
};

/** Routes only API tokens may call (an agent's): their callers authenticate with a token of their own. */
const TOKEN_CALLERS = new Set(['GET /nodes/{node}/sdn/agent/wireguard-keys']);
const TOKEN_SECRET = 'caller-token-secret';

/** Where Weft's rule differs from the reference schema's, and why. */
const DEVIATIONS: Readonly<Record<string, string>> = {
  'POST /cluster/sdn/vnets/{vnet}/ips': "`zone` is optional in Weft: the handler checks the VNet's own zone (a given zone must match it)",
  'PUT /cluster/sdn/vnets/{vnet}/ips': "`zone` is optional in Weft: the handler checks the VNet's own zone (a given zone must match it)",
  'DELETE /cluster/sdn/vnets/{vnet}/ips': "`zone` is optional in Weft: the handler checks the VNet's own zone (a given zone must match it)",
  'GET /cluster/sdn/ipams/{ipam}/status': 'the same rule; the reference states it as a description',
};

/** Values for path parameters, and the required ones of each method that has any. */
const PATH_VALUES: Readonly<Record<string, string>> = { zone: 'zA', vnet: 'vA', subnet: 'zA-10.1.0.0-24', controller: 'c1', ipam: 'nb', dns: 'd1', fabric_id: 'f1', fabric: 'f1', node_id: 'node1', node: 'node1', revision: '1', userid: TARGET_USER, tokenid: 'tk', roleid: 'Custom1', pos: '0', 'route-map-id': 'rm1', order: '10', url_seq: '10' };
const ID_VALUES: Readonly<Record<string, string>> = { '/access/tfa/{userid}/{id}': 'recovery', '/cluster/sdn/prefix-lists/{id}': 'pl1', '/cluster/sdn/prefix-lists/{id}/entries': 'pl1', '/cluster/sdn/prefix-lists/{id}/entries/{url_seq}': 'pl1', '/cluster/sdn/fabrics/fabric/{id}': 'f1', '/nodes/{node}/sdn/agent/queries/{id}': 'abc123' };
const BODIES: Readonly<Record<string, Record<string, unknown>>> = {
  'PUT /access/password': { userid: TARGET_USER, password: 'another-password', 'confirmation-password': PASSWORD },
  'GET /access/permissions': { userid: TARGET_USER },
  'POST /access/users': { userid: 'newuser@pve' },
  'POST /access/tfa/{userid}': { type: 'recovery', password: PASSWORD },
  'PUT /access/tfa/{userid}/{id}': { description: 'keys', password: PASSWORD },
  'DELETE /access/tfa/{userid}/{id}': { password: PASSWORD },
  'POST /access/roles': { roleid: 'Custom2', privs: 'SDN.Audit' },
  'PUT /access/roles/{roleid}': { privs: 'SDN.Use', append: 1 },
  'PUT /access/acl': { path: '/sdn/zones/zA', roles: 'PVEAuditor', users: TARGET_USER },
  'POST /access/users/{userid}/token/{tokenid}': { tokenid: 'tk2' },
  'POST /cluster/sdn/zones': { zone: 'zN', type: 'simple' },
  'POST /cluster/sdn/controllers': { controller: 'c2', type: 'evpn', asn: 65001, peers: '10.0.0.2' },
  'POST /cluster/sdn/ipams': { ipam: 'nb2', type: 'netbox', url: 'https://nb/api', token: 't' },
  'POST /cluster/sdn/dns': { dns: 'd2', type: 'powerdns', url: 'http://127.0.0.1:1/api', key: 'k' },
  'POST /cluster/sdn/prefix-lists': { id: 'pl2', entries: ['action=permit,prefix=10.0.0.0/8,seq=10'] },
  'POST /cluster/sdn/prefix-lists/{id}/entries': { action: 'permit', prefix: '10.2.0.0/16' },
  'POST /cluster/sdn/route-maps/entries': { 'route-map-id': 'rm2', order: 10, action: 'permit' },
  'POST /cluster/sdn/vnets': { vnet: 'vN', zone: 'zA' },
  'POST /cluster/sdn/vnets/{vnet}/subnets': { subnet: '10.2.0.0/24', type: 'subnet' },
  'POST /cluster/sdn/vnets/{vnet}/firewall/rules': { type: 'forward', action: 'ACCEPT' },
  'POST /cluster/sdn/vnets/{vnet}/ips': { mac: 'bc:24:11:00:00:01' },
  'PUT /cluster/sdn/vnets/{vnet}/ips': { mac: 'bc:24:11:00:00:01', ip: '10.1.0.50' },
  'DELETE /cluster/sdn/vnets/{vnet}/ips': { mac: 'bc:24:11:00:00:01' },
  'GET /cluster/sdn/ipams/{ipam}/status': { ipam: 'pve' },
  'POST /cluster/sdn/fabrics/fabric': { id: 'f2', protocol: 'openfabric', ip_prefix: '10.11.0.0/24' },
  'PUT /cluster/sdn/fabrics/fabric/{id}': { protocol: 'openfabric' },
  'POST /cluster/sdn/fabrics/node/{fabric_id}': { node_id: 'node2', protocol: 'openfabric', ip: '10.250.0.2', interfaces: ['name=eth0'] },
  'PUT /cluster/sdn/fabrics/node/{fabric_id}/{node_id}': { protocol: 'openfabric' },
  'GET /cluster/sdn/dry-run': { node: 'node1' },
  'GET /nodes/{node}/network': { type: 'vnet' },
  'PUT /nodes/{node}/sdn/agent/status': { status: '{}' },
  'PUT /nodes/{node}/sdn/agent/facts': { facts: '{"nodename":"node1"}' },
  'PUT /nodes/{node}/sdn/agent/queries/{id}': { answer: '{"data":null}' },
};

const keyOf = (r: RouteDef) => `${r.method} ${r.path}`;

function paramsFor(r: RouteDef, upid: string): Record<string, string | unknown> {
  const out: Record<string, unknown> = {};
  for (const [, name] of r.path.matchAll(/\{([^}]+)\}/g)) out[name ?? ''] = name === 'id' ? ID_VALUES[r.path] : name === 'upid' ? upid : PATH_VALUES[name ?? ''];
  return { ...out, ...BODIES[keyOf(r)] };
}

function urlFor(r: RouteDef, params: Record<string, unknown>): { path: string; rest: Record<string, unknown> } {
  const inPath = new Set([...r.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]));
  const path = (r.path === '/' ? '' : r.path).replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(String(params[name])));
  return { path, rest: Object.fromEntries(Object.entries(params).filter(([k]) => !inPath.has(k))) };
}

describe('permission table', () => {
  let fixture: string;
  let upid = '';

  before(async () => {
    fixture = tempDir('weft-perm-fixture-');
    const h = await makeHarness(new DirectoryStore(fixture), fixture, { agentTimeoutMs: 100, ipam: true });
    const ok = async (method: string, path: string, params: Record<string, unknown>) => {
      const a = await h.call(method, path, params, h.root);
      assert.equal(a.status, 200, `fixture ${method} ${path}: ${JSON.stringify(a.body)}`);
      return a.body.data;
    };
    await ok('POST', '/cluster/sdn/zones', { zone: 'zA', type: 'simple', ipam: 'pve' });
    await ok('POST', '/cluster/sdn/vnets', { vnet: 'vA', zone: 'zA' });
    await ok('POST', '/cluster/sdn/vnets/vA/subnets', { subnet: '10.1.0.0/24', type: 'subnet', gateway: '10.1.0.1' });
    await ok('POST', '/cluster/sdn/controllers', { controller: 'c1', type: 'evpn', asn: 65000, peers: '10.0.0.1' });
    await ok('POST', '/cluster/sdn/ipams', { ipam: 'nb', type: 'netbox', url: 'https://nb/api', token: 't' });
    await ok('POST', '/cluster/sdn/dns', { dns: 'd1', type: 'powerdns', url: 'http://127.0.0.1:1/api', key: 'k' });
    await ok('POST', '/cluster/sdn/prefix-lists', { id: 'pl1', entries: ['action=permit,prefix=10.0.0.0/8,seq=10'] });
    await ok('POST', '/cluster/sdn/route-maps/entries', { 'route-map-id': 'rm1', order: 10, action: 'permit' });
    await ok('POST', '/cluster/sdn/fabrics/fabric', { id: 'f1', protocol: 'openfabric', ip_prefix: '10.250.0.0/24' });
    await ok('POST', '/cluster/sdn/fabrics/node/f1', { node_id: 'node1', protocol: 'openfabric', ip: '10.250.0.1', interfaces: ['name=eth0'] });
    upid = (await applyAndWait(h)).upid;
    // a VNet's firewall is edited once the VNet is applied
    await ok('POST', '/cluster/sdn/vnets/vA/firewall/rules', { type: 'forward', action: 'ACCEPT' });
    await ok('POST', '/access/users', { userid: TARGET_USER, password: PASSWORD });
    await ok('POST', `/access/users/${TARGET_USER}/token/tk`, {});
    await ok('PUT', '/access/acl', { path: '/sdn', roles: 'PVEAuditor', users: TARGET_USER });
    await ok('POST', '/access/roles', { roleid: 'Custom1', privs: 'SDN.Audit' });
    await ok('POST', `/access/tfa/${TARGET_USER}`, { type: 'recovery' });
    // what an agent publishes: the node's interfaces (GET /nodes/{node}/network lists them)
    await h.store.transact(() => ({ writes: [{ key: nodeKeys('node1').interfaces, value: 'auto lo\niface lo inet loopback\n' }], result: null }));
    await h.app.close();
    await h.store.close();
  });
  after(() => rmSync(fixture, { recursive: true, force: true }));

  /** A fresh copy of the fixture with the callers (and a token each) written into its access config; their auth headers. */
  async function withCallers(callers: readonly Caller[], fn: (h: Harness, headers: (c: Caller) => Record<string, string>) => Promise<void>, viaToken = false): Promise<void> {
    const dir = tempDir('weft-perm-');
    cpSync(fixture, dir, { recursive: true });
    const store = new DirectoryStore(dir);
    const authkey = await store.transact((snap) => {
      const { config, secrets } = loadAccess(snap);
      const users = { ...config.users };
      const tokens = { ...config.tokens };
      const roles: Record<string, readonly string[]> = { ...config.roles };
      const acl = [...config.acl];
      for (const c of callers) {
        users[c.user] = { enable: true, expire: 0 };
        tokens[`${c.user}!pt`] = { expire: 0, privsep: false };
        for (const g of c.grants) {
          const role = `only-${g.privs.join('-')}`;
          roles[role] = g.privs;
          acl.push({ path: g.path, type: 'user', ugid: c.user, roleid: role, propagate: true });
        }
      }
      const shadow = { ...secrets.shadow, ...Object.fromEntries(callers.map((c) => [c.user, hashPassword(PASSWORD)])) };
      const hashes = { ...secrets.tokens, ...Object.fromEntries(callers.map((c) => [`${c.user}!pt`, hashTokenSecret(TOKEN_SECRET)])) };
      return { writes: [accessWrite({ ...config, users, tokens, roles, acl }), shadowWrite(shadow), tokenSecretsWrite(hashes)], result: secrets.authkey };
    });
    const h = await makeHarness(store, dir, { agentTimeoutMs: 100, queryTimeoutMs: 100, ipam: true });
    const headers = (c: Caller): Record<string, string> =>
      viaToken
        ? { authorization: `PVEAPIToken=${c.user}!pt=${TOKEN_SECRET}` }
        : { cookie: `PVEAuthCookie=${encodeURIComponent(createTicket(authkey, c.user))}`, csrfpreventiontoken: createCsrfToken(authkey, c.user) };
    try {
      await fn(h, headers);
    } finally {
      await h.close();
    }
  }

  const ids = (a: Answer, key: string) => (Array.isArray(a.body.data) ? (a.body.data as Record<string, unknown>[]).map((e) => String(e[key])) : []);

  for (const r of ALL_ROUTES) {
    const key = keyOf(r);
    test(key, async (t) => {
      const params = paramsFor(r, upid);
      const { path, rest } = urlFor(r, params);
      if (r.world) {
        t.diagnostic('reachable without login (the reference\'s user => world)');
        await withCallers([], async (h) => assert.notEqual((await h.call(r.method, path, rest)).status, 403));
        return;
      }
      const handler = HANDLER_RULES[key];
      assert.ok(r.permission || handler, `${key} declares no rule and HANDLER_RULES does not say what its handler checks`);
      assert.ok(!(r.permission && handler), `${key} declares a rule: HANDLER_RULES must not restate it`);
      if (handler?.kind === 'login') {
        await withCallers([{ user: 'anyone@pve', grants: [] }], async (h, headers) => {
          const allowed = await h.call(r.method, path, rest, headers({ user: 'anyone@pve', grants: [] }));
          assert.ok(![401, 403].includes(allowed.status), `a logged-in user: ${allowed.status} ${JSON.stringify(allowed.body)}`);
          assert.equal((await h.call(r.method, path, rest)).status, 401, 'no login');
        });
        return;
      }
      if (handler?.kind === 'root') {
        const admin: Caller = { user: 'admin@pve', grants: [{ path: '/', privs: [...PRIVILEGES] }] };
        await withCallers([admin], async (h, headers) => {
          assert.equal((await h.call(r.method, path, rest, headers(admin))).status, 403, 'every privilege on / is not root@pam');
          const yes = await h.call(r.method, path, rest, h.root);
          assert.ok(![401, 403].includes(yes.status), `root@pam: ${yes.status}`);
        });
        return;
      }
      const rule = r.permission ?? handler?.rule;
      assert.ok(rule);
      const { allowed, refused } = callersFor(rule, params);
      await withCallers([allowed, refused], async (h, headers) => {
        const no = await h.call(r.method, path, rest, headers(refused));
        const yes = await h.call(r.method, path, rest, headers(allowed));
        if (handler?.kind === 'list') {
          assert.equal(no.status, 200, JSON.stringify(no.body));
          assert.ok(!ids(no, handler.key).includes(handler.item), `refused caller ${JSON.stringify(refused)} sees ${handler.item}`);
          assert.ok(ids(yes, handler.key).includes(handler.item), `allowed caller ${JSON.stringify(allowed)} misses ${handler.item}: ${JSON.stringify(yes.body)}`);
          return;
        }
        assert.equal(no.status, 403, `refused caller ${JSON.stringify(refused)}: ${no.status} ${JSON.stringify(no.body)}`);
        assert.ok(![401, 403].includes(yes.status), `allowed caller ${JSON.stringify(allowed)}: ${yes.status} ${JSON.stringify(yes.body)}`);
      }, TOKEN_CALLERS.has(key));
    });
  }

  test('every method of the reference schemas has the reference\'s rule in Weft', { skip: sharedSkip('api') }, () => {
    const weft = new Map(ALL_ROUTES.map((r) => [keyOf(r), r]));
    const missing: string[] = [];
    const checked: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (!node || typeof node !== 'object') return;
      const n = node as { path?: string; info?: Record<string, { permissions?: { check?: unknown[]; user?: string } }>; children?: unknown[] };
      for (const [method, info] of Object.entries(n.info ?? {})) {
        const key = `${method} ${n.path ?? ''}`;
        const r = weft.get(key);
        if (!r) {
          missing.push(key);
          continue;
        }
        checked.push(key);
        const perm = info.permissions ?? {};
        if (DEVIATIONS[key]) continue;
        if (perm.check) assert.deepEqual(r.permission ? referenceForm(r.permission) : 'checked in the handler', perm.check, `${key}: Weft's rule against the reference's`);
        else if (perm.user === 'world') assert.equal(r.world, true, `${key} is open to anyone in the reference`);
        else assert.equal(r.permission, undefined, `${key}: the reference checks in its handler (user: all); Weft declares ${JSON.stringify(r.permission)}`);
      }
      walk(n.children ?? []);
    };
    for (const f of readdirSync(join(SHARED_DIR, 'api')).filter((x) => x.endsWith('.json'))) walk(Object.values(JSON.parse(readFileSync(join(SHARED_DIR, 'api', f), 'utf8')) as unknown[]));
    assert.ok(checked.length > 60, `only ${checked.length} methods compared`);
    for (const key of checked) assert.ok(weft.get(key)?.permission || HANDLER_RULES[key] || weft.get(key)?.world, `${key} is in the behaviour table`);
    // every method of the reference is a Weft route, so the behaviour table above called each with an allowed and a refused caller
    assert.deepEqual(missing, [], 'methods of the reference Weft lacks');
  });
});
