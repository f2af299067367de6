/**
 * The SDN config documents on etcd as one key per section: cut and put back
 * byte for byte, an edit of one section writes that section's key alone
 * (counted on a real etcd at 32000 VNets), an apply of 32000 changed sections
 * lands in one transaction, and a store in the former layout (one key per
 * document, large ones as blob manifests) is still read and then converted.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { Etcd3 } from 'etcd3';
import { joinDoc, splitDoc } from '../../src/store/doc-sections.js';
import { storedForm } from '../../src/store/etcd-chunks.js';
import { BaseSplits, MAX_OPS, planTxn, readStoredDoc, type StoredDoc } from '../../src/store/etcd-plan.js';
import { planSections, rebasedView, sectionsOf } from '../../src/store/etcd-sections.js';
import { EtcdStore } from '../../src/store/etcd.js';
import { needs } from '../support/system.js';
import { startEtcd } from '../api/harness.js';

const vnet = (i: number, zone = 'z1') => `vnet: v${i}\n\tzone ${zone}\n\ttag ${100 + i}\n\n`;
const vnetsCfg = (n: number, zone = (_i: number) => 'z1') => Array.from({ length: n }, (_, i) => vnet(i, zone(i))).join('');
function runningJson(n: number, version: number, zone = 'z1'): string {
  const ids: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) ids[`v${i}`] = { type: 'vnet', zone, tag: String(100 + i) };
  return JSON.stringify({ version, zones: { ids: { z1: { type: 'simple', ipam: 'pve' } } }, vnets: { ids }, subnets: { ids: {} } });
}

test('documents cut into sections and put back byte for byte; texts that do not cut are kept whole', () => {
  for (const text of ['', vnetsCfg(3), 'simple: z1\n\n']) {
    const split = splitDoc('cfg', text);
    assert.ok(split, JSON.stringify(text));
    assert.equal(joinDoc('cfg', split), text);
  }
  assert.deepEqual(splitDoc('cfg', vnetsCfg(2))?.groups[0]?.sections.map((s) => s.id), ['v0', 'v1']);
  // a comment, a stray blank line, a missing final blank line, a duplicate id
  for (const text of ['# mine\nvnet: v0\n\n', `${vnet(0)}\n${vnet(1)}`, 'vnet: v0\n\tzone z1\n', `${vnet(0)}${vnet(0)}`]) assert.equal(splitDoc('cfg', text), null, JSON.stringify(text));
  const json = runningJson(3, 7);
  const split = splitDoc('json', json);
  assert.deepEqual(split?.groups.map((g) => [g.name, g.sections.length]), [['zones', 1], ['vnets', 3], ['subnets', 0]]);
  assert.equal(split && joinDoc('json', split), json);
  // written otherwise than JSON.stringify writes (spaces; an integer-like id JSON.parse moves first)
  assert.equal(splitDoc('json', JSON.stringify(JSON.parse(json), null, 1)), null);
  assert.equal(splitDoc('json', '{"vnets":{"ids":{"b":{},"7":{}}}}'), null);
});

test('a write keeps each section at its place: changed in place, new ones last; a moved one needs a rebase', () => {
  const base = splitDoc('cfg', vnetsCfg(5));
  assert.ok(base);
  const view = rebasedView('cfg', base, ['.weft-blobs/x']);
  const edited = vnetsCfg(5, (i) => (i === 2 ? 'z2' : 'z1')) + vnet(9);
  const plan = planSections('sdn/vnets.cfg', 'cfg', view, splitDoc('cfg', edited) ?? base);
  assert.ok(plan);
  assert.deepEqual([...plan.puts.keys()].sort(), ['.weft-sections/sdn/vnets.cfg#/v2', '.weft-sections/sdn/vnets.cfg#/v9']);
  const moved = vnet(1) + vnet(0) + vnet(2) + vnet(3) + vnet(4);
  assert.equal(planSections('sdn/vnets.cfg', 'cfg', view, splitDoc('cfg', moved) ?? base), null);
  const inserted = vnet(0) + vnet(9) + vnet(1) + vnet(2) + vnet(3) + vnet(4);
  assert.equal(planSections('sdn/vnets.cfg', 'cfg', view, splitDoc('cfg', inserted) ?? base), null);
});

/** etcd's keys as a map, changed by a planned transaction as etcd would change them. */
function commit(kv: Map<string, string | Buffer>, plan: ReturnType<typeof planTxn>): void {
  for (const b of plan.blobs) kv.set(b.key, b.value);
  for (const key of plan.deletes) kv.delete(key);
  for (const prefix of plan.deletePrefixes) for (const key of [...kv.keys()]) if (key.startsWith(prefix)) kv.delete(key);
  for (const [key, value] of plan.puts) kv.set(key, value);
}

function readBack(kv: ReadonlyMap<string, string | Buffer>, doc: string): StoredDoc {
  const sections = new Map([...kv].filter(([k]) => k.startsWith(sectionsOf(doc))).map(([k, v]) => [k, String(v)]));
  const read = readStoredDoc(String(kv.get(doc)), sections, (k) => kv.get(k) as Buffer | undefined, new BaseSplits());
  assert.ok(typeof read !== 'string', `read back: ${String(read)}`);
  return read;
}

test('random edit sequences: the stored form reads back byte for byte, and an edit planned from the shared text writes the keys a plan from the whole text writes', () => {
  let seed = 12345;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const key = 'sdn/vnets.cfg';
  let ids = Array.from({ length: 40 }, (_, i) => i);
  const zones = new Map<number, string>();
  let nextId = 40;
  const textOf = () => ids.map((i) => vnet(i, zones.get(i) ?? 'z1')).join('');
  const kv = new Map<string, string | Buffer>();
  const state: { stored: StoredDoc | null } = { stored: null };
  let rebases = 0;
  for (let step = 0; step < 400; step++) {
    const pick = () => ids[rand(ids.length)] ?? 0;
    const op = rand(8);
    if (op <= 1) zones.set(pick(), `z${rand(9)}`);
    else if (op === 2) ids.push(nextId++);
    else if (op === 3 && ids.length > 1) ids = ids.filter((i) => i !== pick());
    else if (op === 4) {
      // two neighbours swap: a section moves
      const at = rand(ids.length - 1);
      ids = [...ids.slice(0, at), ids[at + 1] ?? 0, ids[at] ?? 0, ...ids.slice(at + 2)];
    } else if (op === 5) for (let k = 0; k < 5; k++) zones.set(pick(), `z${rand(9)}`);
    else if (op === 6 && rand(10) === 0) ids = ids.slice(0, rand(ids.length)).concat(Array.from({ length: 150 }, () => nextId++));
    const text = textOf();
    const { stored } = state;
    const plan = planTxn([{ key, value: text }], new Map(stored ? [[key, stored]] : []));
    const full = stored?.view ? planSections(key, 'cfg', stored.view, splitDoc('cfg', text) ?? { frame: [], groups: [] }) : null;
    if (plan.deletePrefixes.length > 0) rebases++;
    else if (stored?.view) {
      assert.ok(full, `step ${step}: planned as sections where a plan from the whole text rebases`);
      assert.deepEqual([...plan.puts.keys()].sort(), [...full.puts.keys(), key].sort(), `step ${step}`);
      assert.deepEqual([...plan.deletes].sort(), [...full.deletes].sort(), `step ${step}`);
    }
    commit(kv, plan);
    const read = readBack(kv, key);
    assert.equal(read.text, text, `step ${step}: read back`);
    // the next edit plans over what was read, or (as the store does after its own commit) over the plan's view
    state.stored = step % 2 === 0 ? read : { text, view: plan.views.get(key) ?? null };
  }
  assert.ok(rebases > 0 && rebases < 200, `some writes rebased (${rebases}), most did not`);
});

/** The keys etcd changed at `revision` and after (puts; a removed key is gone). */
async function keysSince(client: Etcd3, prefix: string, revision: string): Promise<string[]> {
  const res = await client.namespace(prefix).getAll().minModRevision(revision).exec();
  // each commit also puts its server's marker (etcd-commit.ts)
  return res.kvs.map((kv) => kv.key.toString('utf8')).filter((k) => !k.startsWith('.weft-commit-')).sort();
}

const etcdSkip = needs({ commands: ['etcd'] });

test('etcd: at 32000 VNets a one-VNet edit writes that section’s key; an apply of 32000 sections is one transaction; another server reads the same bytes', { skip: etcdSkip }, async () => {
  const etcd = await startEtcd();
  const prefix = '/sections-test/';
  const store = new EtcdStore({ url: etcd.url, prefix });
  const other = new EtcdStore({ url: etcd.url, prefix });
  const client = new Etcd3({ hosts: etcd.url });
  const write = (writes: { key: string; value: string | null }[]) => store.transact(() => ({ writes, result: null }));
  const n = 32000;
  try {
    // an apply from nothing: 32000 sections of the pending file and of the running config, one transaction
    await write([{ key: 'sdn/vnets.cfg', value: vnetsCfg(n) }, { key: 'sdn/.running-config', value: runningJson(n, 1) }, { key: 'sdn/.version', value: '1\n' }]);
    assert.ok(n > MAX_OPS);
    assert.equal((await other.read()).docs.get('sdn/vnets.cfg'), vnetsCfg(n));
    assert.equal((await other.read()).docs.get('sdn/.running-config'), runningJson(n, 1));

    // one VNet changed
    const edited = vnetsCfg(n, (i) => (i === 1234 ? 'z2' : 'z1'));
    await write([{ key: 'sdn/vnets.cfg', value: edited }]);
    let rev = (await store.read()).revision;
    // the section's key, and the file's head (a few bytes, put with every change so a reader sees the file changed)
    const head = (await client.namespace(prefix).get('sdn/vnets.cfg').string()) ?? '';
    assert.ok(head.length < 1024, `the head stays small (the base's blob keys, one per 256 KiB): ${head.length} bytes`);
    assert.deepEqual(await keysSince(client, prefix, rev), ['.weft-rev', '.weft-sections/sdn/vnets.cfg#/v1234', 'sdn/vnets.cfg']);
    assert.equal((await other.read()).docs.get('sdn/vnets.cfg'), edited);

    // one VNet added (last, as the writer puts it), one deleted
    const added = edited + vnet(n);
    await write([{ key: 'sdn/vnets.cfg', value: added }]);
    rev = (await store.read()).revision;
    assert.deepEqual(await keysSince(client, prefix, rev), ['.weft-rev', `.weft-sections/sdn/vnets.cfg#/v${n}`, 'sdn/vnets.cfg']);
    const deleted = added.replace(vnet(77), '');
    await write([{ key: 'sdn/vnets.cfg', value: deleted }]);
    rev = (await store.read()).revision;
    assert.deepEqual(await keysSince(client, prefix, rev), ['.weft-rev', '.weft-sections/sdn/vnets.cfg#/v77', 'sdn/vnets.cfg']);
    assert.equal((await other.read()).docs.get('sdn/vnets.cfg'), deleted);
    // deleted again when re-created: it comes back last
    const recreated = deleted + vnet(77);
    await write([{ key: 'sdn/vnets.cfg', value: recreated }]);
    assert.equal((await other.read()).docs.get('sdn/vnets.cfg'), recreated);

    // an apply of that one change: its running section and the running config's head (its version)
    const running = runningJson(n, 2).replace('"v1234":{"type":"vnet","zone":"z1"', '"v1234":{"type":"vnet","zone":"z2"');
    await write([{ key: 'sdn/.running-config', value: running }]);
    rev = (await store.read()).revision;
    assert.deepEqual(await keysSince(client, prefix, rev), ['.weft-rev', '.weft-sections/sdn/.running-config#vnets/v1234', 'sdn/.running-config']);
    assert.equal((await other.read()).docs.get('sdn/.running-config'), running);

    // no key holds more than a chunk of the config
    const all = await client.namespace(prefix).getAll().exec();
    assert.ok(Math.max(...all.kvs.map((kv) => kv.value.length)) <= 256 * 1024);

    // everything changed again (a revert): rebased in one transaction, the section keys gone
    await write([{ key: 'sdn/vnets.cfg', value: vnetsCfg(n, () => 'z3') }]);
    assert.equal((await other.read()).docs.get('sdn/vnets.cfg'), vnetsCfg(n, () => 'z3'));
    assert.deepEqual((await client.namespace(prefix).getAll().prefix('.weft-sections/sdn/vnets.cfg#').keys()).length, 0);
    // a removed document takes its section keys along
    await write([{ key: 'sdn/.running-config', value: null }]);
    assert.equal((await other.read()).docs.has('sdn/.running-config'), false);
    assert.equal((await client.namespace(prefix).getAll().prefix('.weft-sections/sdn/.running-config#').keys()).length, 0);
    assert.equal(await client.namespace(prefix).get('sdn/.running-config').string(), null);
  } finally {
    client.close();
    await other.close();
    await store.close();
    await etcd.stop();
  }
});

test('etcd: a store in the former layout (one key per document, a large one as a blob manifest) is read, and converted by its next write', { skip: etcdSkip }, async () => {
  const etcd = await startEtcd();
  const prefix = '/old-layout-test/';
  const client = new Etcd3({ hosts: etcd.url });
  const ns = client.namespace(prefix);
  const running = runningJson(8000, 4);
  const store = new EtcdStore({ url: etcd.url, prefix });
  try {
    // as the former store wrote them
    const form = storedForm(running);
    assert.ok(form.blobs.length > 1);
    for (const b of form.blobs) await ns.put(b.key).value(b.value).exec();
    await ns.put('sdn/.running-config').value(form.value).exec();
    await ns.put('sdn/vnets.cfg').value(vnetsCfg(3)).exec();
    await ns.put('.weft-rev').value('1').exec();
    const docs = (await store.read()).docs;
    assert.equal(docs.get('sdn/.running-config'), running);
    assert.equal(docs.get('sdn/vnets.cfg'), vnetsCfg(3));
    // the next edit writes the new layout
    await store.transact(() => ({ writes: [{ key: 'sdn/vnets.cfg', value: vnetsCfg(4) }], result: null }));
    const keys = (await ns.getAll().prefix('.weft-sections/sdn/vnets.cfg#').keys()).sort();
    assert.deepEqual(keys, ['.weft-sections/sdn/vnets.cfg#/v0', '.weft-sections/sdn/vnets.cfg#/v1', '.weft-sections/sdn/vnets.cfg#/v2', '.weft-sections/sdn/vnets.cfg#/v3']);
    const fresh = new EtcdStore({ url: etcd.url, prefix });
    assert.equal((await fresh.read()).docs.get('sdn/vnets.cfg'), vnetsCfg(4));
    assert.equal((await fresh.read()).docs.get('sdn/.running-config'), running);
    await fresh.close();
  } finally {
    client.close();
    await store.close();
    await etcd.stop();
  }
});
