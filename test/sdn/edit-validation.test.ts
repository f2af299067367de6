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
import { decodeConfig } from '../../src/sections/decode-config.js';
import { errorsOf } from '../../src/model/issues.js';
import { MODELLED_KIND_NAMES } from '../../src/sections/kinds.js';
import { ParamError } from '../../src/util/errors.js';
import { SETS, type SetName } from '../../src/sdn/kinds.js';
import { editedFile, loadState, parseFile, rawSections, type SdnState, type TextSection } from '../../src/sdn/state.js';
import { errorsAt, issueKey } from '../../src/sdn/edit-checks.js';
import { assertValidEdit } from '../../src/sdn/validate.js';
import { pick, random } from '../support/seeded-random.js';
import { sectionsNaming } from '../../src/sdn/value-index.js';

type Docs = Map<string, string>;

/** A hand-written config that already breaks rules an edit may not break: shared tags and VNIs, two tag-less QinQ VNets, a VNI that is a vrf-vxlan. */
const START: Readonly<Record<string, string>> = {
  'sdn/zones.cfg':
    'simple: z1\n\tipam pve\n\nvlan: z2\n\tbridge vmbr0\n\nvxlan: z3\n\tpeers 10.0.0.1,10.0.0.2\n\nqinq: z4\n\tbridge vmbr0\n\ttag 10\n\nevpn: z5\n\tcontroller c1\n\tvrf-vxlan 100\n\n',
  'sdn/controllers.cfg': 'evpn: c1\n\tasn 65000\n\tpeers 10.0.0.1\n\n',
  'sdn/vnets.cfg':
    'vnet: va\n\tzone z1\n\nvnet: vb\n\tzone z2\n\ttag 5\n\nvnet: vc\n\tzone z2\n\ttag 5\n\nvnet: vd\n\tzone z3\n\ttag 6\n\nvnet: ve\n\tzone z5\n\ttag 6\n\nvnet: vf\n\tzone z4\n\nvnet: vg\n\tzone z4\n\nvnet: vh\n\tzone z3\n\ttag 100\n\n',
};

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

const section = (type: string, values: Record<string, string | readonly string[]>): TextSection => ({ type, values: new Map(Object.entries(values)) });

const VNETS = ['va', 'vb', 'vc', 'vd', 've', 'vf', 'vg', 'vh', 'vi'];

/**
 * Creates, changes and removals of VNets, subnets and zones, with values that
 * often collide or dangle: VLAN tags and VNIs shared within and across zones,
 * tag-less VNets of a QinQ zone, VNIs equal to an EVPN zone's vrf-vxlan,
 * VLAN-aware VNets with subnets, zones changing type under their VNets.
 */
function randomEdit(r: (n: number) => number, state: SdnState): Edit {
  const zones = [...state.files.zones.sections.keys(), 'zq'];
  const tag = (): Record<string, string> => pick<Record<string, string>>(r, [{}, { tag: '5' }, { tag: '6' }, { tag: '100' }, { tag: '5000' }, { tag: '20000' }]);
  const zoneSection = (): TextSection =>
    pick(r, [
      section('simple', {}),
      section('simple', { ipam: 'pve' }),
      section('evpn', { controller: 'c1', 'vrf-vxlan': pick(r, ['10000', '5000', '20000', '6', '100']) }),
      section('vlan', { bridge: 'vmbr0' }),
      section('qinq', { bridge: 'vmbr0', tag: '20' }),
      section('vxlan', { peers: '10.0.0.1' }),
      section('vlan', {}),
    ]);
  switch (r(8)) {
    case 0:
    case 1:
    case 2:
      return { set: 'vnets', id: pick(r, VNETS), section: section('vnet', { zone: pick(r, zones), ...tag(), ...pick<Record<string, string>>(r, [{}, {}, { alias: 'x' }, { alias: 'café' }, { vlanaware: '1' }]) }) };
    case 3:
      return { set: 'vnets', id: pick(r, VNETS), section: null };
    case 4: {
      // mostly on a VNet that exists, in its zone (else the subnet is refused before its other rules count)
      const vnet = r(4) === 0 ? pick(r, VNETS) : pick(r, [...state.files.vnets.sections.keys(), 'vi']);
      const inZone = state.files.vnets.sections.get(vnet)?.values.get('zone');
      const zone = typeof inZone === 'string' && r(5) > 0 ? inZone : pick(r, zones);
      const id = `${zone}-${pick(r, ['10.0.0.0-24', '10.0.1.0-24', '10.0.0.0-16', '10.0.0.1-24'])}`;
      if (r(4) === 0) return { set: 'subnets', id, section: null };
      const dhcp = pick<Record<string, readonly string[]>>(r, [{}, { 'dhcp-range': ['start-address=10.0.0.10,end-address=10.0.0.20'] }]);
      return { set: 'subnets', id, section: section('subnet', { vnet, ...pick<Record<string, string>>(r, [{}, { gateway: '10.0.0.1' }, { gateway: '10.9.9.9' }]), ...dhcp }) };
    }
    case 5:
    case 6:
      return { set: 'zones', id: pick(r, ['zq', 'zr', 'z2', 'z3', 'z4', 'z5']), section: zoneSection() };
    default:
      return { set: 'zones', id: pick(r, ['zq', 'zr', 'z3', 'z4', 'z5']), section: null };
  }
}

/** The value index's answers are what a pass over the file finds: the subnets of each VNet, the VNets of each zone. */
function assertValueIndex(state: SdnState, where: string): void {
  const scan = (set: 'vnets' | 'subnets', key: string, value: string) =>
    [...state.files[set].sections].filter(([, s]) => s.values.get(key) === value).map(([id]) => id).sort();
  for (const vnet of VNETS) assert.deepEqual([...sectionsNaming(state, 'subnets', vnet)].sort(), scan('subnets', 'vnet', vnet), `${where}: subnets of ${vnet}`);
  for (const zone of ['z1', 'z2', 'z3', 'z4', 'z5', 'zq', 'zr']) assert.deepEqual([...sectionsNaming(state, 'vnets', zone)].sort(), scan('vnets', 'zone', zone), `${where}: VNets of ${zone}`);
}

function runSequence(seed: number, steps: number): { accepted: number; refused: number } {
  const r = random(seed);
  let docs: Docs = new Map(Object.entries(START));
  const history: Docs[] = [];
  const counts = { accepted: 0, refused: 0 };
  for (let step = 0; step < steps; step++) {
    // now and then the store holds what the checks did not see last: another writer's files, or a commit that failed
    if (history.length > 0 && r(10) === 0) docs = new Map(pick(r, history));
    history.push(new Map(docs));
    const state = loadState({ revision: String(step), docs });
    // asked now and then: the index follows several edits at once, or a file another writer wrote
    if (r(3) === 0) assertValueIndex(state, `seed ${seed}, step ${step}`);
    const edit = randomEdit(r, state);
    const where = `seed ${seed}, step ${step}: ${edit.set} ${edit.id} → ${edit.section ? `${edit.section.type} ${JSON.stringify([...edit.section.values])}` : 'removed'}`;
    const sections = new Map(state.files[edit.set].sections);
    if (edit.section) sections.set(edit.id, edit.section);
    else sections.delete(edit.id);
    const { file, write } = editedFile(edit.set, sections, { file: state.files[edit.set], id: edit.id });
    // the bytes made with the text (spliced from the last written ones) are the text's UTF-8
    assert.ok(write.bytes && Buffer.concat(write.bytes).equals(Buffer.from(write.value ?? '')), `${where}: the write's bytes differ from its text's`);
    const afterDocs = new Map(docs).set(write.key, write.value ?? '');
    const before = fullErrors(docs);
    const expected = [...fullErrors(afterDocs)].filter(([k]) => !before.has(k)).map(([, m]) => m).sort();
    let refusal: string[] = [];
    try {
      assertValidEdit(state, { ...state.files, [edit.set]: file }, state.secrets, edit.set, edit.id);
    } catch (e) {
      if (!(e instanceof ParamError)) throw e;
      refusal = Object.values(e.errors).flatMap((m) => m.split('; ')).sort();
    }
    assert.deepEqual(refusal, expected, `${where}: the refusal differs from a full validation's new errors`);
    // and the checks' indexes hold every error of the edited config, as a full validation finds them
    const after = fullErrors(afterDocs);
    assert.deepEqual([...new Set(errorsAt({ ...state.files, [edit.set]: file }, state.secrets).map(issueKey))].sort(), [...after.keys()].sort(), `${where}: the checks' errors differ from a full validation's`);
    if (refusal.length > 0) {
      counts.refused++;
      continue;
    }
    // the state the next request sees (the file the edit remembered) is what the written text parses to
    const next = loadState({ revision: `${step}+`, docs: afterDocs });
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
    const c = runSequence(seed, 40);
    accepted += c.accepted;
    refused += c.refused;
  }
  // the sequences exercise both outcomes
  assert.ok(accepted > 100, `only ${accepted} edits accepted`);
  assert.ok(refused > 100, `only ${refused} edits refused`);
});
