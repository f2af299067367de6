/**
 * Prefix lists and route maps through Proxmox VE 9.1's API: one test per
 * method (the answer's fields as its documentation gives them, the errors
 * naming the field, nothing written on a refusal), the files written as
 * Proxmox VE writes them, and each route's permission rule against the
 * documented one.
 */
import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { referenceForm } from './permission-callers.js';
import { loadAllRoutes } from '../../src/api/routes/index.js';
import { DirectoryStore } from '../../src/store/directory.js';
import { applyAndWait, makeHarness, tempDir, tokenWith, type Answer, type Harness } from './harness.js';

let h: Harness;
before(async () => {
  const dir = tempDir('weft-policy-');
  h = await makeHarness(new DirectoryStore(dir), dir, { agentTimeoutMs: 100 });
});
after(() => h.close());

const call = (method: string, path: string, params: Record<string, unknown> = {}) => h.call(method, path, params, h.root);
const data = async (method: string, path: string, params: Record<string, unknown> = {}): Promise<unknown> => {
  const a = await call(method, path, params);
  assert.equal(a.status, 200, `${method} ${path}: ${a.status} ${JSON.stringify(a.body)}`);
  return a.body.data;
};
const file = async (name: string) => (await h.store.read()).docs.get(`sdn/${name}`) ?? '';
const docs = async () => new Map((await h.store.read()).docs);

/** A refusal: 400 naming `field` (matching `reason`), and nothing written. */
async function refused(method: string, path: string, params: Record<string, unknown>, field: string, reason: RegExp): Promise<Answer> {
  const before = await docs();
  const a = await call(method, path, params);
  assert.equal(a.status, 400, `${method} ${path} ${JSON.stringify(params)}: ${a.status} ${JSON.stringify(a.body)}`);
  assert.match(a.body.errors?.[field] ?? '', reason, `errors: ${JSON.stringify(a.body.errors)}`);
  assert.deepEqual(await docs(), before, 'nothing written');
  return a;
}

describe('prefix lists', () => {
  test('POST /cluster/sdn/prefix-lists: entries numbered as Proxmox VE stores them (a missing seq is the highest + 5)', async () => {
    await data('POST', '/cluster/sdn/prefix-lists', { id: 'internal', entries: ['action=permit,prefix=10.0.0.0/8,ge=16,le=24,seq=10', 'action=deny,prefix=10.0.0.0/8,le=32'] });
    assert.equal(await file('prefix-lists.cfg'), 'prefix-list: internal\n\tentries action=permit,prefix=10.0.0.0/8,le=24,ge=16,seq=10\n\tentries action=deny,prefix=10.0.0.0/8,le=32,seq=15\n\n');
    await refused('POST', '/cluster/sdn/prefix-lists', { id: 'dup', entries: ['action=permit,prefix=10.0.0.0/8,seq=5', 'action=deny,prefix=10.0.0.0/8,seq=5'] }, 'entries', /sequence number 5 already exists/);
    await refused('POST', '/cluster/sdn/prefix-lists', { id: 'short', entries: ['action=permit,prefix=10.0.0.0/8,le=4'] }, 'entries', /entry 1: le 4 is shorter than the prefix length 8/);
    await refused('POST', '/cluster/sdn/prefix-lists', { id: '-x' }, 'id', /not allowed/);
    await refused('POST', '/cluster/sdn/prefix-lists', { id: 'typed', type: 'prefix-list' }, 'type', /not a parameter/);
    await refused('POST', '/cluster/sdn/prefix-lists', { id: 'only_default' }, 'id', /reserved/);
    const stale = await call('POST', '/cluster/sdn/prefix-lists', { id: 'late', digest: '0'.repeat(40) });
    assert.match(stale.body.message ?? '', /^creating prefix list failed: detected modified configuration/);
    const taken = await call('POST', '/cluster/sdn/prefix-lists', { id: 'internal' });
    assert.equal(taken.status, 500, 'an existing id is a conflict, as for every set');
    assert.match(taken.body.message ?? '', /^creating prefix list failed: .*'internal' already defined/);
  });

  test('GET /cluster/sdn/prefix-lists: ids (and state when pending), every property with verbose', async () => {
    await data('POST', '/cluster/sdn/prefix-lists', { id: 'listed', entries: ['action=permit,prefix=192.0.2.0/24,seq=1'] });
    const short = (await data('GET', '/cluster/sdn/prefix-lists')) as Record<string, unknown>[];
    assert.deepEqual(short.find((r) => r.id === 'listed'), { id: 'listed' });
    const pending = (await data('GET', '/cluster/sdn/prefix-lists', { pending: 1 })) as Record<string, unknown>[];
    assert.deepEqual(pending.find((r) => r.id === 'listed'), { id: 'listed', state: 'new' });
    const verbose = (await data('GET', '/cluster/sdn/prefix-lists', { verbose: 1 })) as Record<string, unknown>[];
    const row = verbose.find((r) => r.id === 'listed');
    assert.deepEqual(row?.entries, ['action=permit,prefix=192.0.2.0/24,seq=1']);
    assert.match(String(row?.digest), /^[0-9a-f]{40,64}$/);
    const verbosePending = (await data('GET', '/cluster/sdn/prefix-lists', { verbose: 1, pending: 1 })) as Record<string, unknown>[];
    assert.deepEqual((verbosePending.find((r) => r.id === 'listed')?.pending as Record<string, unknown>).entries, ['action=permit,prefix=192.0.2.0/24,seq=1']);
    assert.deepEqual(((await data('GET', '/cluster/sdn/prefix-lists', { running: 1 })) as unknown[]).length, 0, 'nothing applied yet');
    const a = await call('GET', '/cluster/sdn/prefix-lists', { verbose: 'maybe' });
    assert.equal(a.status, 400);
    assert.ok(a.body.errors?.verbose);
  });

  test('GET /cluster/sdn/prefix-lists/{id}: the list with its entries and the digest; a missing one names id', async () => {
    await data('POST', '/cluster/sdn/prefix-lists', { id: 'one', entries: ['action=permit,prefix=0.0.0.0/0,seq=10'] });
    const got = (await data('GET', '/cluster/sdn/prefix-lists/one')) as Record<string, unknown>;
    assert.equal(got.id, 'one');
    assert.deepEqual(got.entries, ['action=permit,prefix=0.0.0.0/0,seq=10']);
    assert.equal(typeof got.digest, 'string');
    await refused('GET', '/cluster/sdn/prefix-lists/nope', {}, 'id', /does not exist/);
  });

  test('PUT /cluster/sdn/prefix-lists/{id}: entries replaced, `delete=entries` empties it, digest checked', async () => {
    await data('POST', '/cluster/sdn/prefix-lists', { id: 'upd', entries: ['action=permit,prefix=10.1.0.0/16,seq=10'] });
    const { digest } = (await data('GET', '/cluster/sdn/prefix-lists/upd')) as { digest: string };
    await data('PUT', '/cluster/sdn/prefix-lists/upd', { entries: ['action=deny,prefix=10.2.0.0/16', 'action=permit,prefix=0.0.0.0/0,le=32'], digest });
    assert.match(await file('prefix-lists.cfg'), /prefix-list: upd\n\tentries action=deny,prefix=10\.2\.0\.0\/16,seq=5\n\tentries action=permit,prefix=0\.0\.0\.0\/0,le=32,seq=10\n/);
    const stale = await call('PUT', '/cluster/sdn/prefix-lists/upd', { delete: 'entries', digest });
    assert.equal(stale.status, 500);
    assert.match(stale.body.message ?? '', /^updating prefix list failed: detected modified configuration/);
    await refused('PUT', '/cluster/sdn/prefix-lists/upd', { delete: 'seq' }, 'delete', /cannot delete seq/);
    await refused('PUT', '/cluster/sdn/prefix-lists/upd', { entries: ['action=deny,prefix=10.2.0.0/16'], delete: 'entries' }, 'delete', /at the same time/);
    await data('PUT', '/cluster/sdn/prefix-lists/upd', { delete: 'entries' });
    assert.match(await file('prefix-lists.cfg'), /prefix-list: upd\n(\n|$)/);
    await refused('PUT', '/cluster/sdn/prefix-lists/nope', { delete: 'entries' }, 'id', /does not exist/);
  });

  test('DELETE /cluster/sdn/prefix-lists/{id}: refused while a route map entry matches on it', async () => {
    await data('POST', '/cluster/sdn/prefix-lists', { id: 'used', entries: ['action=permit,prefix=10.0.0.0/8,seq=1'] });
    await data('POST', '/cluster/sdn/route-maps/entries', { 'route-map-id': 'uses', order: 10, action: 'permit', match: ['key=ip-address-prefix-list,value=used'] });
    await refused('DELETE', '/cluster/sdn/prefix-lists/used', {}, 'id', /still referenced by route map entry uses #10/);
    await data('DELETE', '/cluster/sdn/route-maps/entries/uses/entry/10');
    await data('DELETE', '/cluster/sdn/prefix-lists/used');
    assert.doesNotMatch(await file('prefix-lists.cfg'), /prefix-list: used/);
    await refused('DELETE', '/cluster/sdn/prefix-lists/used', {}, 'id', /does not exist/);
  });

  test('GET /cluster/sdn/prefix-lists/{id}/entries: each entry with its fields, by sequence number', async () => {
    await data('POST', '/cluster/sdn/prefix-lists', { id: 'ent', entries: ['action=permit,prefix=10.0.0.0/8,seq=20', 'action=deny,prefix=2001:db8::/32,ge=48,seq=10'] });
    assert.deepEqual(await data('GET', '/cluster/sdn/prefix-lists/ent/entries'), [
      { action: 'deny', prefix: '2001:db8::/32', ge: 48, seq: 10 },
      { action: 'permit', prefix: '10.0.0.0/8', seq: 20 },
    ]);
    await refused('GET', '/cluster/sdn/prefix-lists/nope/entries', {}, 'id', /does not exist/);
  });

  test('POST /cluster/sdn/prefix-lists/{id}/entries: appended, numbered; errors name the entry field', async () => {
    await data('POST', '/cluster/sdn/prefix-lists', { id: 'add' });
    await data('POST', '/cluster/sdn/prefix-lists/add/entries', { action: 'permit', prefix: '10.0.0.0/8', le: 24 });
    await data('POST', '/cluster/sdn/prefix-lists/add/entries', { action: 'deny', prefix: '0.0.0.0/0', seq: 100 });
    await data('POST', '/cluster/sdn/prefix-lists/add/entries', { action: 'permit', prefix: '192.0.2.0/24' });
    assert.match(await file('prefix-lists.cfg'), /prefix-list: add\n\tentries action=permit,prefix=10\.0\.0\.0\/8,le=24,seq=5\n\tentries action=deny,prefix=0\.0\.0\.0\/0,seq=100\n\tentries action=permit,prefix=192\.0\.2\.0\/24,seq=105\n/);
    await refused('POST', '/cluster/sdn/prefix-lists/add/entries', { action: 'permit', prefix: '10.0.0.0/8', seq: 100 }, 'seq', /sequence number 100 already exists/);
    await refused('POST', '/cluster/sdn/prefix-lists/add/entries', { action: 'permit', prefix: '10.0.0.0/8', le: 4 }, 'le', /le 4 is shorter than the prefix length 8/);
    await refused('POST', '/cluster/sdn/prefix-lists/add/entries', { action: 'permit', prefix: '10.0.0.0/8', ge: 30, le: 20 }, 'ge', /ge 30 is greater than le 20/);
    await refused('POST', '/cluster/sdn/prefix-lists/add/entries', { prefix: '10.0.0.0/8' }, 'action', /required/);
    await refused('POST', '/cluster/sdn/prefix-lists/add/entries', { action: 'allow', prefix: '10.0.0.0/8' }, 'action', /not one of/);
    await refused('POST', '/cluster/sdn/prefix-lists/add/entries', { action: 'permit', prefix: '10.0.0.0/33' }, 'prefix', /./);
    await refused('POST', '/cluster/sdn/prefix-lists/nope/entries', { action: 'permit', prefix: '10.0.0.0/8' }, 'id', /does not exist/);
  });

  test('GET /cluster/sdn/prefix-lists/{id}/entries/{url_seq}: one entry; a missing one names url_seq', async () => {
    await data('POST', '/cluster/sdn/prefix-lists', { id: 'get', entries: ['action=permit,prefix=10.0.0.0/8,ge=16,seq=7'] });
    assert.deepEqual(await data('GET', '/cluster/sdn/prefix-lists/get/entries/7'), { action: 'permit', prefix: '10.0.0.0/8', ge: 16, seq: 7 });
    await refused('GET', '/cluster/sdn/prefix-lists/get/entries/8', {}, 'url_seq', /no entry with sequence number 8/);
    await refused('GET', '/cluster/sdn/prefix-lists/get/entries/x', {}, 'url_seq', /not a whole number/);
  });

  test('PUT /cluster/sdn/prefix-lists/{id}/entries/{url_seq}: the changed entry goes last; delete=seq numbers it anew', async () => {
    await data('POST', '/cluster/sdn/prefix-lists', { id: 'chg', entries: ['action=permit,prefix=10.0.0.0/8,le=24,seq=10', 'action=deny,prefix=0.0.0.0/0,seq=20'] });
    await data('PUT', '/cluster/sdn/prefix-lists/chg/entries/10', { action: 'deny', delete: 'le' });
    assert.match(await file('prefix-lists.cfg'), /prefix-list: chg\n\tentries action=deny,prefix=0\.0\.0\.0\/0,seq=20\n\tentries action=deny,prefix=10\.0\.0\.0\/8,seq=10\n/);
    await data('PUT', '/cluster/sdn/prefix-lists/chg/entries/10', { seq: 30 });
    await data('PUT', '/cluster/sdn/prefix-lists/chg/entries/20', { delete: ['seq'] });
    assert.deepEqual(((await data('GET', '/cluster/sdn/prefix-lists/chg/entries')) as { seq: number }[]).map((e) => e.seq), [30, 35]);
    await refused('PUT', '/cluster/sdn/prefix-lists/chg/entries/30', { seq: 35 }, 'seq', /sequence number 35 already exists/);
    await refused('PUT', '/cluster/sdn/prefix-lists/chg/entries/30', { ge: 4 }, 'ge', /ge 4 is shorter than the prefix length 8/);
    await refused('PUT', '/cluster/sdn/prefix-lists/chg/entries/30', { delete: 'action' }, 'delete', /cannot delete action/);
    await refused('PUT', '/cluster/sdn/prefix-lists/chg/entries/30', { le: 24, delete: 'le' }, 'delete', /at the same time/);
    await refused('PUT', '/cluster/sdn/prefix-lists/chg/entries/31', { action: 'permit' }, 'url_seq', /no entry/);
    const { digest } = (await data('GET', '/cluster/sdn/prefix-lists/chg')) as { digest: string };
    await data('PUT', '/cluster/sdn/prefix-lists/chg/entries/30', { action: 'permit', digest });
    const stale = await call('PUT', '/cluster/sdn/prefix-lists/chg/entries/30', { action: 'deny', digest });
    assert.equal(stale.status, 500);
    assert.match(stale.body.message ?? '', /^updating prefix list entry failed: detected modified configuration/);
  });

  test('DELETE /cluster/sdn/prefix-lists/{id}/entries/{url_seq}: the entry goes, the others stay', async () => {
    await data('POST', '/cluster/sdn/prefix-lists', { id: 'del', entries: ['action=permit,prefix=10.0.0.0/8,seq=1', 'action=deny,prefix=0.0.0.0/0,seq=2'] });
    await data('DELETE', '/cluster/sdn/prefix-lists/del/entries/1');
    assert.deepEqual(await data('GET', '/cluster/sdn/prefix-lists/del/entries'), [{ action: 'deny', prefix: '0.0.0.0/0', seq: 2 }]);
    await refused('DELETE', '/cluster/sdn/prefix-lists/del/entries/1', {}, 'url_seq', /no entry with sequence number 1/);
  });
});

describe('route maps', () => {
  const ENTRIES = '/cluster/sdn/route-maps/entries';

  test('POST /cluster/sdn/route-maps/entries: one route-map-entry section per entry; errors name the field', async () => {
    await data('POST', '/cluster/sdn/prefix-lists', { id: 'internal-subnets', entries: ['action=permit,prefix=10.0.0.0/8,ge=16,le=24,seq=10'] });
    await data('POST', ENTRIES, { 'route-map-id': 'bgp-out', order: 10, action: 'permit', match: ['key=ip-address-prefix-list,value=internal-subnets'], set: ['key=local-preference,value=50'] });
    await data('POST', ENTRIES, { 'route-map-id': 'bgp-out', order: 20, action: 'permit', delete: ['match', 'set', 'call'] });
    assert.match(
      await file('route-maps.cfg'),
      /route-map-entry: bgp-out_10\n\taction permit\n\tmatch key=ip-address-prefix-list,value=internal-subnets\n\tset key=local-preference,value=50\n\nroute-map-entry: bgp-out_20\n\taction permit\n/,
    );
    await refused('POST', ENTRIES, { 'route-map-id': 'bgp-out', order: 10, action: 'permit' }, 'order', /already has an entry with order 10/);
    await refused('POST', ENTRIES, { 'route-map-id': 'pve_x', order: 10, action: 'permit' }, 'route-map-id', /reserved/);
    await refused('POST', ENTRIES, { 'route-map-id': 'x', order: 0, action: 'permit' }, 'order', /outside FRR's route-map sequence range/);
    await refused('POST', ENTRIES, { 'route-map-id': 'x', order: 70000, action: 'permit' }, 'order', /between 0 and 65535/);
    await refused('POST', ENTRIES, { 'route-map-id': 'x', order: 1, action: 'permit', match: ['key=vni,value=0'] }, 'match', /vni: expected a number/);
    await refused('POST', ENTRIES, { 'route-map-id': 'x', order: 1, action: 'permit', match: ['key=ip-address-prefix-list,value=nope'] }, 'match', /prefix list 'nope' does not exist/);
    await refused('POST', ENTRIES, { 'route-map-id': 'x', order: 1, action: 'permit', 'exit-action': 'key=on-match-goto,value=1' }, 'exit-action', /must point after this entry/);
    await refused('POST', ENTRIES, { 'route-map-id': 'x', order: 1 }, 'action', /required/);
    await refused('POST', ENTRIES, { 'route-map-id': 'x', order: 1, action: 'permit', delete: 'action' }, 'delete', /cannot delete action/);
    await refused('POST', ENTRIES, { 'route-map-id': 'x', order: 1, action: 'permit', set: ['key=tag,value=1'], delete: 'set' }, 'delete', /cannot set and delete set at the same time/);
    await refused('POST', ENTRIES, { id: 'x_1', action: 'permit' }, 'id', /not a parameter/);
    const stale = await call('POST', ENTRIES, { 'route-map-id': 'x', order: 1, action: 'permit', digest: '0'.repeat(40) });
    assert.match(stale.body.message ?? '', /^creating route map entry failed: detected modified configuration/);
  });

  test('GET /cluster/sdn/route-maps: the route maps, each once, by id', async () => {
    await data('POST', ENTRIES, { 'route-map-id': 'named', order: 1, action: 'permit' });
    await data('POST', ENTRIES, { 'route-map-id': 'named', order: 2, action: 'deny' });
    const maps = (await data('GET', '/cluster/sdn/route-maps')) as { id: string }[];
    assert.deepEqual(maps.filter((m) => m.id === 'named'), [{ id: 'named' }]);
    assert.deepEqual(maps.map((m) => m.id), [...maps.map((m) => m.id)].sort());
    assert.ok(maps.every((m) => Object.keys(m).join() === 'id'));
    assert.deepEqual(await data('GET', '/cluster/sdn/route-maps', { running: 1 }), []);
  });

  test('GET /cluster/sdn/route-maps/entries: every entry with route-map-id and order; pending and running views', async () => {
    await data('POST', ENTRIES, { 'route-map-id': 'view', order: 5, action: 'permit', set: ['key=metric,value=+10'] });
    const edited = (await data('GET', ENTRIES)) as Record<string, unknown>[];
    const row = edited.find((r) => r['route-map-id'] === 'view');
    assert.deepEqual({ ...row, digest: 'd' }, { 'route-map-id': 'view', order: 5, action: 'permit', match: [], set: ['key=metric,value=+10'], digest: 'd' });
    const pending = (await data('GET', ENTRIES, { pending: 1 })) as Record<string, unknown>[];
    const fresh = pending.find((r) => (r.pending as Record<string, unknown> | undefined)?.['route-map-id'] === 'view');
    assert.equal(fresh?.state, 'new');
    assert.deepEqual(fresh?.pending, { 'route-map-id': 'view', order: 5, action: 'permit', match: [], set: ['key=metric,value=+10'] });
    await applyAndWait(h);
    const running = (await data('GET', ENTRIES, { running: 1 })) as Record<string, unknown>[];
    assert.deepEqual(running.find((r) => r['route-map-id'] === 'view'), { 'route-map-id': 'view', order: 5, action: 'permit', match: [], set: ['key=metric,value=+10'] });
    await data('PUT', `${ENTRIES}/view/entry/5`, { action: 'deny' });
    const changed = ((await data('GET', ENTRIES, { pending: 1 })) as Record<string, unknown>[]).find((r) => r['route-map-id'] === 'view');
    assert.equal(changed?.state, 'changed');
    assert.deepEqual(changed?.pending, { action: 'deny' });
    const sorted = running.map((r) => `${String(r['route-map-id'])}/${String(r.order).padStart(5, '0')}`);
    assert.deepEqual(sorted, [...sorted].sort());
  });

  test('GET /cluster/sdn/route-maps/entries/{route-map-id}: that map\'s entries only', async () => {
    await data('POST', ENTRIES, { 'route-map-id': 'mine', order: 20, action: 'permit' });
    await data('POST', ENTRIES, { 'route-map-id': 'mine', order: 10, action: 'deny' });
    await data('POST', ENTRIES, { 'route-map-id': 'other', order: 10, action: 'deny' });
    const rows = (await data('GET', `${ENTRIES}/mine`)) as Record<string, unknown>[];
    assert.deepEqual(rows.map((r) => [r['route-map-id'], r.order, r.action]), [['mine', 10, 'deny'], ['mine', 20, 'permit']]);
    const pending = (await data('GET', `${ENTRIES}/mine`, { pending: 1 })) as Record<string, unknown>[];
    assert.deepEqual(pending.map((r) => r.state), ['new', 'new']);
  });

  test('GET /cluster/sdn/route-maps/entries/{route-map-id}/entry/{order}: the entry with its digest; a missing one names the field', async () => {
    await data('POST', ENTRIES, { 'route-map-id': 'read', order: 10, action: 'permit', call: 'other', 'exit-action': 'key=on-match-next' });
    const got = (await data('GET', `${ENTRIES}/read/entry/10`)) as Record<string, unknown>;
    assert.deepEqual({ ...got, digest: 'd' }, { 'route-map-id': 'read', order: 10, action: 'permit', match: [], set: [], call: 'other', 'exit-action': 'key=on-match-next', digest: 'd' });
    assert.match(String(got.digest), /^[0-9a-f]{40,64}$/);
    await refused('GET', `${ENTRIES}/read/entry/11`, {}, 'order', /no entry with order 11/);
    await refused('GET', `${ENTRIES}/unknown/entry/10`, {}, 'route-map-id', /does not exist/);
  });

  test('PUT /cluster/sdn/route-maps/entries/{route-map-id}/entry/{order}: values set and deleted, digest checked', async () => {
    await data('POST', ENTRIES, { 'route-map-id': 'edit', order: 10, action: 'permit', set: ['key=tag,value=7'], match: ['key=metric,value=5'] });
    const { digest } = (await data('GET', `${ENTRIES}/edit/entry/10`)) as { digest: string };
    await data('PUT', `${ENTRIES}/edit/entry/10`, { action: 'deny', delete: 'match', digest });
    assert.match(await file('route-maps.cfg'), /route-map-entry: edit_10\n\taction deny\n\tset key=tag,value=7\n/);
    const stale = await call('PUT', `${ENTRIES}/edit/entry/10`, { action: 'permit', digest });
    assert.equal(stale.status, 500);
    assert.match(stale.body.message ?? '', /^updating route map entry failed: detected modified configuration/);
    await refused('PUT', `${ENTRIES}/edit/entry/10`, { set: ['key=weight,value=x'] }, 'set', /weight: expected a number/);
    await refused('PUT', `${ENTRIES}/edit/entry/10`, { delete: 'action' }, 'delete', /cannot delete action/);
    await refused('PUT', `${ENTRIES}/edit/entry/11`, { action: 'deny' }, 'order', /no entry with order 11/);
  });

  test('DELETE /cluster/sdn/route-maps/entries/{route-map-id}/entry/{order}: refused for the last entry of a map a controller uses', async () => {
    await data('POST', ENTRIES, { 'route-map-id': 'gone', order: 10, action: 'permit' });
    await data('POST', ENTRIES, { 'route-map-id': 'gone', order: 20, action: 'permit' });
    await data('POST', '/cluster/sdn/controllers', { controller: 'bgpctl', type: 'evpn', asn: 65000, peers: '10.0.0.1', 'route-map-in': 'gone' });
    await data('DELETE', `${ENTRIES}/gone/entry/10`);
    await refused('DELETE', `${ENTRIES}/gone/entry/20`, {}, 'route-map-id', /used by controller bgpctl/);
    await data('DELETE', '/cluster/sdn/controllers/bgpctl');
    await data('DELETE', `${ENTRIES}/gone/entry/20`);
    assert.doesNotMatch(await file('route-maps.cfg'), /gone_/);
    await refused('DELETE', `${ENTRIES}/gone/entry/20`, {}, 'route-map-id', /does not exist/);
  });

  test('reads are filtered by SDN.Audit on /sdn/route-maps/<map> and /sdn/prefix-lists/<list>', async () => {
    await data('POST', ENTRIES, { 'route-map-id': 'seen', order: 1, action: 'permit' });
    await data('POST', '/cluster/sdn/prefix-lists', { id: 'seenpl' });
    const auditor = await tokenWith(h, 'policy-audit@pve', [
      { path: '/sdn/route-maps/seen', role: 'PVEAuditor' },
      { path: '/sdn/prefix-lists/seenpl', role: 'PVEAuditor' },
    ]);
    const maps = (await h.call('GET', '/cluster/sdn/route-maps', {}, auditor)).body.data as { id: string }[];
    assert.deepEqual(maps, [{ id: 'seen' }]);
    const entries = (await h.call('GET', ENTRIES, { pending: 1 }, auditor)).body.data as Record<string, unknown>[];
    assert.deepEqual(entries.map((r) => (r.pending as Record<string, unknown>)['route-map-id']), ['seen']);
    assert.deepEqual((await h.call('GET', '/cluster/sdn/prefix-lists', {}, auditor)).body.data, [{ id: 'seenpl' }]);
    assert.equal((await h.call('POST', ENTRIES, { 'route-map-id': 'seen', order: 2, action: 'permit' }, auditor)).status, 403);
    assert.equal((await h.call('GET', `${ENTRIES}/named`, {}, auditor)).status, 403);
  });
});

/** Each method's documented `permissions.check` (Proxmox VE 9.1's API documentation), or `list` for the filtered lists (`user: all`). */
const DOCUMENTED: Readonly<Record<string, unknown>> = {
  'GET /cluster/sdn/prefix-lists': 'list',
  'POST /cluster/sdn/prefix-lists': ['perm', '/sdn/prefix-lists', ['SDN.Allocate']],
  'GET /cluster/sdn/prefix-lists/{id}': ['perm', '/sdn/prefix-lists/{id}', ['SDN.Audit']],
  'PUT /cluster/sdn/prefix-lists/{id}': ['perm', '/sdn/prefix-lists/{id}', ['SDN.Allocate']],
  'DELETE /cluster/sdn/prefix-lists/{id}': ['perm', '/sdn/prefix-lists/{id}', ['SDN.Allocate']],
  'GET /cluster/sdn/prefix-lists/{id}/entries': ['perm', '/sdn/prefix-lists/{id}', ['SDN.Audit']],
  'POST /cluster/sdn/prefix-lists/{id}/entries': ['perm', '/sdn/prefix-lists/{id}', ['SDN.Allocate']],
  'GET /cluster/sdn/prefix-lists/{id}/entries/{url_seq}': ['perm', '/sdn/prefix-lists/{id}', ['SDN.Audit']],
  'PUT /cluster/sdn/prefix-lists/{id}/entries/{url_seq}': ['perm', '/sdn/prefix-lists/{id}', ['SDN.Allocate']],
  'DELETE /cluster/sdn/prefix-lists/{id}/entries/{url_seq}': ['perm', '/sdn/prefix-lists/{id}', ['SDN.Allocate']],
  'GET /cluster/sdn/route-maps': 'list',
  'GET /cluster/sdn/route-maps/entries': 'list',
  'POST /cluster/sdn/route-maps/entries': ['perm', '/sdn/route-maps', ['SDN.Allocate']],
  'GET /cluster/sdn/route-maps/entries/{route-map-id}': ['perm', '/sdn/route-maps/{route-map-id}', ['SDN.Audit', 'SDN.Allocate'], 'any', 1],
  'GET /cluster/sdn/route-maps/entries/{route-map-id}/entry/{order}': ['perm', '/sdn/route-maps/{route-map-id}', ['SDN.Audit', 'SDN.Allocate'], 'any', 1],
  'PUT /cluster/sdn/route-maps/entries/{route-map-id}/entry/{order}': ['perm', '/sdn/route-maps/{route-map-id}', ['SDN.Allocate']],
  'DELETE /cluster/sdn/route-maps/entries/{route-map-id}/entry/{order}': ['perm', '/sdn/route-maps/{route-map-id}', ['SDN.Allocate']],
};

test('every method of both trees is a route with its documented rule, and no other route is under them', async () => {
  const routes = (await loadAllRoutes()).filter((r) => /^\/cluster\/sdn\/(prefix-lists|route-maps)/.test(r.path));
  assert.deepEqual(routes.map((r) => `${r.method} ${r.path}`).sort(), Object.keys(DOCUMENTED).sort());
  for (const r of routes) {
    const want = DOCUMENTED[`${r.method} ${r.path}`];
    assert.deepEqual(r.permission ? referenceForm(r.permission) : 'list', want, `${r.method} ${r.path}`);
  }
});
