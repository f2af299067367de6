/**
 * The agent decodes each new running-config version from the last one
 * (agent/running-decoder.ts: only the changed sections decoded and checked).
 * Random version sequences compare it with a decode from scratch: the same
 * config (its maps in the same id order) when that one has no errors, the
 * same findings when it has; sections that collide (tags, VNIs, tag-less QinQ
 * VNets, a VNI that is a vrf-vxlan), zones changing type under their VNets,
 * subnets coming and going with their VNets.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { RunningDecoder } from '../../src/agent/running-decoder.js';
import { decodeRunningText } from '../../src/sections/running-config.js';
import type { SdnConfig } from '../../src/sections/sdn-config.js';
import type { DecodeResult } from '../../src/sections/decode-config.js';
import { change, start, text, type Section, type Sets } from '../support/running-versions.js';
import { random } from '../support/seeded-random.js';
import { sectionId } from '../support/section-id.js';

/** The same config, with each map in the same (id) order; or the same findings when there is no config. */
function assertSame(got: DecodeResult, full: DecodeResult, where: string): void {
  if (!full.config || !got.config) {
    assert.deepEqual(got, full, where);
    return;
  }
  assert.deepEqual(got.config, full.config, where);
  for (const key of Object.keys(full.config) as (keyof SdnConfig)[]) {
    const map: unknown = full.config[key];
    if (map instanceof Map) assert.deepEqual([...(got.config[key] as ReadonlyMap<string, unknown>).keys()], [...map.keys()], `${where}: ${key} in id order`);
  }
}

test('each version decoded from the last one equals a decode from scratch (random sequences)', () => {
  let decoded = 0;
  let refused = 0;
  for (let seed = 1; seed <= 20; seed++) {
    const r = random(seed);
    const decoder = new RunningDecoder();
    let sets = start();
    for (let version = 1; version <= 40; version++) {
      // one to three changes per version, and now and then back to the start (a rollback)
      if (r(12) === 0) sets = start();
      else for (let n = r(3); n >= 0; n--) change(r, sets);
      const doc = text(sets, version);
      const full = decodeRunningText(doc, 'running config', 'render');
      assertSame(decoder.decode(doc), full, `seed ${seed}, version ${version}: ${doc}`);
      if (full.config) decoded++;
      else refused++;
      sets = JSON.parse(JSON.stringify(sets)) as Sets;
    }
  }
  // the sequences exercise both outcomes
  assert.ok(decoded > 100, `only ${decoded} versions decoded`);
  assert.ok(refused > 100, `only ${refused} versions with errors`);
});

test('a version the checks cannot follow (a section that is not an object, a bad version) is decoded whole, and the next from scratch', () => {
  const decoder = new RunningDecoder();
  const sets = start();
  assertSame(decoder.decode(text(sets, 1)), decodeRunningText(text(sets, 1), 'running config', 'render'), 'version 1');
  const broken = text({ ...sets, vnets: { ...sets.vnets, vx: 'not a section' as unknown as Section } }, 2);
  const result = decoder.decode(broken);
  assert.equal(result.config, undefined);
  assert.deepEqual(result, decodeRunningText(broken, 'running config', 'render'));
  const badVersion = text(sets, -1);
  assert.deepEqual(decoder.decode(badVersion), decodeRunningText(badVersion, 'running config', 'render'));
  assertSame(decoder.decode(text(sets, 3)), decodeRunningText(text(sets, 3), 'running config', 'render'), 'version 3');
});

test('an unchanged section keeps the decoded object of the version before', () => {
  const decoder = new RunningDecoder();
  const sets = start();
  const first = decoder.decode(text(sets, 1)).config;
  (sets.vnets as Record<string, Section>).va = { type: 'vnet', zone: 'z1', alias: 'changed' };
  const next = decoder.decode(text(sets, 2)).config;
  assert.ok(first && next);
  assert.equal(next.vnets.get(sectionId('vnets', 'vb')), first.vnets.get(sectionId('vnets', 'vb')));
  assert.equal(next.zones, first.zones, 'the smaller sets are kept whole while none of them changed');
  assert.notEqual(next.vnets.get(sectionId('vnets', 'va')), first.vnets.get(sectionId('vnets', 'va')));
  assert.equal(next.vnets.get(sectionId('vnets', 'va'))?.alias, 'changed');
});
