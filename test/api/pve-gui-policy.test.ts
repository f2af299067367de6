/**
 * What Proxmox VE's GUI sends from its Prefix Lists and Route Maps panels
 * (pve-manager's www/manager6/sdn/PrefixListPanel.js, RouteMapPanel.js and
 * their selectors), written here as data: the requests a user's clicks
 * make, form-encoded as ExtJS sends them (a list as repeated keys, an empty
 * field of an edit as `delete`), to `/api2/json` for the grids' stores and
 * to `/api2/extjs` for the edit windows. Each answer has the fields the
 * panel reads, and the files end as the clicks meant.
 */
import { strict as assert } from 'node:assert';
import { after, before, test } from 'node:test';
import { DirectoryStore } from '../../src/store/directory.js';
import { makeHarness, tempDir, type Harness } from './harness.js';

type Form = Readonly<Record<string, string | number | readonly string[]>>;

interface Step {
  /** what the user did */
  readonly click: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly url: string;
  readonly form?: Form;
  /** the fields the panel reads from each row (a list) or from the answer (an object) */
  readonly reads?: readonly string[];
  /** rows that must be there, each by some of its fields */
  readonly rows?: ReadonlyArray<Readonly<Record<string, unknown>>>;
}

const PL = '/cluster/sdn/prefix-lists';
const RM = '/cluster/sdn/route-maps';
const DC = '_dc=1733400000000';

/** the requests, in the order the clicks make them; `{digest}` is the digest the edit window loaded */
const STEPS: readonly Step[] = [
  { click: 'open Prefix Lists', method: 'GET', url: `/api2/json${PL}?pending=1&${DC}`, rows: [] },
  { click: 'Add, name pl-gui, Create', method: 'POST', url: `/api2/extjs${PL}`, form: { id: 'pl-gui' } },
  { click: 'the grid reloads', method: 'GET', url: `/api2/json${PL}?pending=1&${DC}`, reads: ['id', 'state'], rows: [{ id: 'pl-gui', state: 'new' }] },
  { click: 'select pl-gui', method: 'GET', url: `/api2/json${PL}/pl-gui/entries?${DC}`, rows: [] },
  { click: 'entries: Add, permit 10.0.0.0/8, Prefix <= 24', method: 'POST', url: `/api2/extjs${PL}/pl-gui/entries`, form: { action: 'permit', prefix: '10.0.0.0/8', le: 24 } },
  { click: 'entries: Add, deny 0.0.0.0/0, sequence 100', method: 'POST', url: `/api2/extjs${PL}/pl-gui/entries`, form: { seq: 100, action: 'deny', prefix: '0.0.0.0/0' } },
  {
    click: 'the entries reload',
    method: 'GET',
    url: `/api2/json${PL}/pl-gui/entries?${DC}`,
    reads: ['action', 'seq', 'prefix'],
    rows: [
      { seq: 5, action: 'permit', prefix: '10.0.0.0/8', le: 24 },
      { seq: 100, action: 'deny', prefix: '0.0.0.0/0' },
    ],
  },
  // the edit window is filled from the row; every field is sent, an empty one as `delete`
  { click: 'edit entry 5: action deny, Prefix >= left empty', method: 'PUT', url: `/api2/extjs${PL}/pl-gui/entries/5`, form: { seq: 5, action: 'deny', prefix: '10.0.0.0/8', le: 24, delete: 'ge' } },
  { click: 'remove entry 100', method: 'DELETE', url: `/api2/extjs${PL}/pl-gui/entries/100` },
  { click: 'the entries reload', method: 'GET', url: `/api2/json${PL}/pl-gui/entries?${DC}`, rows: [{ seq: 5, action: 'deny', prefix: '10.0.0.0/8', le: 24 }] },

  { click: 'open Route Maps', method: 'GET', url: `/api2/extjs${RM}/entries?pending=1&${DC}`, rows: [] },
  { click: 'Add: the route map selector loads', method: 'GET', url: `/api2/json${RM}?${DC}`, rows: [] },
  { click: 'Add: a match on a prefix list, its selector loads', method: 'GET', url: `/api2/json${PL}?${DC}`, reads: ['id'], rows: [{ id: 'pl-gui' }] },
  // the empty lists, call and exit policy of a new entry come as deletions
  {
    click: 'Add, route map gui-map, order 10, permit, match IPv4 prefix list pl-gui, set local preference 50, Create',
    method: 'POST',
    url: `/api2/extjs${RM}/entries`,
    form: { 'route-map-id': 'gui-map', order: 10, action: 'permit', match: ['key=ip-address-prefix-list,value=pl-gui'], set: ['key=local-preference,value=50'], delete: ['call', 'exit-action'] },
  },
  { click: 'Add, route map gui-map, order 20, permit, nothing else, Create', method: 'POST', url: `/api2/extjs${RM}/entries`, form: { 'route-map-id': 'gui-map', order: 20, action: 'permit', delete: ['match', 'set', 'call', 'exit-action'] } },
  {
    click: 'the grid reloads',
    method: 'GET',
    url: `/api2/extjs${RM}/entries?pending=1&${DC}`,
    reads: ['state', 'pending'],
    rows: [
      { state: 'new', pending: { 'route-map-id': 'gui-map', order: 10, action: 'permit', match: ['key=ip-address-prefix-list,value=pl-gui'], set: ['key=local-preference,value=50'] } },
      { state: 'new', pending: { 'route-map-id': 'gui-map', order: 20, action: 'permit', match: [], set: [] } },
    ],
  },
  { click: 'the route map selector lists gui-map', method: 'GET', url: `/api2/json${RM}?${DC}`, reads: ['id'], rows: [{ id: 'gui-map' }] },
  {
    click: 'edit gui-map 10: the window loads the entry',
    method: 'GET',
    url: `/api2/extjs${RM}/entries/gui-map/entry/10`,
    reads: ['route-map-id', 'order', 'action', 'match', 'set', 'digest'],
  },
  // the id and order fields are disabled in an edit: only the path names them
  {
    click: 'edit gui-map 10: deny, exit policy on-match-next, Save',
    method: 'PUT',
    url: `/api2/extjs${RM}/entries/gui-map/entry/10`,
    form: { action: 'deny', match: ['key=ip-address-prefix-list,value=pl-gui'], set: ['key=local-preference,value=50'], 'exit-action': 'key=on-match-next', delete: 'call', digest: '{digest}' },
  },
  { click: 'remove gui-map 20', method: 'DELETE', url: `/api2/extjs${RM}/entries/gui-map/entry/20` },
  {
    click: 'the grid reloads',
    method: 'GET',
    url: `/api2/extjs${RM}/entries?pending=1&${DC}`,
    rows: [{ state: 'new', pending: { 'route-map-id': 'gui-map', order: 10, action: 'deny', match: ['key=ip-address-prefix-list,value=pl-gui'], set: ['key=local-preference,value=50'], 'exit-action': 'key=on-match-next' } }],
  },
];

let h: Harness;
before(async () => {
  const dir = tempDir('weft-gui-policy-');
  h = await makeHarness(new DirectoryStore(dir), dir);
});
after(() => h.close());

/** ExtJS's form encoding: a list as repeated keys. */
function encode(form: Form, digest: string): string {
  const out = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) for (const x of [v].flat()) out.append(k, String(x) === '{digest}' ? digest : String(x));
  return out.toString();
}

test("the Prefix Lists and Route Maps panels' requests are answered with the fields they read", async () => {
  let digest = '';
  for (const step of STEPS) {
    const res = await h.app.inject({
      method: step.method,
      url: step.url,
      headers: { ...h.root, ...(step.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      ...(step.form ? { payload: encode(step.form, digest) } : {}),
    });
    const what = `${step.click}: ${step.method} ${step.url}`;
    assert.equal(res.statusCode, 200, `${what}: ${res.body}`);
    const body = JSON.parse(res.body) as { data: unknown; success?: number; message?: string; errors?: unknown };
    if (step.url.startsWith('/api2/extjs')) assert.equal(body.success, 1, `${what}: ${res.body}`);
    const answer = body.data;
    if (step.reads && !Array.isArray(answer)) {
      const got = answer as Record<string, unknown>;
      for (const f of step.reads) assert.ok(got[f] !== undefined, `${what}: no '${f}' in ${res.body}`);
      if (typeof got.digest === 'string') digest = got.digest;
    }
    if (step.rows) {
      const rows = answer as Record<string, unknown>[];
      assert.ok(Array.isArray(rows), `${what}: a list`);
      assert.equal(rows.length, step.rows.length, `${what}: ${res.body}`);
      step.rows.forEach((want, i) => {
        const row = rows[i] ?? {};
        for (const [k, v] of Object.entries(want)) assert.deepEqual(row[k], v, `${what}: row ${i} ${k} in ${res.body}`);
        for (const f of step.reads ?? []) assert.ok(row[f] !== undefined, `${what}: row ${i} has no '${f}'`);
      });
    }
  }
  const files = (await h.store.read()).docs;
  assert.equal(files.get('sdn/prefix-lists.cfg'), 'prefix-list: pl-gui\n\tentries action=deny,prefix=10.0.0.0/8,le=24,seq=5\n\n');
  assert.equal(files.get('sdn/route-maps.cfg'), 'route-map-entry: gui-map_10\n\taction deny\n\texit-action key=on-match-next\n\tmatch key=ip-address-prefix-list,value=pl-gui\n\tset key=local-preference,value=50\n\n');
});
