/**
 * The server's checks of an edit reuse what earlier requests parsed and
 * decoded (sdn/state.ts, sdn/validate.ts, model/decode-config.ts). Here,
 * random edit sequences compare each edit's check with a full validation
 * from scratch (every file parsed anew, every section decoded anew): an edit
 * is refused with exactly the errors it adds, and accepted when it adds none.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import type { RawConfig } from '../../src/model/config.js';
import { decodeConfig } from '../../src/model/decode-config.js';
import { errorsOf } from '../../src/model/issues.js';
import { MODELLED_KIND_NAMES } from '../../src/model/kinds.js';
import { ParamError } from '../../src/sdn/errors.js';
import { SETS, type SetName } from '../../src/sdn/kinds.js';
import { editedFile, loadState, parseFile, rawSections, type SdnState, type TextSection } from '../../src/sdn/state.js';
import { assertValidEdit } from '../../src/sdn/validate.js';

type Docs = Map<string, string>;

const START: Readonly<Record<string, string>> = {
  'sdn/zones.cfg': 'simple: z1\n\tipam pve\n\nvlan: z2\n\tbridge vmbr0\n\nvxlan: z3\n\tpeers 10.0.0.1,10.0.0.2\n\n',
  'sdn/controllers.cfg': 'evpn: c1\n\tasn 65000\n\tpeers 10.0.0.1\n\n',
  'sdn/vnets.cfg': 'vnet: a\n\tzone z1\n\nvnet: b\n\tzone z2\n\ttag 5\n\n',
};

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

/** Every error of the config in `docs` (path and message), from scratch: files parsed without the state's memo, sections decoded as new objects. */
function fullErrors(docs: Docs): Map<string, string> {
  const raw: Record<string, unknown> = { version: 1 };
  for (const set of MODELLED_KIND_NAMES) raw[set] = { ids: rawSections(set, parseFile(set, docs.get(SETS[set].file) ?? ''), {}) };
  return new Map(errorsOf(decodeConfig(raw as RawConfig).issues).map((i) => [`${i.path}\0${i.message}`, i.message]));
}

interface Edit {
  readonly set: SetName;
  readonly id: string;
  /** the section's new type and values; null removes it */
  readonly section: TextSection | null;
}

function pick<T>(r: (n: number) => number, xs: readonly T[]): T {
  return xs[r(xs.length)] as T;
}

const section = (type: string, values: Record<string, string>): TextSection => ({ type, values: new Map(Object.entries(values)) });

/** Creates, changes and removals of VNets, subnets and zones, with values that often collide or dangle. */
function randomEdit(r: (n: number) => number, state: SdnState): Edit {
  const zones = [...state.files.zones.sections.keys(), 'zq'];
  const tag = (): Record<string, string> => pick<Record<string, string>>(r, [{}, { tag: '5' }, { tag: '6' }, { tag: '100' }, { tag: '5000' }, { tag: '20000' }]);
  switch (r(6)) {
    case 0:
    case 1:
      return { set: 'vnets', id: pick(r, ['a', 'b', 'c', 'd', 'e']), section: section('vnet', { zone: pick(r, zones), ...tag(), ...pick<Record<string, string>>(r, [{}, { alias: 'x' }]) }) };
    case 2:
      return { set: 'vnets', id: pick(r, ['a', 'b', 'c', 'd', 'e']), section: null };
    case 3: {
      const zone = pick(r, zones);
      const id = `${zone}-${pick(r, ['10.0.0.0-24', '10.0.1.0-24', '10.0.0.0-16'])}`;
      if (r(4) === 0) return { set: 'subnets', id, section: null };
      return { set: 'subnets', id, section: section('subnet', { vnet: pick(r, ['a', 'b', 'c']), ...pick<Record<string, string>>(r, [{}, { gateway: '10.0.0.1' }, { gateway: '10.9.9.9' }]) }) };
    }
    case 4:
      return {
        set: 'zones',
        id: 'zq',
        section: pick(r, [section('simple', {}), section('simple', { ipam: 'pve' }), section('evpn', { controller: 'c1', 'vrf-vxlan': '10000' }), section('vlan', {})]),
      };
    default:
      return { set: 'zones', id: pick(r, ['zq', 'z3']), section: null };
  }
}

function runSequence(seed: number, steps: number): { accepted: number; refused: number } {
  const r = random(seed);
  const docs: Docs = new Map(Object.entries(START));
  const counts = { accepted: 0, refused: 0 };
  for (let step = 0; step < steps; step++) {
    const state = loadState({ revision: String(step), docs });
    const edit = randomEdit(r, state);
    const where = `seed ${seed}, step ${step}: ${edit.set} ${edit.id} → ${edit.section ? `${edit.section.type} ${JSON.stringify([...edit.section.values])}` : 'removed'}`;
    const sections = new Map(state.files[edit.set].sections);
    if (edit.section) sections.set(edit.id, edit.section);
    else sections.delete(edit.id);
    const { file, write } = editedFile(edit.set, sections);
    const after = new Map(docs).set(write.key, write.value ?? '');
    const before = fullErrors(docs);
    const expected = [...fullErrors(after)].filter(([k]) => !before.has(k)).map(([, m]) => m).sort();
    let refusal: string[] = [];
    try {
      assertValidEdit(state, { ...state.files, [edit.set]: file }, state.secrets, edit.set, edit.id);
    } catch (e) {
      if (!(e instanceof ParamError)) throw e;
      refusal = Object.values(e.errors).flatMap((m) => m.split('; ')).sort();
    }
    assert.deepEqual(refusal, expected, `${where}: the refusal differs from a full validation's new errors`);
    if (refusal.length > 0) {
      counts.refused++;
      continue;
    }
    // the state the next request sees (the file the edit remembered) is what the written text parses to
    const next = loadState({ revision: `${step}+`, docs: after });
    const reparsed = parseFile(edit.set, write.value ?? '');
    assert.deepEqual([...next.files[edit.set].sections], [...reparsed.sections], `${where}: the remembered file differs from its text`);
    assert.equal(next.files[edit.set].digest, reparsed.digest, where);
    docs.set(write.key, write.value ?? '');
    counts.accepted++;
  }
  return counts;
}

test('an edit is refused with exactly the errors a full validation from scratch finds new, else accepted (random edit sequences)', () => {
  let accepted = 0;
  let refused = 0;
  for (let seed = 1; seed <= 20; seed++) {
    const c = runSequence(seed, 30);
    accepted += c.accepted;
    refused += c.refused;
  }
  // the sequences exercise both outcomes
  assert.ok(accepted > 100, `only ${accepted} edits accepted`);
  assert.ok(refused > 100, `only ${refused} edits refused`);
});
