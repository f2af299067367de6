/**
 * Byte pieces: every splice (in the middle, at either end, a removal, an
 * append) gives the bytes a plain copy gives, on random sequences long
 * enough to join the pieces several times; a splice outside the bytes is
 * refused.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { piecesSize, splicePieces, type BytePieces } from '../../src/util/byte-pieces.js';
import { random } from '../support/seeded-random.js';

test('spliced pieces hold the bytes a copy holds, and stay few', () => {
  for (let seed = 1; seed <= 10; seed++) {
    const r = random(seed);
    let pieces: BytePieces = [Buffer.from('vnet: a\n\tzone z1\n\n'.repeat(50))];
    let copy = Buffer.concat(pieces);
    let mostPieces = 0;
    for (let step = 0; step < 300; step++) {
      const at = r(copy.length + 1);
      const length = r(Math.min(40, copy.length - at) + 1);
      const insert = Buffer.from('x'.repeat(r(30)) + String(step));
      pieces = splicePieces(pieces, at, length, insert);
      copy = Buffer.concat([copy.subarray(0, at), insert, copy.subarray(at + length)]);
      assert.ok(Buffer.concat(pieces).equals(copy), `seed ${seed}, step ${step}: ${length} bytes at ${at} replaced`);
      assert.equal(piecesSize(pieces), copy.length);
      mostPieces = Math.max(mostPieces, pieces.length);
    }
    assert.ok(mostPieces <= 64, `seed ${seed}: at most 64 pieces, saw ${mostPieces}`);
  }
});

test('a splice outside the bytes is refused', () => {
  const pieces = [Buffer.from('abc'), Buffer.from('def')];
  assert.throws(() => splicePieces(pieces, 5, 2, Buffer.from('x')), /splice of 2 bytes at 5 in 6/);
  assert.throws(() => splicePieces(pieces, -1, 0, Buffer.from('x')), /splice/);
  assert.deepEqual(Buffer.concat(splicePieces(pieces, 6, 0, Buffer.from('g'))).toString(), 'abcdefg');
});
