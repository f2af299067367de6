/**
 * The directory store's file cache after this process wrote a file: the
 * next read gives the written text (the same string) while the file holds
 * those bytes, and the file's own text when anything else changed it — in
 * place with the same size, longer or shorter.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { FileTextCache } from '../../src/store/file-cache.js';

test('a file this process wrote reads as its written text only while it holds those bytes', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'weft-file-cache-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'vnets.cfg');
  const cache = new FileTextCache();
  const wrote = (text: string) => {
    writeFileSync(path, text);
    // a string made apart from the file's, as an edit makes it
    const mine = [...text].join('');
    cache.wrote(path, mine, Buffer.from(mine));
    return mine;
  };

  const mine = wrote('vnet: a\n\tzone z1\n\n');
  assert.equal(cache.read(path), mine, 'unchanged: the written text');
  assert.ok(Object.is(cache.read(path), mine), 'the same string object, read again');

  for (const other of ['vnet: b\n\tzone z1\n\n', 'vnet: a\n\tzone z1\n\nvnet: b\n\tzone z2\n\n', 'vnet: a\n\n', 'vnet: é\n\tzone z1\n\n']) {
    wrote('vnet: a\n\tzone z1\n\n');
    // another writer, in place: same inode, and the first one has the same size as what was written
    writeFileSync(path, other);
    assert.equal(cache.read(path), other, `changed to ${JSON.stringify(other)}`);
  }
});
