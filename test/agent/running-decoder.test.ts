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
import { decodeRunningText } from '../../src/config/running-config.js';
import type { SdnConfig } from '../../src/model/config.js';
import type { DecodeResult } from '../../src/model/decode-config.js';

type Section = Record<string, unknown>;
type Sets = Record<string, Record<string, Section>>;

/** A small seeded generator (mulberry32): the same sequence on every run, another per seed. */
function random(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

const pick = <T>(r: (n: number) => number, xs: readonly T[]): T => xs[r(xs.length)] as T;

/** Already breaking rules an edit may not break (shared tags and VNIs, two tag-less QinQ VNets): an applied config may. */
function start(): Sets {
  return {
    zones: { z1: { type: 'simple', ipam: 'pve' }, z2: { type: 'vlan', bridge: 'vmbr0' }, z3: { type: 'vxlan', peers: '10.0.0.1,10.0.0.2' }, z4: { type: 'qinq', bridge: 'vmbr0', tag: 10 }, z5: { type: 'evpn', controller: 'c1', 'vrf-vxlan': 100 } },
    controllers: { c1: { type: 'evpn', asn: 65000, peers: '10.0.0.1' } },
    vnets: { va: { type: 'vnet', zone: 'z1' }, vb: { type: 'vnet', zone: 'z2', tag: 5 }, vc: { type: 'vnet', zone: 'z2', tag: 5 }, vd: { type: 'vnet', zone: 'z3', tag: 6 }, ve: { type: 'vnet', zone: 'z5', tag: 6 }, vf: { type: 'vnet', zone: 'z4' }, vg: { type: 'vnet', zone: 'z4' } },
    subnets: { 'z1-10.0.0.0-24': { type: 'subnet', vnet: 'va', gateway: '10.0.0.1' } },
  };
}

const VNETS = ['va', 'vb', 'vc', 'vd', 've', 'vf', 'vg', 'vh', 'vi', 'v0'];

/** One random change: a VNet, subnet or zone added, changed or removed, or a controller changed. */
function change(r: (n: number) => number, sets: Sets): void {
  const zones = sets.zones as Record<string, Section>;
  const vnets = sets.vnets as Record<string, Section>;
  const subnets = sets.subnets as Record<string, Section>;
  const zoneIds = [...Object.keys(zones), 'zq'];
  switch (r(9)) {
    case 0:
    case 1:
    case 2:
      vnets[pick(r, VNETS)] = { type: 'vnet', zone: pick(r, zoneIds), ...pick<Section>(r, [{}, { tag: 5 }, { tag: 6 }, { tag: 100 }, { tag: 5000 }]), ...pick<Section>(r, [{}, {}, { alias: 'x' }, { vlanaware: 1 }]) };
      return;
    case 3:
      Reflect.deleteProperty(vnets, pick(r, VNETS));
      return;
    case 4: {
      const vnet = pick(r, VNETS);
      const zone = typeof vnets[vnet]?.zone === 'string' && r(5) > 0 ? (vnets[vnet]?.zone as string) : pick(r, zoneIds);
      const id = `${zone}-${pick(r, ['10.0.0.0-24', '10.0.1.0-24', '10.0.0.1-24'])}`;
      if (r(4) === 0) Reflect.deleteProperty(subnets, id);
      else subnets[id] = { type: 'subnet', vnet, ...pick<Section>(r, [{}, { gateway: '10.0.0.1' }, { gateway: '10.9.9.9' }]) };
      return;
    }
    case 5:
    case 6:
      zones[pick(r, ['zq', 'zr', 'z2', 'z3', 'z4', 'z5'])] = pick<Section>(r, [
        { type: 'simple' },
        { type: 'evpn', controller: 'c1', 'vrf-vxlan': pick(r, [10000, 5000, 6, 100]) },
        { type: 'vlan', bridge: 'vmbr0' },
        { type: 'qinq', bridge: 'vmbr0', tag: 20 },
        { type: 'vxlan', peers: '10.0.0.1' },
        { type: 'vlan' },
      ]);
      return;
    case 7:
      Reflect.deleteProperty(zones, pick(r, ['zq', 'zr', 'z3', 'z4']));
      return;
    default:
      (sets.controllers as Record<string, Section>).c1 = { type: 'evpn', asn: pick(r, [65000, 65001]), ...pick<Section>(r, [{ peers: '10.0.0.1' }, {}]) };
  }
}

const text = (sets: Sets, version: number): string => JSON.stringify({ version, ...Object.fromEntries(Object.entries(sets).map(([k, ids]) => [k, { ids }])) });

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
  assert.equal(next.vnets.get('vb'), first.vnets.get('vb'));
  assert.equal(next.zones, first.zones, 'the smaller sets are kept whole while none of them changed');
  assert.notEqual(next.vnets.get('va'), first.vnets.get('va'));
  assert.equal(next.vnets.get('va')?.alias, 'changed');
});
