/**
 * What Proxmox VE's web GUI reads around its SDN panels: the realms of its
 * login window, the `cap` of the login answer (it reads every area, and
 * shows the datacenter's SDN panels only with `dc` Sys.Audit).
 */
import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { readRootPassword } from '../../src/api/start.js';
import { DirectoryStore } from '../../src/store/directory.js';
import { makeHarness, tempDir, type Answer, type Harness } from './harness.js';

const ok = (a: Answer, what: string) => {
  assert.equal(a.status, 200, `${what}: ${a.status} ${JSON.stringify(a.body)}`);
  return a.body.data;
};

const AREAS = ['access', 'dc', 'mapping', 'nodes', 'sdn', 'storage', 'vms'];

describe('the API around Proxmox VE GUI', () => {
  let h: Harness;

  before(async () => {
    const dir = tempDir('weft-pvegui-');
    h = await makeHarness(new DirectoryStore(dir), dir);
  });
  after(() => h.close());

  /** Creates `user` with a password and the given ACL roles, logs in, returns the login answer. */
  async function loginWith(user: string, acl: ReadonlyArray<{ path: string; role: string }>): Promise<{ cap: Record<string, Record<string, number>> }> {
    ok(await h.call('POST', '/access/users', { userid: user, password: 'long-enough-secret' }, h.root), 'user');
    for (const a of acl) ok(await h.call('PUT', '/access/acl', { path: a.path, roles: a.role, users: user }, h.root), 'acl');
    return ok(await h.call('POST', '/access/ticket', { username: user, password: 'long-enough-secret' }), 'login') as { cap: Record<string, Record<string, number>> };
  }

  test('the realms are listed without a login', async () => {
    const realms = ok(await h.call('GET', '/access/domains'), 'domains') as { realm: string; type: string; comment?: string }[];
    assert.deepEqual(realms.map((r) => [r.realm, r.type]), [['pam', 'pam'], ['pve', 'pve']]);
    for (const r of realms) assert.equal(typeof r.comment, 'string');
    const index = ok(await h.call('GET', '/access', {}, h.root), 'index') as { subdir: string }[];
    assert.ok(index.some((e) => e.subdir === 'domains'));
  });

  test("root@pam's cap has every area, dc with Sys.Audit and the SDN privileges", async () => {
    const login = ok(await h.call('POST', '/access/ticket', { username: 'root', realm: 'pam', password: readRootPassword(h.dir) }), 'login') as { cap: Record<string, Record<string, number>> };
    assert.deepEqual(Object.keys(login.cap).sort(), AREAS);
    assert.deepEqual(Object.keys(login.cap.dc ?? {}).sort(), ['SDN.Allocate', 'SDN.Audit', 'SDN.Use', 'Sys.Audit', 'Sys.Modify']);
    assert.equal(login.cap.sdn?.['SDN.Allocate'], 1);
    assert.equal(login.cap.sdn?.['Permissions.Modify'], 1);
    assert.equal(login.cap.nodes?.['Sys.Audit'], 1);
    assert.equal(login.cap.access?.['User.Modify'], 1);
    assert.equal(login.cap.nodes?.['SDN.Audit'], undefined, 'an area holds only its own privileges');
  });

  test('an SDN administrator on / gets dc SDN privileges; on a zone, only sdn ones', async () => {
    const onRoot = await loginWith('sdnroot@pve', [{ path: '/', role: 'PVESDNAdmin' }]);
    assert.deepEqual(Object.keys(onRoot.cap).sort(), AREAS);
    assert.deepEqual(Object.keys(onRoot.cap.dc ?? {}).sort(), ['SDN.Allocate', 'SDN.Audit', 'SDN.Use']);
    assert.deepEqual(Object.keys(onRoot.cap.sdn ?? {}).sort(), ['SDN.Allocate', 'SDN.Audit', 'SDN.Use']);

    const onZone = await loginWith('sdnzone@pve', [{ path: '/sdn/zones/z1', role: 'PVESDNAdmin' }]);
    assert.deepEqual(onZone.cap.dc, {});
    assert.deepEqual(Object.keys(onZone.cap.sdn ?? {}).sort(), ['SDN.Allocate', 'SDN.Audit', 'SDN.Use'], 'privileges anywhere below /sdn count');
    assert.deepEqual(onZone.cap.nodes, {});

    const admin = await loginWith('admin@pve', [{ path: '/', role: 'PVEAdmin' }]);
    assert.equal(admin.cap.dc?.['Sys.Audit'], 1);
    assert.equal(admin.cap.dc?.['Sys.Modify'], undefined, 'PVEAdmin has no Sys.Modify');
    assert.equal(admin.cap.sdn?.['SDN.Allocate'], 1);
  });
});
