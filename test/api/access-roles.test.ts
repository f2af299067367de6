/**
 * Custom roles through /access/roles, as the reference's PVE::API2::Role:
 * created, changed (replaced or appended) and deleted with Sys.Modify on
 * /access; the built-in roles and the `PVE` prefix are not the caller's;
 * privileges and role ids are checked; a custom role grants what it holds
 * through the ACL and is kept in the access config across a restart.
 */
import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { ACCESS_KEYS } from '../../src/auth/access-config.js';
import { DirectoryStore } from '../../src/store/directory.js';
import { makeHarness, tempDir, tokenWith, type Answer, type Harness } from './harness.js';

const ok = (a: Answer, what: string) => {
  assert.equal(a.status, 200, `${what}: ${a.status} ${JSON.stringify(a.body)}`);
  return a.body.data;
};

describe('custom roles', () => {
  let h: Harness;

  before(async () => {
    const dir = tempDir('weft-roles-');
    h = await makeHarness(new DirectoryStore(dir), dir);
  });
  after(() => h.close());

  const role = async (id: string) => (await h.call('GET', `/access/roles/${id}`, {}, h.root)).body.data;

  test('create, read, append, replace, delete', async () => {
    assert.equal(ok(await h.call('POST', '/access/roles', { roleid: 'NetOps', privs: 'SDN.Audit,SDN.Use' }, h.root), 'create'), null);
    assert.deepEqual(await role('NetOps'), { 'SDN.Audit': 1, 'SDN.Use': 1 });
    const listed = (ok(await h.call('GET', '/access/roles', {}, h.root), 'list') as { roleid: string; privs: string; special: number }[]).find((r) => r.roleid === 'NetOps');
    assert.deepEqual(listed, { roleid: 'NetOps', privs: 'SDN.Audit,SDN.Use', special: 0 });

    ok(await h.call('PUT', '/access/roles/NetOps', { privs: 'SDN.Allocate', append: 1 }, h.root), 'append');
    assert.deepEqual(await role('NetOps'), { 'SDN.Allocate': 1, 'SDN.Audit': 1, 'SDN.Use': 1 });
    ok(await h.call('PUT', '/access/roles/NetOps', { privs: 'Sys.Audit' }, h.root), 'replace');
    assert.deepEqual(await role('NetOps'), { 'Sys.Audit': 1 });

    ok(await h.call('DELETE', '/access/roles/NetOps', {}, h.root), 'delete');
    const gone = await h.call('GET', '/access/roles/NetOps', {}, h.root);
    assert.equal(gone.status, 500);
    assert.match(gone.body.message ?? '', /role 'NetOps' does not exist/);
    assert.match((await h.call('DELETE', '/access/roles/NetOps', {}, h.root)).body.message ?? '', /delete role failed: role 'NetOps' does not exist/);
  });

  test('refusals: the PVE prefix, an existing role, built-in roles, unknown privileges, bad ids, append without privs', async () => {
    const pve = await h.call('POST', '/access/roles', { roleid: 'pveMine' }, h.root);
    assert.equal(pve.status, 400);
    assert.match(pve.body.errors?.roleid ?? '', /'PVE' namespace/);
    const dup = await h.call('POST', '/access/roles', { roleid: 'Administrator' }, h.root);
    assert.equal(dup.status, 500);
    assert.match(dup.body.message ?? '', /create role failed: role 'Administrator' already exists/);
    assert.match((await h.call('PUT', '/access/roles/PVEAuditor', { privs: 'Sys.Modify', append: 1 }, h.root)).body.message ?? '', /auto-generated role 'PVEAuditor' cannot be modified/);
    assert.match((await h.call('DELETE', '/access/roles/NoAccess', {}, h.root)).body.message ?? '', /auto-generated role 'NoAccess' cannot be deleted/);
    assert.deepEqual(await role('PVEAuditor'), { 'SDN.Audit': 1, 'Sys.Audit': 1 }, 'the built-in role is unchanged');

    const badPriv = await h.call('POST', '/access/roles', { roleid: 'Bad', privs: 'SDN.Audit,VM.Nope' }, h.root);
    assert.equal(badPriv.status, 400);
    assert.match(badPriv.body.errors?.privs ?? '', /invalid privilege 'VM\.Nope'/);
    assert.equal((await h.call('POST', '/access/roles', { roleid: 'a b' }, h.root)).status, 400);
    ok(await h.call('POST', '/access/roles', { roleid: 'Empty' }, h.root), 'a role without privileges');
    const append = await h.call('PUT', '/access/roles/Empty', { append: 1 }, h.root);
    assert.equal(append.status, 400);
    assert.ok(append.body.errors?.privs, JSON.stringify(append.body));
    const roles = (ok(await h.call('GET', '/access/roles', {}, h.root), 'list') as { roleid: string }[]).map((r) => r.roleid);
    assert.ok(!roles.includes('Bad') && !roles.includes('a b') && !roles.includes('pveMine'), 'nothing written');
  });

  test('a custom role grants its privileges through the ACL; Sys.Modify on /access is needed to edit roles', async () => {
    ok(await h.call('POST', '/access/roles', { roleid: 'SdnReader', privs: 'SDN.Audit' }, h.root), 'create');
    const reader = await tokenWith(h, 'reader@pve', [{ path: '/sdn', role: 'SdnReader' }]);
    ok(await h.call('GET', '/cluster/sdn', {}, reader), 'SDN.Audit on /sdn through the custom role');
    const edit = await h.call('PUT', '/access/roles/SdnReader', { privs: 'SDN.Allocate', append: 1 }, reader);
    assert.equal(edit.status, 403, 'no Sys.Modify on /access');
    assert.deepEqual(await role('SdnReader'), { 'SDN.Audit': 1 });

    ok(await h.call('POST', '/access/roles', { roleid: 'RoleEditor', privs: 'Sys.Modify' }, h.root), 'editor role');
    const editor = await tokenWith(h, 'editor@pve', [{ path: '/access', role: 'RoleEditor' }]);
    ok(await h.call('PUT', '/access/roles/SdnReader', { privs: 'SDN.Allocate', append: 1 }, editor), 'with Sys.Modify on /access');

    ok(await h.call('DELETE', '/access/roles/SdnReader', {}, editor), 'delete');
    assert.equal((await h.call('GET', '/cluster/sdn', {}, reader)).status, 403, 'the ACL entry naming a deleted role grants nothing');
  });

  test('custom roles are kept in the access config, read again after a restart', async () => {
    ok(await h.call('POST', '/access/roles', { roleid: 'Kept', privs: 'SDN.Use' }, h.root), 'create');
    const stored = JSON.parse((await h.store.read()).docs.get(ACCESS_KEYS.config) ?? '{}') as { roles: Record<string, string[]> };
    assert.deepEqual(stored.roles.Kept, ['SDN.Use']);
    const again = await makeHarness(new DirectoryStore(h.dir), h.dir);
    try {
      assert.deepEqual((await again.call('GET', '/access/roles/Kept', {}, again.root)).body.data, { 'SDN.Use': 1 });
    } finally {
      await again.app.close();
      await again.store.close();
    }
  });
});
