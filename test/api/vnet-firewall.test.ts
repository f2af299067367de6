/**
 * `/cluster/sdn/vnets/{vnet}/firewall` on the API server (directory store):
 * the index, options, rules (create first, list, read, edit, move, delete)
 * with the stored file asserted after each write; stale digests and bad
 * values refused with nothing written; VNets that do not run; permissions
 * on the VNet's zone path, and the SDN IPSets a caller may name.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DirectoryStore } from '../../src/store/directory.js';
import { applyAndWait, makeHarness, NO_AGENT_APPLIED, tempDir, tokenWith, type Answer, type Harness } from './harness.js';

const FW = '/cluster/sdn/vnets/v1/firewall';
const KEY = 'sdn/firewall/v1.fw';

describe('VNet firewall API', () => {
  let h: Harness;

  const ok = (a: Answer, what: string): Answer => {
    assert.equal(a.status, 200, `${what}: ${a.status} ${JSON.stringify(a.body)}`);
    return a;
  };
  const call = (method: string, path: string, params: Record<string, unknown> = {}) => h.call(method, path, params, h.root);
  const stored = async (): Promise<string | undefined> => (await h.store.read()).docs.get(KEY);
  const setFile = (value: string | null) => h.store.transact(() => ({ writes: [{ key: KEY, value }], result: null }));
  const rulesDigest = async () => ((await call('GET', `${FW}/rules`)).body.data as { digest: string }[])[0]?.digest;

  /** A refused write leaves the file as it was. */
  async function refused(method: string, path: string, params: Record<string, unknown>, status: number): Promise<Answer> {
    const before = await stored();
    const a = await call(method, path, params);
    assert.equal(a.status, status, `${method} ${path} ${JSON.stringify(params)}: ${a.status} ${JSON.stringify(a.body)}`);
    assert.equal(await stored(), before, 'nothing written');
    return a;
  }

  before(async () => {
    const dir = tempDir('weft-vnet-fw-');
    h = await makeHarness(new DirectoryStore(dir), dir);
    ok(await call('POST', '/cluster/sdn/zones', { zone: 'z1', type: 'simple' }), 'zone z1');
    ok(await call('POST', '/cluster/sdn/zones', { zone: 'z2', type: 'simple' }), 'zone z2');
    ok(await call('POST', '/cluster/sdn/vnets', { vnet: 'v1', zone: 'z1' }), 'vnet v1');
    ok(await call('POST', '/cluster/sdn/vnets', { vnet: 'v2', zone: 'z2' }), 'vnet v2');
    // no agent here: committed (the firewall needs running VNets), reported as applied by no node
    assert.match((await applyAndWait(h)).exitstatus ?? '', NO_AGENT_APPLIED);
    ok(await call('POST', '/cluster/sdn/vnets', { vnet: 'vpend', zone: 'z1' }), 'vnet not applied');
  });
  after(() => h.close());

  test('the directory index, for root@pam alone (the reference declares no permissions)', async () => {
    assert.deepEqual(ok(await call('GET', FW), 'index').body.data, [{ name: 'rules' }, { name: 'options' }]);
    const admin = await tokenWith(h, 'idx@pve', [{ path: '/sdn', role: 'PVESDNAdmin' }]);
    const denied = await h.call('GET', FW, {}, admin);
    assert.equal(denied.status, 403);
    assert.match(denied.body.message ?? '', /Permission check failed \(user != root@pam\)/);
  });

  test('options: the default, set, refused, deleted', async () => {
    await setFile(null);
    // no file: no options, the digest of nothing
    assert.deepEqual(ok(await call('GET', `${FW}/options`), 'get').body.data, { digest: 'da39a3ee5e6b4b0d3255bfef95601890afd80709' });
    ok(await call('PUT', `${FW}/options`, { enable: 1, policy_forward: 'DROP' }), 'set');
    assert.equal(await stored(), '[OPTIONS]\n\nenable: 1\npolicy_forward: DROP\n\n');
    assert.equal(readFileSync(join(h.dir, KEY), 'utf8'), await stored(), 'the file lives where /etc/pve/sdn/firewall/v1.fw would');
    const read = ok(await call('GET', `${FW}/options`), 'get').body.data as Record<string, unknown>;
    assert.deepEqual(read, { enable: 1, policy_forward: 'DROP', digest: read.digest });

    ok(await call('PUT', `${FW}/options`, { log_level_forward: 'info', digest: read.digest }), 'set with the current digest');
    assert.equal(await stored(), '[OPTIONS]\n\nenable: 1\npolicy_forward: DROP\nlog_level_forward: info\n\n');
    const stale = await refused('PUT', `${FW}/options`, { enable: 0, digest: read.digest }, 500);
    assert.match(stale.body.message ?? '', /detected modified configuration - file changed by other user\? Try again\./);
    assert.deepEqual((await refused('PUT', `${FW}/options`, { delete: 'enable,bogus' }, 400)).body.errors, { delete: "no such option 'bogus'" });
    assert.ok((await refused('PUT', `${FW}/options`, { policy_forward: 'REJECT' }, 400)).body.errors?.policy_forward);

    ok(await call('PUT', `${FW}/options`, { delete: 'policy_forward,log_level_forward', enable: 0 }), 'delete two, disable');
    assert.equal(await stored(), '[OPTIONS]\n\nenable: 0\n\n');
    ok(await call('PUT', `${FW}/options`, { delete: 'enable' }), 'delete the last');
    assert.equal(await stored(), undefined, 'nothing left: no file');
    assert.equal(existsSync(join(h.dir, KEY)), false);
  });

  test('rules: created first and disabled by default, listed, read, edited, deleted', async () => {
    await setFile('[OPTIONS]\n\nenable: 1\n\n');
    ok(await call('POST', `${FW}/rules`, { type: 'forward', action: 'ACCEPT', source: '+sdn/v1-all', dest: '10.0.0.0/24', proto: 'tcp', dport: '22', log: 'info', comment: 'ssh' }), 'create');
    assert.equal(await stored(), '[OPTIONS]\n\nenable: 1\n\n[RULES]\n\n|FORWARD ACCEPT -source +sdn/v1-all -dest 10.0.0.0/24 -p tcp -dport 22 -log info # ssh\n\n');
    // pos does not place a new rule: the reference always inserts it first
    ok(await call('POST', `${FW}/rules`, { type: 'forward', action: 'DROP', macro: 'ssh', enable: 1, pos: 1 }), 'create a second');
    ok(await call('POST', `${FW}/rules`, { type: 'group', action: 'webservers', enable: 1 }), 'create a third');
    assert.equal(await stored(), '[OPTIONS]\n\nenable: 1\n\n[RULES]\n\nGROUP webservers\nFORWARD SSH(DROP)\n|FORWARD ACCEPT -source +sdn/v1-all -dest 10.0.0.0/24 -p tcp -dport 22 -log info # ssh\n\n');

    const list = ok(await call('GET', `${FW}/rules`), 'list').body.data as Record<string, unknown>[];
    const digest = list[0]?.digest as string;
    assert.match(digest, /^[0-9a-f]{40}$/);
    assert.deepEqual(list, [
      { type: 'group', action: 'webservers', enable: 1, pos: 0, digest },
      { type: 'forward', action: 'DROP', macro: 'SSH', enable: 1, pos: 1, digest },
      { type: 'forward', action: 'ACCEPT', enable: 0, source: '+sdn/v1-all', dest: '10.0.0.0/24', proto: 'tcp', dport: '22', log: 'info', comment: 'ssh', ipversion: 4, pos: 2, digest },
    ]);
    assert.deepEqual(ok(await call('GET', `${FW}/rules/2`), 'get one').body.data, list[2]);
    const missing = await call('GET', `${FW}/rules/3`);
    assert.equal(missing.status, 500);
    assert.match(missing.body.message ?? '', /no rule at position 3/);

    ok(await call('PUT', `${FW}/rules/2`, { enable: 1, dport: '22,2222', comment: '', digest }), 'edit: enable, ports, comment removed');
    assert.match((await stored()) ?? '', /\nFORWARD ACCEPT -source \+sdn\/v1-all -dest 10\.0\.0\.0\/24 -p tcp -dport 22,2222 -log info\n\n$/);
    ok(await call('PUT', `${FW}/rules/2`, { delete: 'log,dest', source: '192.0.2.0/24' }), 'edit: delete fields');
    assert.match((await stored()) ?? '', /\nFORWARD ACCEPT -source 192\.0\.2\.0\/24 -p tcp -dport 22,2222\n\n$/);
    assert.deepEqual((await refused('PUT', `${FW}/rules/2`, { delete: 'action' }, 400)).body.errors, { delete: "unable to delete required property 'action'" });
    assert.deepEqual((await refused('PUT', `${FW}/rules/2`, { delete: 'nope' }, 400)).body.errors, { delete: "no such property ('nope')" });

    ok(await call('DELETE', `${FW}/rules/0`, { digest: await rulesDigest() }), 'delete');
    assert.equal(await stored(), '[OPTIONS]\n\nenable: 1\n\n[RULES]\n\nFORWARD SSH(DROP)\nFORWARD ACCEPT -source 192.0.2.0/24 -p tcp -dport 22,2222\n\n');
    assert.equal((await call('DELETE', `${FW}/rules/5`)).status, 500);
  });

  test('moveto puts the rule in front of the one at moveto (last when past the end); other arguments are ignored', async () => {
    await setFile('[RULES]\n\nFORWARD ACCEPT # a\nFORWARD ACCEPT # b\nFORWARD ACCEPT # c\n\n');
    const order = async () => [...((await stored()) ?? '').matchAll(/# (\w)/g)].map((m) => m[1]).join('');
    ok(await call('PUT', `${FW}/rules/0`, { moveto: 2, comment: 'ignored' }), 'move 0 → 2');
    assert.equal(await order(), 'bac');
    ok(await call('PUT', `${FW}/rules/0`, { moveto: 1 }), 'move 0 → 1');
    assert.equal(await order(), 'bac', 'in front of itself: no change');
    ok(await call('PUT', `${FW}/rules/2`, { moveto: 0 }), 'move 2 → 0');
    assert.equal(await order(), 'cba');
    ok(await call('PUT', `${FW}/rules/0`, { moveto: 9, digest: await rulesDigest() }), 'move 0 → past the end');
    assert.equal(await order(), 'bac');
    await refused('PUT', `${FW}/rules/1`, { moveto: 0, digest: '0'.repeat(40) }, 500);
  });

  test('stale digests and bad values: refused, naming the parameter, nothing written', async () => {
    await setFile('[RULES]\n\nFORWARD ACCEPT -p tcp -dport 80\n\n');
    const digest = await rulesDigest();
    await setFile('[RULES]\n\nFORWARD ACCEPT -p tcp -dport 443\n\n');
    for (const [method, path, params] of [
      ['PUT', `${FW}/rules/0`, { dport: '8443', digest }],
      ['DELETE', `${FW}/rules/0`, { digest }],
      ['POST', `${FW}/rules`, { type: 'forward', action: 'DROP', digest }],
    ] as const) {
      assert.match((await refused(method, path, params, 500)).body.message ?? '', /detected modified configuration/);
    }

    const errors = async (params: Record<string, unknown>, method = 'POST', path = `${FW}/rules`) => (await refused(method, path, params, 400)).body.errors;
    const rule = { type: 'forward', action: 'ACCEPT' };
    assert.deepEqual(await errors({ ...rule, action: 'ALLOW' }), { action: "unknown action 'ALLOW'" });
    assert.deepEqual(await errors({ ...rule, action: 'REJECT' }), { action: 'cannot define REJECT rules on forward chain' });
    assert.deepEqual(await errors({ ...rule, source: '10.0.0.1/24' }), { source: "invalid IP address: '10.0.0.1/24' has host bits set" });
    assert.deepEqual(await errors({ ...rule, type: 'in' }), { type: "invalid rule type 'in' for rule_env 'vnet'" });
    assert.match((await errors({ ...rule, type: 'sideways' }))?.type ?? '', /is not one of: in, out, forward, group/);
    assert.deepEqual(await errors({ ...rule, proto: 'tcp', dport: '99999' }), { dport: "invalid port '99999'" });
    assert.deepEqual(await errors({ ...rule, dport: '80' }), { proto: "missing property - 'dport' requires this property" });
    assert.deepEqual(await errors({ ...rule, macro: 'SSH', proto: 'udp' }), { proto: "parameter 'proto' already define in macro (value = 'tcp')" });
    assert.deepEqual(await errors({ ...rule, source: '+sdn/v9-all' }), { source: "no such ipset 'v9-all'" });
    assert.deepEqual(await errors({ ...rule, iface: 'net0' }), { type: 'parameter -i not allowed for this rule type' });
    assert.deepEqual(await errors({ type: 'forward' }), { action: 'required: give a value' });
    assert.deepEqual(await errors({ type: 'in' }, 'PUT', `${FW}/rules/0`), { type: "invalid rule type 'in' for rule_env 'vnet'" });
    assert.deepEqual(await errors({ proto: 'gre' }, 'PUT', `${FW}/rules/0`), { dport: "protocol 'gre' does not support ports" });
  });

  test('a rule read from a hand-written file is listed with its errors; one of no known type blocks writes', async () => {
    await setFile('[RULES]\n\nforward reject -source 10.0.0.0/8 # mine\n\n');
    const [rule] = ok(await call('GET', `${FW}/rules`), 'list').body.data as Record<string, unknown>[];
    assert.deepEqual(rule?.errors, { action: "unknown action 'reject'" });
    assert.equal(rule?.ipversion, 4);
    // a rule of no known type cannot be written back (nor can it in the reference): the file is fixed by hand
    await setFile('[RULES]\n\nFOO ACCEPT\n\n');
    const stuck = await refused('POST', `${FW}/rules`, { type: 'forward', action: 'DROP' }, 500);
    assert.match(stuck.body.message ?? '', /rule at position 1 has the unknown type 'foo'; correct sdn\/firewall\/v1\.fw by hand/);
  });

  test('a VNet that does not run: refused as the other VNet routes refuse an unknown one', async () => {
    const unknown = await call('GET', '/cluster/sdn/vnets/nope/firewall/rules');
    assert.equal(unknown.status, 500);
    assert.match(unknown.body.message ?? '', /^sdn vnet 'nope' does not exist/);
    const pending = await call('POST', '/cluster/sdn/vnets/vpend/firewall/rules', { type: 'forward', action: 'DROP' });
    assert.equal(pending.status, 500);
    assert.match(pending.body.message ?? '', /sdn vnet 'vpend' is not applied yet/);
    assert.equal((await h.store.read()).docs.get('sdn/firewall/vpend.fw'), undefined);
    assert.equal((await call('GET', '/cluster/sdn/vnets/1bad/firewall/options')).status, 400);
  });

  test('permissions on the VNet zone path; the SDN IPSets a caller may name', async () => {
    await setFile(null);
    const auditor = await tokenWith(h, 'fwaudit@pve', [{ path: '/sdn/zones/z1', role: 'PVEAuditor' }]);
    ok(await h.call('GET', `${FW}/rules`, {}, auditor), 'an auditor reads');
    ok(await h.call('GET', `${FW}/options`, {}, auditor), 'an auditor reads the options');
    for (const [method, path, params] of [
      ['POST', `${FW}/rules`, { type: 'forward', action: 'DROP' }],
      ['PUT', `${FW}/options`, { enable: 1 }],
      ['DELETE', `${FW}/rules/0`, {}],
    ] as const) {
      const denied = await h.call(method, path, params, auditor);
      assert.equal(denied.status, 403, `${method} ${path}`);
      assert.match(denied.body.message ?? '', /Permission check failed \(\/sdn\/zones\/z1\/v1, SDN\.Allocate\)/);
    }
    assert.equal(await stored(), undefined);

    const other = await tokenWith(h, 'fwz2@pve', [{ path: '/sdn/zones/z2', role: 'PVESDNAdmin' }]);
    const denied = await h.call('GET', `${FW}/rules`, {}, other);
    assert.equal(denied.status, 403);
    assert.match(denied.body.message ?? '', /Permission check failed \(\/sdn\/zones\/z1\/v1, SDN\.Audit\|SDN\.Allocate\)/);
    // v1's IPSets are not for a caller who may not see v1; root@pam may name them from v2
    const v2 = '/cluster/sdn/vnets/v2/firewall/rules';
    const hidden = await h.call('POST', v2, { type: 'forward', action: 'ACCEPT', source: '+sdn/v1-all' }, other);
    assert.deepEqual(hidden.body.errors, { source: "no such ipset 'v1-all'" });
    ok(await h.call('POST', v2, { type: 'forward', action: 'ACCEPT', source: '+sdn/v2-gateway', enable: 1 }, other), 'its own VNet');
    ok(await call('POST', v2, { type: 'forward', action: 'ACCEPT', source: '+sdn/v1-all' }), 'root');
    assert.equal((await h.store.read()).docs.get('sdn/firewall/v2.fw'), '[RULES]\n\n|FORWARD ACCEPT -source +sdn/v1-all\nFORWARD ACCEPT -source +sdn/v2-gateway\n\n');
    // reads check the file against every IPSet; an edit checks the edited rule against the caller's
    const listed = ok(await h.call('GET', v2, {}, other), 'list').body.data as Record<string, unknown>[];
    assert.deepEqual(listed.map((r) => r.errors), [undefined, undefined]);
    assert.deepEqual((await h.call('PUT', `${v2}/0`, { comment: 'mine now' }, other)).body.errors, { source: "no such ipset 'v1-all'" });
  });
});
