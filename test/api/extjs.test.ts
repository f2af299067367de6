/**
 * `/api2/extjs/…`, the format Proxmox's own web GUI calls: every method of
 * `/api2/json` is there; answers are HTTP 200 with `success` 1 or 0, a
 * failure carries `message`, `status` and `errors`; a request whose own
 * authentication fails keeps its 401.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { readRootPassword } from '../../src/api/start.js';
import { loadAllRoutes } from '../../src/api/routes/index.js';
import { DirectoryStore } from '../../src/store/directory.js';
import { makeHarness, tempDir, tokenWith, type Harness } from './harness.js';

const ALL_ROUTES = await loadAllRoutes();

interface Raw {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

async function extjs(h: Harness, method: string, path: string, params: Record<string, string> = {}, headers: Record<string, string> = h.root): Promise<Raw> {
  const withBody = method === 'POST' || method === 'PUT';
  const query = new URLSearchParams(params).toString();
  const res = await h.app.inject({
    method: method as 'GET',
    url: `/api2/extjs${path}${!withBody && query ? `?${query}` : ''}`,
    headers: { ...headers, ...(withBody ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
    ...(withBody ? { payload: query } : {}),
  });
  return { status: res.statusCode, body: res.body ? (JSON.parse(res.body) as Record<string, unknown>) : {} };
}

test('/api2/extjs: every /api2/json method, answered as the ExtJS formatter answers', async () => {
  const dir = tempDir('weft-extjs-');
  const h = await makeHarness(new DirectoryStore(dir), dir);
  try {
    for (const r of ALL_ROUTES) {
      // without a login, a served method answers 401 (or runs, for the login itself); only a missing one answers 501
      const res = await h.app.inject({ method: r.method, url: `/api2/extjs${r.path.replace(/\{[^}]+\}/g, 'x')}` });
      const body = res.body ? (JSON.parse(res.body) as { status?: number }) : {};
      assert.ok(res.statusCode !== 501 && body.status !== 501, `${r.method} /api2/extjs${r.path}: ${res.statusCode} ${res.body}`);
    }

    const created = await extjs(h, 'POST', '/cluster/sdn/zones', { zone: 'z1', type: 'simple' });
    assert.deepEqual(created, { status: 200, body: { data: null, success: 1 } });
    const list = await extjs(h, 'GET', '/cluster/sdn/zones', { _dc: '1733300000000' });
    assert.equal(list.status, 200);
    assert.equal(list.body.success, 1);
    assert.deepEqual(Object.keys(list.body).sort(), ['data', 'success']);
    assert.equal((list.body.data as { zone: string }[])[0]?.zone, 'z1');

    // a parameter failure: 200, success 0, the real status, the message and each parameter's reason
    const bad = await extjs(h, 'POST', '/cluster/sdn/zones', { zone: 'z2', type: 'simple', mtu: 'big', bogus: '1' });
    assert.equal(bad.status, 200);
    assert.equal(bad.body.success, 0);
    assert.equal(bad.body.status, 400);
    assert.equal(bad.body.data, null);
    assert.equal(bad.body.message, 'Parameter verification failed.\n');
    assert.deepEqual(Object.keys(bad.body.errors as object).sort(), ['bogus', 'mtu']);

    // other refusals: the domain's (500), not implemented (501), permission (403)
    const missing = await extjs(h, 'GET', '/cluster/sdn/zones/nope');
    assert.deepEqual([missing.status, missing.body.success, missing.body.status], [200, 0, 500]);
    assert.match(String(missing.body.message), /nope/);
    const nothing = await extjs(h, 'GET', '/nothing/here');
    assert.deepEqual([nothing.status, nothing.body.success, nothing.body.status], [200, 0, 501]);
    assert.equal(nothing.body.message, "Method 'GET /nothing/here' not implemented\n");
    const auditor = await tokenWith(h, 'audit@pve', [{ path: '/sdn/zones/z1', role: 'PVEAuditor' }]);
    const denied = await extjs(h, 'POST', '/cluster/sdn/vnets', { vnet: 'v1', zone: 'z1' }, auditor);
    assert.deepEqual([denied.status, denied.body.success, denied.body.status], [200, 0, 403]);
    assert.match(String(denied.body.message), /Permission check failed/);

    // the request's own authentication failing keeps 401 (the GUI then shows its login)
    assert.equal((await extjs(h, 'GET', '/cluster/sdn/zones', {}, {})).status, 401);
    assert.equal((await extjs(h, 'POST', '/cluster/sdn/zones', { zone: 'z3', type: 'simple' }, { cookie: h.root.cookie ?? '' })).status, 401, 'no CSRF token');
    // a failed login is the ticket method's answer: formatted like any other (the GUI's login form reads success)
    const login = await extjs(h, 'POST', '/access/ticket', { username: 'root@pam', password: 'wrong' }, {});
    assert.deepEqual([login.status, login.body.success, login.body.status], [200, 0, 401]);
    const good = await extjs(h, 'POST', '/access/ticket', { username: 'root', realm: 'pam', password: readRootPassword(dir) }, {});
    assert.equal(good.body.success, 1);
    assert.match(String((good.body.data as { ticket?: string }).ticket), /^PVE:root@pam:/);

    // a format the server does not have
    const xml = await h.app.inject({ method: 'GET', url: '/api2/xml/cluster/sdn/zones', headers: h.root });
    assert.equal(xml.statusCode, 501);
    assert.match(xml.body, /no formatter for uri \/cluster\/sdn\/zones, xml/);
  } finally {
    await h.close();
  }
});
