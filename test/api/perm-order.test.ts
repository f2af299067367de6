/**
 * The reference's order of checks (pve-manager's rest_handler, then
 * pve-common's RESTHandler::handle): a path parameter contradicted by the
 * body is refused first (400), then an API token on a ticket-only method
 * (403), then the method's declared permission on the parameters as sent
 * (403), and only then are the parameters validated (400). So a caller
 * without the rights gets 403 whatever it sends, and one with them gets the
 * 400 naming what is wrong.
 */
import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { EMPTY_ACCESS, type AccessConfig } from '../../src/auth/access-config.js';
import { checkPermission, permParams } from '../../src/api/perm-check.js';
import { decodeUrlEncoded } from '../../src/api/request-params.js';
import { PermissionError } from '../../src/api/errors.js';
import { DirectoryStore } from '../../src/store/directory.js';
import { makeHarness, tempDir, tokenWith, type Answer, type Harness } from './harness.js';

const ok = (a: Answer, what: string) => assert.equal(a.status, 200, `${what}: ${a.status} ${JSON.stringify(a.body)}`);

describe('permission before parameter validation', () => {
  let h: Harness;
  let outsider: Record<string, string>;
  let admin: Record<string, string>;

  before(async () => {
    const dir = tempDir('weft-perm-order-');
    h = await makeHarness(new DirectoryStore(dir), dir);
    ok(await h.call('POST', '/cluster/sdn/zones', { zone: 'zA', type: 'simple' }, h.root), 'zone');
    ok(await h.call('POST', '/cluster/sdn/vnets', { vnet: 'vA', zone: 'zA' }, h.root), 'vnet');
    // the outsider may read zA but allocate nowhere; the admin allocates in zA
    outsider = await tokenWith(h, 'outsider@pve', [{ path: '/sdn/zones/zA', role: 'PVEAuditor' }]);
    admin = await tokenWith(h, 'admin@pve', [{ path: '/sdn/zones/zA', role: 'PVESDNAdmin' }]);
  });
  after(() => h.close());

  const BAD_CREATE = { vnet: 'vB', zone: 'zA', tag: 'not-a-number', alias: 'a\nb', toString: '1' };

  test('bad parameters from a caller without the privilege: 403, as the reference', async () => {
    const a = await h.call('POST', '/cluster/sdn/vnets', BAD_CREATE, outsider);
    assert.equal(a.status, 403, JSON.stringify(a.body));
    assert.match(a.body.message ?? '', /Permission check failed \(\/sdn\/zones\/zA, SDN\.Allocate\)/);
    assert.equal(a.body.errors, undefined, 'nothing said about the parameters');
    const upd = await h.call('PUT', '/cluster/sdn/zones/zA', { mtu: 'abc', __proto__x: 1 }, outsider);
    assert.equal(upd.status, 403, JSON.stringify(upd.body));
  });

  test('the same parameters from a caller with the privilege: 400 naming each', async () => {
    const a = await h.call('POST', '/cluster/sdn/vnets', BAD_CREATE, admin);
    assert.equal(a.status, 400, JSON.stringify(a.body));
    assert.deepEqual(Object.keys(a.body.errors ?? {}).sort(), ['alias', 'tag', 'toString']);
    const list = (await h.call('GET', '/cluster/sdn/vnets', {}, h.root)).body.data as { vnet: string }[];
    assert.deepEqual(list.map((v) => v.vnet), ['vA'], 'nothing written');
  });

  test('a path parameter the rule cannot place is refused for the outsider (403), named for root (400)', async () => {
    // `zA x` is no ACL path: the rule refuses; only a caller past the rule is told the name is bad
    assert.equal((await h.call('GET', '/cluster/sdn/zones/zA%20x', {}, outsider)).status, 403);
    const root = await h.call('GET', '/cluster/sdn/zones/zA%20x', {}, h.root);
    assert.equal(root.status, 400, JSON.stringify(root.body));
    assert.ok(root.body.errors?.zone, JSON.stringify(root.body));
  });

  test('a missing parameter the rule names is `-` in the path (template_replace), so the rule refuses', async () => {
    const a = await h.call('POST', '/cluster/sdn/vnets', { vnet: 'vC' }, admin);
    assert.equal(a.status, 403, JSON.stringify(a.body));
    assert.match(a.body.message ?? '', /\/sdn\/zones\/-, SDN\.Allocate/);
    assert.equal((await h.call('POST', '/cluster/sdn/vnets', { vnet: 'vC' }, h.root)).status, 400, 'root is not checked: validation names the missing zone');
  });

  test('before the rule: a path parameter contradicted by the body (400); after it: a ticket-only method refuses a token (403)', async () => {
    const dup = await h.call('PUT', '/cluster/sdn/zones/zA', { zone: 'zB' }, outsider);
    assert.equal(dup.status, 400, JSON.stringify(dup.body));
    assert.ok(dup.body.errors?.zone);
    const pw = await h.call('PUT', '/access/password', { userid: 'outsider@pve', password: 'x' }, outsider);
    assert.equal(pw.status, 403, 'a token never changes a password, whatever it sends');
  });
});

test('the rule reads the parameters as sent: a group list as repeated keys, a comma list, or a JSON array', () => {
  const cfg: AccessConfig = {
    ...EMPTY_ACCESS,
    users: { 'gadm@pve': { enable: true, expire: 0 } },
    groups: { ops: { users: [] }, dev: { users: [] }, other: { users: [] } },
    acl: ['ops', 'dev'].map((g) => ({ path: `/access/groups/${g}`, type: 'user' as const, ugid: 'gadm@pve', roleid: 'PVEUserAdmin', propagate: true })),
  };
  const rule = { and: [{ useridGroup: ['User.Modify'], groupsParam: 'create' as const }] };
  const check = (raw: ReadonlyMap<string, unknown>) => checkPermission(cfg, 'gadm@pve', rule, permParams(raw));
  check(decodeUrlEncoded('userid=new@pve&groups=ops&groups=dev'));
  check(decodeUrlEncoded('userid=new@pve&groups=ops,dev'));
  check(new Map<string, unknown>([['userid', 'new@pve'], ['groups', ['ops', 'dev']]]));
  assert.throws(() => check(decodeUrlEncoded('userid=new@pve&groups=ops&groups=other')), PermissionError, 'a group it does not administer');
  assert.throws(() => check(new Map<string, unknown>([['userid', 'new@pve'], ['groups', [{ name: 'ops' }]]])), PermissionError, 'not a list of names');
});
