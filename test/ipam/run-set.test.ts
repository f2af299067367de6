/** The run set behind the allocator, checked against a plain Set model. */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { RunSet } from '../../src/ipam/run-set.js';

/** The reference answer by scanning (what the run set must never do). */
function scanFree(model: ReadonlySet<bigint>, lo: bigint, hi: bigint): bigint | null {
  for (let v = lo; v <= hi; v++) if (!model.has(v)) return v;
  return null;
}

test('runs merge and split as members come and go', () => {
  const s = new RunSet();
  for (const v of [5n, 7n, 6n]) assert.equal(s.add(v), true);
  assert.equal(s.add(6n), false, 'adding a member again is refused');
  assert.equal(s.runCount, 1, '5,6,7 form one run');
  assert.equal(s.firstFree(5n, 100n), 8n);
  assert.equal(s.firstFree(0n, 100n), 0n);
  assert.equal(s.delete(6n), true);
  assert.equal(s.runCount, 2, 'removing the middle splits the run');
  assert.equal(s.firstFree(5n, 100n), 6n);
  assert.equal(s.delete(6n), false);
  assert.equal(s.firstFree(7n, 7n), null, 'a full range has no free member');
  assert.equal(s.size, 2n);
  assert.equal(s.countIn(0n, 10n), 2n);
});

test('random adds and deletes agree with a scanning model', () => {
  let seed = 12345;
  const rand = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const s = new RunSet();
  const model = new Set<bigint>();
  for (let i = 0; i < 5000; i++) {
    const v = BigInt(rand(300));
    if (rand(3) === 0) assert.equal(s.delete(v), model.delete(v));
    else {
      const had = model.has(v);
      model.add(v);
      assert.equal(s.add(v), !had);
    }
    const lo = BigInt(rand(300));
    const hi = lo + BigInt(rand(40));
    assert.equal(s.firstFree(lo, hi), scanFree(model, lo, hi), `firstFree(${lo}, ${hi}) at step ${i}`);
    assert.equal(s.has(v), model.has(v));
  }
  assert.equal(s.size, BigInt(model.size));
  assert.equal(s.countIn(0n, 299n), BigInt(model.size));
});

test('works on 128-bit values', () => {
  const s = new RunSet();
  const base = (1n << 127n) + 10n;
  s.add(base);
  s.add(base + 1n);
  assert.equal(s.firstFree(base, base + 5n), base + 2n);
});
