/**
 * Issue 19's escalations through /access, each reproduced and now refused,
 * and what the reference still allows: a user administrator cannot mint a
 * root@pam token, grant itself Administrator or change root's password;
 * ACL edits need Permissions.Modify on the path; a password change needs
 * the caller's current password and a login (not a token).
 */
import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { readRootPassword } from '../../src/api/start.js';
import { DirectoryStore } from '../../src/store/directory.js';
import { makeHarness, tempDir, type Answer, type Harness } from './harness.js';

const PASSWORD = 'long-enough-secret';

const ok = (a: Answer, what: string) => {
  assert.equal(a.status, 200, `${what}: ${a.status} ${JSON.stringify(a.body)}`);
  return a.body.data;
};

describe('access control: no escalation', () => {
  let h: Harness;

  before(async () => {
    const dir = tempDir('weft-access-sec-');
    h = await makeHarness(new DirectoryStore(dir), dir);
  });
  after(() => h.close());

  /** `user` with a password and the ACL entries, logged in: ticket headers. */
  async function loggedIn(user: string, acl: ReadonlyArray<{ path: string; role: string; propagate?: 0 }>): Promise<Record<string, string>> {
    ok(await h.call('POST', '/access/users', { userid: user, password: PASSWORD }, h.root), `user ${user}`);
    for (const a of acl) ok(await h.call('PUT', '/access/acl', { path: a.path, roles: a.role, users: user, ...(a.propagate === 0 ? { propagate: 0 } : {}) }, h.root), 'acl');
    const login = ok(await h.call('POST', '/access/ticket', { username: user, password: PASSWORD }), 'login') as { ticket: string; CSRFPreventionToken: string };
    return { cookie: `PVEAuthCookie=${encodeURIComponent(login.ticket)}`, csrfpreventiontoken: login.CSRFPreventionToken };
  }

  const tokenHeader = (t: { 'full-tokenid': string; value: string }) => ({ authorization: `PVEAPIToken=${t['full-tokenid']}=${t.value}` });

  test('a user administrator mints no root@pam token and grants itself nothing on /', async () => {
    const admin = await loggedIn('uadm@pve', [{ path: '/access/groups', role: 'PVEUserAdmin' }]);
    const mint = await h.call('POST', '/access/users/root@pam/token/pwn', { privsep: 0 }, admin);
    assert.equal(mint.status, 403, JSON.stringify(mint.body));
    const tokens = ok(await h.call('GET', '/access/users/root@pam/token', {}, h.root), 'root tokens') as { tokenid: string }[];
    assert.deepEqual(tokens.map((t) => t.tokenid), [], 'nothing was written');
    assert.equal((await h.call('PUT', '/access/acl', { path: '/', roles: 'Administrator', users: 'uadm@pve' }, admin)).status, 403);
    assert.equal((await h.call('PUT', '/access/users/root@pam', { enable: 0 }, admin)).status, 403, 'nor disable root');

    // what the reference's rule does allow: tokens of the users it administers, its own
    ok(await h.call('POST', '/access/users', { userid: 'bob@pve' }, h.root), 'bob');
    ok(await h.call('POST', '/access/users/bob@pve/token/ci', {}, admin), 'token for a user it administers');
    ok(await h.call('POST', '/access/users/uadm@pve/token/own', {}, admin), 'its own token');
  });

  test('a user with no user-admin rights manages only its own tokens', async () => {
    const plain = await loggedIn('plain@pve', []);
    const own = ok(await h.call('POST', '/access/users/plain@pve/token/tk', { privsep: 0 }, plain), 'own token') as { 'full-tokenid': string; value: string };
    assert.equal((await h.call('POST', '/access/users/bob@pve/token/xx', {}, plain)).status, 403);
    assert.equal((await h.call('GET', '/access/users/bob@pve/token', {}, plain)).status, 403);
    // a token is not its user: it cannot mint siblings for itself ('self' is the user, as in the reference)
    assert.equal((await h.call('POST', '/access/users/plain@pve/token/t2', {}, tokenHeader(own))).status, 403);
  });

  test("no one but root@pam changes root@pam's password; tokens change none", async () => {
    const admin = await loggedIn('uadm2@pve', [{ path: '/', role: 'PVEUserAdmin' }]);
    const r = await h.call('PUT', '/access/password', { userid: 'root@pam', password: 'new-root-password', 'confirmation-password': PASSWORD }, admin);
    assert.equal(r.status, 403, JSON.stringify(r.body));
    const rootTok = ok(await h.call('POST', '/access/users/root@pam/token/pw', { privsep: 0 }, h.root), 'root token') as { 'full-tokenid': string; value: string };
    const byToken = await h.call('PUT', '/access/password', { userid: 'root@pam', password: 'new-root-password' }, tokenHeader(rootTok));
    assert.equal(byToken.status, 403);
    assert.match(byToken.body.message ?? '', /not available with API token/);
    // another pam user's password is the system's in the reference: only root changes it
    ok(await h.call('POST', '/access/users', { userid: 'ops@pam', password: PASSWORD }, h.root), 'ops@pam');
    assert.equal((await h.call('PUT', '/access/password', { userid: 'ops@pam', password: 'another-password', 'confirmation-password': PASSWORD }, admin)).status, 403);
    // a pve user's, with Realm.AllocateUser and User.Modify, and the administrator's own current password
    ok(await h.call('POST', '/access/users', { userid: 'carol@pve', password: PASSWORD }, h.root), 'carol');
    ok(await h.call('PUT', '/access/password', { userid: 'carol@pve', password: 'carols-new-password', 'confirmation-password': PASSWORD }, admin), 'admin sets carol');
    ok(await h.call('POST', '/access/ticket', { username: 'carol@pve', password: 'carols-new-password' }), 'carol logs in with it');
    ok(await h.call('POST', '/access/ticket', { username: 'root@pam', password: readRootPassword(h.dir) }), 'root password unchanged');
  });

  test('changing one\'s own password needs the current one', async () => {
    const dave = await loggedIn('dave@pve', []);
    const missing = await h.call('PUT', '/access/password', { userid: 'dave@pve', password: 'daves-new-password' }, dave);
    assert.equal(missing.status, 400);
    assert.match(missing.body.errors?.['confirmation-password'] ?? '', /password is required/);
    const wrong = await h.call('PUT', '/access/password', { userid: 'dave@pve', password: 'daves-new-password', 'confirmation-password': 'not-my-password' }, dave);
    assert.equal(wrong.status, 400);
    assert.equal((await h.call('POST', '/access/ticket', { username: 'dave@pve', password: PASSWORD })).status, 200, 'unchanged after refusals');
    ok(await h.call('PUT', '/access/password', { userid: 'dave@pve', password: 'daves-new-password', 'confirmation-password': PASSWORD }, dave), 'with it');
    ok(await h.call('POST', '/access/ticket', { username: 'dave@pve', password: 'daves-new-password' }), 'new password');
    assert.equal((await h.call('PUT', '/access/password', { userid: 'bob@pve', password: 'bobs-new-password', 'confirmation-password': 'daves-new-password' }, dave)).status, 403, 'not someone else\'s');
  });

  test('ACL edits need Permissions.Modify on the path; paths are checked', async () => {
    ok(await h.call('POST', '/cluster/sdn/zones', { zone: 'zA', type: 'simple' }, h.root), 'zone');
    const zoneAdmin = await loggedIn('zadm@pve', [{ path: '/sdn/zones/zA', role: 'Administrator' }]);
    ok(await h.call('POST', '/access/users', { userid: 'erin@pve' }, h.root), 'erin');
    ok(await h.call('PUT', '/access/acl', { path: '/sdn/zones/zA', roles: 'PVESDNUser', users: 'erin@pve' }, zoneAdmin), 'grant on its zone');
    assert.equal((await h.call('PUT', '/access/acl', { path: '/sdn/zones/zB', roles: 'PVESDNUser', users: 'erin@pve' }, zoneAdmin)).status, 403);
    assert.equal((await h.call('PUT', '/access/acl', { path: '/sdn', roles: 'PVESDNUser', users: 'erin@pve' }, zoneAdmin)).status, 403);
    assert.equal((await h.call('PUT', '/access/acl', { path: '/', roles: 'Administrator', users: 'zadm@pve' }, zoneAdmin)).status, 403);
    const bad = await h.call('PUT', '/access/acl', { path: '/nowhere/x', roles: 'PVESDNUser', users: 'erin@pve' }, h.root);
    assert.equal(bad.status, 400);
    assert.match(bad.body.errors?.path ?? '', /is not an ACL path/);
    const noMember = await h.call('PUT', '/access/acl', { path: '/sdn', roles: 'PVESDNUser' }, h.root);
    assert.deepEqual(Object.keys(noMember.body.errors ?? {}).sort(), ['groups', 'tokens', 'users']);
    const acl = ok(await h.call('GET', '/access/acl', {}, zoneAdmin), 'acl list') as { path: string }[];
    assert.deepEqual([...new Set(acl.map((e) => e.path))], ['/sdn/zones/zA'], 'the list shows the paths it may modify');
  });

  test("a token reads its own permissions, not its siblings'", async () => {
    const t1 = ok(await h.call('POST', '/access/users/bob@pve/token/ta', {}, h.root), 't1') as { 'full-tokenid': string; value: string };
    ok(await h.call('POST', '/access/users/bob@pve/token/tb', {}, h.root), 't2');
    ok(await h.call('GET', '/access/permissions', {}, tokenHeader(t1)), 'own');
    assert.equal((await h.call('GET', '/access/permissions', { userid: 'bob@pve!tb' }, tokenHeader(t1))).status, 403);
  });
});
