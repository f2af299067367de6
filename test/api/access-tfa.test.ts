/**
 * Second factors end to end: TOTP entries and recovery keys through
 * /access/tfa (the reference's answers and rules: the user or its
 * administrator, the caller's password, no tokens, root@pam's only by
 * root), and the login honouring them — a TFA ticket with the challenge,
 * then `totp:<code>` or `recovery:<key>`; codes and keys count once; failed
 * TOTP answers lock TOTP until unlock-tfa; a deleted user's factors go.
 */
import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { TFA_KEY, TOTP_FAILURE_LIMIT } from '../../src/auth/tfa.js';
import { currentStep, parseTotpUri, totpCode } from '../../src/auth/totp.js';
import { DirectoryStore } from '../../src/store/directory.js';
import { makeHarness, tempDir, tokenWith, type Answer, type Harness } from './harness.js';

const PASSWORD = 'alice-password';
const URI = 'otpauth://totp/Weft:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Weft';
const TOTP = parseTotpUri(URI);
/** the code of the current step, or `ahead` steps later (still inside the accepted window when 1) */
const code = (ahead = 0) => totpCode(TOTP, currentStep(TOTP, Date.now() / 1000) + ahead);

const ok = (a: Answer, what: string) => {
  assert.equal(a.status, 200, `${what}: ${a.status} ${JSON.stringify(a.body)}`);
  return a.body.data;
};

interface Login {
  ticket: string;
  username: string;
  CSRFPreventionToken: string;
  NeedTFA?: number;
  cap?: unknown;
}

describe('second factors', () => {
  let h: Harness;
  let alice: Record<string, string>;
  let admin: Record<string, string>;

  const login = (params: Record<string, unknown>) => h.call('POST', '/access/ticket', { username: 'alice@pve', ...params });
  const headersOf = (l: Login) => ({ cookie: `PVEAuthCookie=${encodeURIComponent(l.ticket)}`, csrfpreventiontoken: l.CSRFPreventionToken });
  const entries = async () => ok(await h.call('GET', '/access/tfa/alice@pve', {}, h.root), 'list') as { type: string; id: string; description: string; created: number; enable?: number }[];

  before(async () => {
    const dir = tempDir('weft-tfa-');
    h = await makeHarness(new DirectoryStore(dir), dir);
    ok(await h.call('POST', '/access/users', { userid: 'alice@pve', password: PASSWORD }, h.root), 'alice');
    alice = headersOf(ok(await login({ password: PASSWORD }), 'login without factors') as Login);
    // a user administrator: User.Modify on /access/groups
    ok(await h.call('POST', '/access/users', { userid: 'uadm@pve', password: 'uadm-password' }, h.root), 'uadm');
    ok(await h.call('PUT', '/access/acl', { path: '/access/groups', roles: 'PVEUserAdmin', users: 'uadm@pve' }, h.root), 'acl');
    admin = headersOf(ok(await h.call('POST', '/access/ticket', { username: 'uadm@pve', password: 'uadm-password' }), 'uadm login') as Login);
  });
  after(() => h.close());

  test('adding a TOTP entry needs the current code, the caller\'s password and a login', async () => {
    const add = { type: 'totp', totp: URI, description: 'phone' };
    const noPassword = await h.call('POST', '/access/tfa/alice@pve', { ...add, value: code() }, alice);
    assert.equal(noPassword.status, 400);
    assert.match(noPassword.body.errors?.password ?? '', /password is required/);
    const wrong = await h.call('POST', '/access/tfa/alice@pve', { ...add, value: '000000', password: PASSWORD }, alice);
    assert.match(wrong.body.message ?? '', /failed to verify TOTP challenge/);
    const token = await tokenWith(h, 'tok@pve', []);
    assert.equal((await h.call('POST', '/access/tfa/tok@pve', { ...add, value: code() }, token)).status, 403, 'not with a token');
    assert.deepEqual(await entries(), [], 'nothing written');

    const added = ok(await h.call('POST', '/access/tfa/alice@pve', { ...add, value: code(), password: PASSWORD }, alice), 'add') as { id: string };
    assert.match(added.id, /^totp-/);
    const [entry] = await entries();
    assert.deepEqual({ ...entry, created: 0 }, { type: 'totp', id: added.id, description: 'phone', created: 0 });
    assert.deepEqual(ok(await h.call('GET', `/access/tfa/alice@pve/${added.id}`, {}, alice), 'read'), entry);
    assert.deepEqual(ok(await h.call('GET', '/access/users/alice@pve/tfa', {}, alice), 'types'), { types: ['totp'], user: 'oath' });
    const stored = (await h.store.read()).docs.get(TFA_KEY) ?? '';
    assert.ok(stored.includes(URI), 'the secret is kept under priv/');
  });

  test('login: a TFA ticket with the challenge, then the TOTP code; a code counts once', async () => {
    const first = ok(await login({ password: PASSWORD }), 'first step') as Login;
    assert.equal(first.NeedTFA, 1);
    assert.equal(first.cap, undefined);
    assert.match(first.ticket, /^PVE:!tfa!/);
    const challenge = JSON.parse(decodeURIComponent(first.ticket.split(':')[1]?.slice('!tfa!'.length) ?? '')) as unknown;
    assert.deepEqual(challenge, { totp: true });
    assert.equal((await h.call('GET', '/version', {}, headersOf(first))).status, 401, 'a TFA ticket authenticates nothing');
    assert.equal((await login({ password: 'totp:000000', 'tfa-challenge': first.ticket })).status, 401);
    assert.equal((await h.call('POST', '/access/ticket', { username: 'uadm@pve', password: `totp:${code()}`, 'tfa-challenge': first.ticket })).status, 401, "another user's challenge");

    const now = code();
    const full = ok(await login({ password: `totp:${now}`, 'tfa-challenge': first.ticket }), 'second step') as Login;
    assert.ok(full.cap);
    ok(await h.call('GET', '/version', {}, headersOf(full)), 'logged in');
    assert.equal((await login({ password: `totp:${now}`, 'tfa-challenge': first.ticket })).status, 401, 'the same code again');
    // both steps at once: the code in otp (the next step's code is inside the window)
    ok(await login({ password: PASSWORD, otp: `totp:${code(1)}` }), 'password and otp at once');
    assert.equal((await login({ password: PASSWORD, otp: 'totp:123456', 'tfa-challenge': first.ticket })).status, 401, 'otp and tfa-challenge together');
  });

  test('recovery keys: ten, shown once, each good for one login', async () => {
    const added = ok(await h.call('POST', '/access/tfa/alice@pve', { type: 'recovery', password: PASSWORD }, alice), 'recovery') as { id: string; recovery: string[] };
    assert.equal(added.id, 'recovery');
    assert.equal(added.recovery.length, 10);
    for (const k of added.recovery) assert.match(k, /^[0-9a-f]{4}(-[0-9a-f]{4}){3}$/);
    assert.ok(!((await h.store.read()).docs.get(TFA_KEY) ?? '').includes(added.recovery[0] ?? ''), 'kept only as HMACs');
    const list = await entries();
    assert.deepEqual(list.map((e) => [e.type, e.id]), [['recovery', 'recovery'], ['totp', list[1]?.id]], 'recovery keys first');
    assert.equal((await h.call('POST', '/access/tfa/alice@pve', { type: 'recovery', password: PASSWORD }, alice)).body.message, 'user already has recovery keys\n');

    const first = ok(await login({ password: PASSWORD }), 'first step') as Login;
    const challenge = JSON.parse(decodeURIComponent(first.ticket.split(':')[1]?.slice('!tfa!'.length) ?? '')) as { recovery: number[] };
    assert.deepEqual(challenge, { totp: true, recovery: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] });
    ok(await login({ password: `recovery:${added.recovery[3]}`, 'tfa-challenge': first.ticket }), 'with a recovery key');
    assert.equal((await login({ password: `recovery:${added.recovery[3]}`, 'tfa-challenge': first.ticket })).status, 401, 'a used key');
    const next = ok(await login({ password: PASSWORD }), 'again') as Login;
    assert.deepEqual((JSON.parse(decodeURIComponent(next.ticket.split(':')[1]?.slice('!tfa!'.length) ?? '')) as { recovery: number[] }).recovery, [0, 1, 2, 4, 5, 6, 7, 8, 9]);
  });

  test('failed TOTP answers lock TOTP; unlock-tfa (User.Modify) lifts it', async () => {
    for (let i = 0; i < TOTP_FAILURE_LIMIT; i++) {
      const first = ok(await login({ password: PASSWORD }), 'first step') as Login;
      assert.equal((await login({ password: 'totp:000000', 'tfa-challenge': first.ticket })).status, 401);
    }
    const all = ok(await h.call('GET', '/access/tfa', {}, admin), 'list all') as { userid: string; 'totp-locked'?: number }[];
    assert.deepEqual(all.map((u) => [u.userid, u['totp-locked']]), [['alice@pve', 1]]);
    const locked = ok(await login({ password: PASSWORD }), 'first step') as Login;
    assert.equal((await login({ password: `totp:${code(1)}`, 'tfa-challenge': locked.ticket })).status, 401, 'even a right code while locked');

    assert.equal((await h.call('PUT', '/access/users/alice@pve/unlock-tfa', {}, alice)).status, 403, 'not by the user');
    assert.equal(ok(await h.call('PUT', '/access/users/alice@pve/unlock-tfa', {}, admin), 'unlock'), 1);
    assert.equal(ok(await h.call('PUT', '/access/users/alice@pve/unlock-tfa', {}, admin), 'unlock again'), 0, 'was not locked');
    assert.deepEqual((ok(await h.call('GET', '/access/tfa', {}, alice), 'own list') as unknown[]).length, 1, 'one sees one\'s own entries');
  });

  test('disable, describe and delete entries; with none left the password is enough', async () => {
    const [recovery, totp] = await entries();
    assert.equal(recovery?.id, 'recovery');
    const id = totp?.id ?? '';
    assert.equal((await h.call('PUT', `/access/tfa/alice@pve/${id}`, { enable: 0 }, admin)).status, 400, 'the administrator confirms with its own password');
    ok(await h.call('PUT', `/access/tfa/alice@pve/${id}`, { enable: 0, description: 'old phone', password: 'uadm-password' }, admin), 'disable');
    assert.deepEqual((await entries())[1], { type: 'totp', id, description: 'old phone', created: totp?.created, enable: 0 });
    const first = ok(await login({ password: PASSWORD }), 'first step') as Login;
    assert.ok(!first.ticket.includes('totp'), 'a disabled entry is not offered');

    assert.equal((await h.call('GET', '/access/tfa/alice@pve/nope', {}, alice)).status, 404);
    assert.match((await h.call('DELETE', '/access/tfa/alice@pve/nope', { password: PASSWORD }, alice)).body.message ?? '', /no such entry: nope/);
    ok(await h.call('DELETE', '/access/tfa/alice@pve/recovery', { password: PASSWORD }, alice), 'delete recovery');
    ok(await h.call('DELETE', `/access/tfa/alice@pve/${id}`, { password: PASSWORD }, alice), 'delete totp');
    assert.deepEqual(await entries(), []);
    const plain = ok(await login({ password: PASSWORD }), 'login') as Login;
    assert.equal(plain.NeedTFA, undefined);
    assert.deepEqual(ok(await h.call('GET', '/access/users/alice@pve/tfa', {}, alice), 'types'), {});
  });

  test("only root@pam changes root@pam's factors; a deleted user's factors go", async () => {
    const rootAdd = await h.call('POST', '/access/tfa/root@pam', { type: 'recovery', password: 'uadm-password' }, admin);
    assert.equal(rootAdd.status, 403, JSON.stringify(rootAdd.body));
    ok(await h.call('POST', '/access/users', { userid: 'bob@pve', password: 'bob-password' }, h.root), 'bob');
    ok(await h.call('POST', '/access/tfa/bob@pve', { type: 'recovery' }, h.root), 'root adds without a password');
    ok(await h.call('DELETE', '/access/users/bob@pve', {}, h.root), 'delete bob');
    ok(await h.call('POST', '/access/users', { userid: 'bob@pve', password: 'bob-password' }, h.root), 'a new bob');
    assert.deepEqual(ok(await h.call('GET', '/access/tfa/bob@pve', {}, h.root), 'list'), [], "the old bob's keys are gone");
  });
});
