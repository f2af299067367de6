/** Store backends: journal replay after a crash, watch notifications, large documents on etcd. */
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DirectoryStore } from '../../src/store/directory.js';
import { Etcd3 } from 'etcd3';
import { BLOB_PREFIX, CHUNK_BYTES, documentText, storedForm } from '../../src/store/etcd-chunks.js';
import { EtcdStore } from '../../src/store/etcd.js';
import type { ConfigStore } from '../../src/store/types.js';
import { needs } from '../support/system.js';
import { startEtcd, tempDir } from '../api/harness.js';

test('directory store: a journal left by a crash is replayed on open (new state), a torn one ignored (old state)', async () => {
  const dir = tempDir('weft-store-');
  const s1 = new DirectoryStore(dir);
  await s1.transact(() => ({ writes: [{ key: 'sdn/.version', value: '1\n' }, { key: 'sdn/.running-config', value: '{"version":1}' }], result: null }));
  await s1.close();
  // crash after the journal landed, before the files were replaced
  writeFileSync(join(dir, '.weft-journal'), JSON.stringify({ writes: [{ key: 'sdn/.version', value: '2\n' }, { key: 'sdn/.running-config', value: '{"version":2}' }] }));
  const s2 = new DirectoryStore(dir);
  assert.equal((await s2.read()).docs.get('sdn/.version'), '2\n');
  assert.equal(readFileSync(join(dir, 'sdn', '.running-config'), 'utf8'), '{"version":2}');
  assert.ok(!existsSync(join(dir, '.weft-journal')));
  await s2.close();
  writeFileSync(join(dir, '.weft-journal'), '{"writes": [{"key": "sdn/.version", "val');
  const s3 = new DirectoryStore(dir);
  assert.equal((await s3.read()).docs.get('sdn/.version'), '2\n');
  await s3.close();
  rmSync(dir, { recursive: true, force: true });
});

test('directory store: a second server on the same data dir is refused', async () => {
  const dir = tempDir('weft-store-');
  const s1 = new DirectoryStore(dir, { exclusive: true });
  assert.throws(() => {
    // the lock names this process; fake another live one (our parent)
    writeFileSync(join(dir, '.weft-lock'), `${process.ppid}\n`);
    new DirectoryStore(dir, { exclusive: true });
  }, /in use by another weft server/);
  await s1.close();
  rmSync(dir, { recursive: true, force: true });
});

async function watchFires(store: ConfigStore): Promise<void> {
  const seen: string[] = [];
  const stop = store.watch('sdn/', (c) => seen.push(...c.keys));
  await new Promise((r) => setTimeout(r, 200));
  await store.transact(() => ({ writes: [{ key: 'sdn/zones.cfg', value: 'simple: z1\n\n' }, { key: 'access/x.json', value: '{}' }], result: null }));
  const deadline = Date.now() + 5000;
  while (!seen.includes('sdn/zones.cfg') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  stop();
  assert.ok(seen.includes('sdn/zones.cfg'), `watch saw ${JSON.stringify(seen)}`);
  assert.ok(!seen.includes('access/x.json'), 'only keys under the prefix');
}

test('directory store: watch reports changed keys under a prefix', async () => {
  const dir = tempDir('weft-store-');
  const store = new DirectoryStore(dir);
  await watchFires(store);
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

test('directory store: every replacement of a file by another process is seen, also in a folder made after the watch began', async () => {
  const dir = tempDir('weft-store-');
  const store = new DirectoryStore(dir);
  const seen: string[] = [];
  const stop = store.watch('nodes/', (c) => seen.push(...c.keys));
  // as an agent reports: atomic writes (temp file, rename), several times over
  const report = (node: string, n: number) => {
    mkdirSync(join(dir, 'nodes', node), { recursive: true });
    writeFileSync(join(dir, 'nodes', node, '.tmp-1-1'), String(n));
    renameSync(join(dir, 'nodes', node, '.tmp-1-1'), join(dir, 'nodes', node, 'status.json'));
  };
  const seenTimes = (key: string) => seen.filter((k) => k === key).length;
  try {
    for (const node of ['n1', 'n2']) {
      for (let n = 1; n <= 4; n++) {
        const before = seenTimes(`nodes/${node}/status.json`);
        report(node, n);
        const deadline = Date.now() + 2000;
        while (seenTimes(`nodes/${node}/status.json`) === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
        assert.ok(seenTimes(`nodes/${node}/status.json`) > before, `report ${n} of ${node} seen (saw ${JSON.stringify(seen)})`);
      }
    }
  } finally {
    stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('directory store: a file another process removes while a snapshot is read is absent from it, not an error', async () => {
  const dir = tempDir('weft-store-');
  const store = new DirectoryStore(dir);
  // as the server asks an agent: query files come and go, many times a second
  const churn = `const fs = require('fs'); const d = process.argv[1] + '/nodes/n1/queries'; fs.mkdirSync(d, { recursive: true });
    for (let i = 0; i < 3000; i++) { fs.writeFileSync(d + '/q' + i + '.json', '{}'); fs.rmSync(d + '/q' + i + '.json'); }`;
  const child = spawn(process.execPath, ['-e', churn, dir], { stdio: 'ignore' });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let running = true;
  void exited.then(() => (running = false));
  let reads = 0;
  try {
    while (running) {
      await store.read();
      reads++;
      // let the child's exit be heard
      await new Promise((resolve) => setImmediate(resolve));
    }
    assert.ok(reads > 0);
  } finally {
    child.kill();
    await exited;
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('etcd store: watch reports changed keys under a prefix', { skip: needs({ commands: ['etcd'] }) }, async () => {
  const etcd = await startEtcd();
  const store = new EtcdStore({ url: etcd.url, prefix: '/watch-test/' });
  try {
    await watchFires(store);
  } finally {
    await store.close();
    await etcd.stop();
  }
});

test('large documents: cut into blobs of at most the chunk size, at blank lines where possible, put back together byte for byte', () => {
  const text = Array.from({ length: 3000 }, (_, i) => `vnet: v${i}\n\tzone z1\n\talias é${i}\n`).join('\n');
  const { value, blobs } = storedForm(text, 4096);
  assert.ok(blobs.length > 10);
  assert.ok(blobs.every((b) => b.value.length <= 4096));
  assert.ok(blobs.slice(0, -1).every((b) => b.value.toString('utf8').endsWith('\n\n')), 'cut after a section');
  const byKey = new Map(blobs.map((b) => [b.key, b.value]));
  assert.equal(documentText(value, (k) => byKey.get(k)), text);
  assert.equal(documentText(value, () => undefined), null, 'a missing blob is noticed');
  assert.deepEqual(storedForm('small', 4096), { value: 'small', blobs: [] });
  // one long line: cut by bytes, multi-byte characters survive
  const line = 'é'.repeat(5000);
  const cut = storedForm(line, 1000);
  const parts = new Map(cut.blobs.map((b) => [b.key, b.value]));
  assert.equal(documentText(cut.value, (k) => parts.get(k)), line);
});

test('etcd store: a document over etcd’s request limit is written, read, changed and removed; no key holds more than a chunk', { skip: needs({ commands: ['etcd'] }) }, async () => {
  const etcd = await startEtcd();
  const store = new EtcdStore({ url: etcd.url, prefix: '/large-test/' });
  try {
    const big = (tag: string) => Array.from({ length: 40000 }, (_, i) => `vnet: v${i}\n\tzone z${tag}\n`).join('\n');
    await store.transact(() => ({ writes: [{ key: 'sdn/vnets.cfg', value: big('1') }, { key: 'sdn/.version', value: '1\n' }], result: null }));
    assert.equal((await store.read()).docs.get('sdn/vnets.cfg'), big('1'));
    await store.transact((snap) => ({ writes: [{ key: 'sdn/vnets.cfg', value: (snap.docs.get('sdn/vnets.cfg') ?? '').replace('zone z1', 'zone z2') }], result: null }));
    const changed = big('1').replace('zone z1', 'zone z2');
    assert.equal((await store.read()).docs.get('sdn/vnets.cfg'), changed);
    // another client sees the same documents, and only documents
    const other = new EtcdStore({ url: etcd.url, prefix: '/large-test/' });
    assert.deepEqual([...(await other.read()).docs.keys()].sort(), ['sdn/.version', 'sdn/vnets.cfg']);
    assert.equal((await other.read()).docs.get('sdn/vnets.cfg'), changed);
    await other.close();
    const sizes = await rawSizes(etcd.url, '/large-test/');
    assert.ok(Math.max(...sizes.values()) <= CHUNK_BYTES, 'no key holds more than a chunk');
    await store.transact(() => ({ writes: [{ key: 'sdn/vnets.cfg', value: null }], result: null }));
    assert.deepEqual([...(await rawSizes(etcd.url, '/large-test/')).keys()].filter((k) => k.startsWith(BLOB_PREFIX)), [], 'the blobs went with the document');
  } finally {
    await store.close();
    await etcd.stop();
  }
});

/** Every key under the prefix with its value's size, as etcd holds them. */
async function rawSizes(url: string, prefix: string): Promise<Map<string, number>> {
  const client = new Etcd3({ hosts: url });
  try {
    const kvs = await client.namespace(prefix).getAll().exec();
    return new Map(kvs.kvs.map((kv) => [kv.key.toString('utf8'), kv.value.length]));
  } finally {
    client.close();
  }
}

/** Transactions arriving together commit together, each seeing those before it; one that throws is left out. */
async function groupCommit(store: ConfigStore): Promise<void> {
  const add = (n: number) =>
    store.transact((snap) => {
      const seen = snap.docs.get('sdn/log') ?? '';
      return { writes: [{ key: 'sdn/log', value: `${seen}${n}\n` }, { key: `sdn/n${n}`, value: 'x' }], result: seen.split('\n').length - 1 };
    });
  const refused = store.transact(() => {
    throw new Error('refused');
  });
  const outcomes = await Promise.allSettled([add(1), add(2), refused, add(3), add(4)]);
  assert.deepEqual(
    outcomes.map((o) => (o.status === 'fulfilled' ? o.value : (o.reason as Error).message)),
    [0, 1, 'refused', 2, 3],
    'each saw the writes of those before it',
  );
  const docs = (await store.read()).docs;
  assert.equal(docs.get('sdn/log'), '1\n2\n3\n4\n');
  assert.deepEqual([...docs.keys()].filter((k) => /^sdn\/n\d$/.test(k)).sort(), ['sdn/n1', 'sdn/n2', 'sdn/n3', 'sdn/n4']);
}

test('directory store: transactions arriving together commit together, each seeing those before it; one that throws is left out', async () => {
  const dir = tempDir('weft-store-');
  const store = new DirectoryStore(dir);
  try {
    await groupCommit(store);
    assert.equal(readFileSync(join(dir, 'sdn', 'log'), 'utf8'), '1\n2\n3\n4\n');
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('etcd store: transactions arriving together commit together (one etcd transaction), each seeing those before it; one that throws is left out', { skip: needs({ commands: ['etcd'] }) }, async () => {
  const etcd = await startEtcd();
  const store = new EtcdStore({ url: etcd.url, prefix: '/group-test/' });
  const client = new Etcd3({ hosts: etcd.url });
  try {
    await groupCommit(store);
    // all of them arrived before the first commit started: one etcd transaction put the guard once
    const guard = await client.namespace('/group-test/').get('.weft-rev').exec();
    assert.equal(Number(guard.kvs[0]?.version), 1, 'one commit');
  } finally {
    client.close();
    await store.close();
    await etcd.stop();
  }
});

test('directory store: the event loop goes on while a commit writes and syncs its files; transactions started meanwhile see it', async () => {
  const dir = tempDir('weft-store-');
  const store = new DirectoryStore(dir);
  try {
    const later: Promise<string>[] = [];
    // runs only if the commit below yields to the event loop (a synchronous commit resolves first)
    setImmediate(() => {
      for (const n of [2, 3]) later.push(store.transact((snap) => ({ writes: [{ key: `sdn/n${n}`, value: 'x' }], result: snap.docs.get('sdn/n1') ?? 'missing' })));
    });
    await store.transact(() => ({ writes: [{ key: 'sdn/n1', value: 'first' }], result: null }));
    assert.equal(later.length, 2, 'requests went on while the commit synced');
    assert.deepEqual(await Promise.all(later), ['first', 'first']);
    assert.deepEqual([...(await store.read()).docs.keys()].filter((k) => k.startsWith('sdn/n')).sort(), ['sdn/n1', 'sdn/n2', 'sdn/n3']);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('directory store: a read while a commit writes its files does not wait for it and sees none of its files, nor a half of them', async () => {
  const dir = tempDir('weft-store-');
  const store = new DirectoryStore(dir);
  try {
    await store.transact(() => ({ writes: [{ key: 'sdn/a', value: 'old a' }, { key: 'sdn/b', value: 'old b' }], result: null }));
    const seen: string[] = [];
    let committed = false;
    const readMeanwhile = (): void => {
      if (committed) return;
      void store.read().then((snap) => seen.push(`${snap.docs.get('sdn/a') ?? '-'}, ${snap.docs.get('sdn/b') ?? '-'}, ${snap.docs.get('sdn/c') ?? '-'}`));
      setImmediate(readMeanwhile);
    };
    setImmediate(readMeanwhile);
    await store.transact(() => ({ writes: [{ key: 'sdn/a', value: 'new a' }, { key: 'sdn/b', value: null }, { key: 'sdn/c', value: 'new c' }], result: null }));
    committed = true;
    assert.ok(seen.length > 0, 'reads answered while the commit wrote');
    assert.deepEqual([...new Set(seen)], ['old a, old b, -'], 'each read saw the store as it was before the commit');
    const after = (await store.read()).docs;
    assert.deepEqual([after.get('sdn/a'), after.get('sdn/b'), after.get('sdn/c')], ['new a', undefined, 'new c']);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('directory store: a listener told of a commit reads the store with the commit in it', async () => {
  const dir = tempDir('weft-store-');
  const store = new DirectoryStore(dir);
  try {
    const seen: Promise<string | undefined>[] = [];
    const stop = store.watch('sdn/', (change) => {
      if (change.keys.includes('sdn/q')) seen.push(store.read().then((snap) => snap.docs.get('sdn/q')));
    });
    await store.transact(() => ({ writes: [{ key: 'sdn/q', value: 'asked' }], result: null }));
    stop();
    assert.ok(seen.length > 0, 'the listener was told');
    // the file system may tell of the file while the commit still syncs (that read is before the commit); the store tells after it
    assert.equal(await seen[seen.length - 1], 'asked', 'the read after the last news holds the commit');
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
