/**
 * The directory store's file cache after this process wrote a file (renamed
 * into place, util/atomic-write.ts): the next read gives the written text
 * (the same string) while the file has the stat it had right after the
 * rename, and the file's own text once anything else changed it — replaced
 * by another file of the same size, in place at a later time with the same
 * size, longer or shorter; a write whose stat is unknown is read back.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { FileTextCache } from '../../src/store/file-cache.js';
import { writeFileAtomic } from '../../src/util/atomic-write.js';

const FIRST = 'vnet: a\n\tzone z1\n\n';

test('a file this process wrote reads as its written text only while it has the stat it had after the rename', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'weft-file-cache-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'vnets.cfg');
  const cache = new FileTextCache();
  const wrote = (text: string) => {
    const stat = writeFileAtomic(path, [Buffer.from(text.slice(0, 5)), Buffer.from(text.slice(5))]);
    assert.ok(stat, 'the stat of the file written');
    // a string made apart from the file's, as an edit makes it
    const mine = [...text].join('');
    cache.wrote(path, mine, stat);
    return mine;
  };
  // what another writer's change of the file in place looks like one clock tick later
  const inPlaceLater = (text: string) => {
    const mtime = statSync(path).mtime;
    writeFileSync(path, text);
    utimesSync(path, new Date(), new Date(mtime.getTime() + 1000));
  };

  const mine = wrote(FIRST);
  assert.equal(cache.read(path), mine, 'unchanged: the written text');
  assert.ok(Object.is(cache.read(path), mine), 'the same string object, read again');

  const changes: [string, (text: string) => void][] = [
    ['replaced by another file', (text) => writeFileAtomic(path, text)],
    ['in place, later', inPlaceLater],
    ['in place', (text) => writeFileSync(path, text)],
  ];
  for (const [how, change] of changes) {
    for (const other of ['vnet: b\n\tzone z1\n\n', 'vnet: a\n\tzone z1\n\nvnet: b\n\tzone z2\n\n', 'vnet: a\n\n', 'vnet: é\n\tzone z1\n\n']) {
      // the same size in place within the rename's clock tick is the one change a stat cannot tell (file-cache.ts)
      if (how === 'in place' && Buffer.byteLength(other) === Buffer.byteLength(FIRST)) continue;
      wrote(FIRST);
      change(other);
      assert.equal(cache.read(path), other, `${how}: changed to ${JSON.stringify(other)}`);
    }
  }
});

test('a write whose stat is unknown is read back', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'weft-file-cache-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'vnets.cfg');
  const cache = new FileTextCache();
  writeFileSync(path, FIRST);
  cache.wrote(path, 'vnet: what this process meant to write\n\n', undefined);
  assert.equal(cache.read(path), FIRST);
});
