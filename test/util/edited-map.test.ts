/**
 * withEntry's maps against a plain Map given the same sets and removals:
 * the same size, lookups and order (a changed key keeps its place, a new
 * one comes last), across chains longer than the one it flattens at, and
 * with maps iterated midway (flattened) and then edited further.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { withEntry } from '../../src/util/edited-map.js';

test('a chain of withEntry edits reads as a Map given the same edits', () => {
  let seed = 7;
  const next = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  let plain = new Map<string, number>([['a', 0], ['b', 1]]);
  let edited: ReadonlyMap<string, number> = new Map(plain);
  const versions: [ReadonlyMap<string, number>, Map<string, number>][] = [];
  for (let step = 0; step < 400; step++) {
    const key = `k${next(30)}`;
    const value = next(4) === 0 ? undefined : step;
    plain = new Map(plain);
    if (value === undefined) plain.delete(key);
    else plain.set(key, value);
    edited = withEntry(edited, key, value);
    versions.push([edited, plain]);
    assert.equal(edited.size, plain.size, `step ${step}: size`);
    assert.equal(edited.get(key), plain.get(key), `step ${step}: get`);
    assert.equal(edited.has(key), plain.has(key), `step ${step}: has`);
    if (next(10) === 0) assert.deepEqual([...edited], [...plain], `step ${step}: entries`);
  }
  // earlier versions are unchanged by later edits
  for (const [e, p] of versions) assert.deepEqual([...e.entries()], [...p.entries()]);
  const [e, p] = versions[versions.length - 1] ?? [edited, plain];
  assert.deepEqual([...e.keys()], [...p.keys()]);
  assert.deepEqual([...e.values()], [...p.values()]);
  const seen: string[] = [];
  e.forEach((v, k, m) => {
    assert.equal(m, e);
    seen.push(`${k}=${v}`);
  });
  assert.deepEqual(seen, [...p].map(([k, v]) => `${k}=${v}`));
});
