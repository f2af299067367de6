/**
 * The agent's decode of each running-config version: of a new version only
 * the sections that changed are decoded and checked (model/config-checks.ts
 * keeps the findings and the cross-check indexes from one version to the
 * next), and the config is the last one with those sections replaced. An
 * unchanged section keeps the object of the version before, so the render
 * (render-cache.ts) knows it by identity.
 *
 * The config equals a decode from scratch (decodeRunningValue, `render`);
 * test/agent/running-decoder.test.ts holds it to that on random sequences.
 * The first version is decoded whole, and the checks start from it when it
 * has no errors; so is one the checks cannot follow (a section that is not
 * an object, a bad version), and one with errors for its findings (their
 * order and wording are the full decode's). Warnings of a config that
 * decodes are not collected: the agent acts on and reports errors only.
 */
import { decodeRunningValue, parseRunningConfig } from '../sections/running-config.js';
import { SECTION_SET_NAMES, type RawConfig, type RawSection, type SectionSetName } from '../model/config.js';
import type { SdnConfig } from '../sections/sdn-config.js';
import { ConfigChecks, SMALL_SETS, type SectionChange } from '../sections/config-checks.js';
import { sectionIdOf } from '../sections/section-ids.js';
import type { DecodeResult } from '../sections/decode-config.js';
import { sameJsonValue } from '../util/json-equal.js';

const SOURCE = 'running config';

type Sections = Readonly<Record<string, RawSection>>;

interface Decoded {
  readonly text: string;
  /** each set's sections (its parsed `ids`), and how many */
  readonly sets: Readonly<Record<SectionSetName, Sections>>;
  readonly sizes: Readonly<Record<SectionSetName, number>>;
  readonly result: DecodeResult;
}

const idsOf = (raw: RawConfig, set: SectionSetName) => (raw[set]?.ids ?? {}) as Record<string, unknown>;

/**
 * One set of the next version, its parsed `ids` changed in place: each
 * section equal to the last version's becomes that object. The sections that
 * changed and how many there are now, or null when one is not an object (the checks keep objects only;
 * the whole decode says what is wrong).
 */
function diffSet(before: Sections, beforeSize: number, next: Record<string, unknown>): { changed: SectionChange[]; size: number } | null {
  const changed: SectionChange[] = [];
  const ids = Object.keys(next);
  let kept = 0;
  for (const id of ids) {
    const section = next[id];
    if (section === null || typeof section !== 'object' || Array.isArray(section)) return null;
    const old = Object.hasOwn(before, id) ? before[id] : undefined;
    if (old !== undefined) {
      kept++;
      if (sameJsonValue(old, section)) {
        next[id] = old;
        continue;
      }
    }
    changed.push([id, section as RawSection]);
  }
  if (kept < beforeSize) for (const id of Object.keys(before)) if (!Object.hasOwn(next, id)) changed.push([id, undefined]);
  return { changed, size: ids.length };
}

const rawOf = (sets: Decoded['sets'], names: readonly SectionSetName[], version?: number): RawConfig => {
  const raw: Record<string, unknown> = version === undefined ? {} : { version };
  for (const set of names) raw[set] = { ids: sets[set] };
  return raw as RawConfig;
};

/**
 * `before` (in id order) with the records of the `changed` ids put in,
 * replaced or (absent from `now`) taken out, in id order; `idOf` makes a
 * changed section's id its records' key (null: an id no record has).
 */
function withChanges<K extends string, T>(before: ReadonlyMap<K, T>, changed: readonly string[], now: ReadonlyMap<K, T>, idOf: (text: string) => K | null): ReadonlyMap<K, T> {
  if (changed.length === 0) return before;
  // a merge of two sorted lists: the ids compared as the decode sorts them (UTF-16 code units)
  const ids = [...new Set(changed.flatMap((text) => idOf(text) ?? []))].sort();
  const out = new Map<K, T>();
  let k = 0;
  const putChanged = (id: K) => {
    const record = now.get(id);
    if (record !== undefined) out.set(id, record);
    k++;
  };
  for (const [id, record] of before) {
    for (let next = ids[k]; next !== undefined && next < id; next = ids[k]) putChanged(next);
    if (ids[k] === id) putChanged(id);
    else out.set(id, record);
  }
  for (let next = ids[k]; next !== undefined; next = ids[k]) putChanged(next);
  return out;
}

// the default sort compares UTF-16 code units, as the decode sorts ids
const sorted = <K extends string, T>(records: ReadonlyMap<K, T>): ReadonlyMap<K, T> => new Map([...records.keys()].sort().map((id) => [id, records.get(id) as T]));

export class RunningDecoder {
  private last: Decoded | undefined;
  /** standing at `last` while there is one */
  private checks = new ConfigChecks('render');

  decode(text: string): DecodeResult {
    if (this.last?.text === text) return this.last.result;
    const parsed = parseRunningConfig(text, SOURCE);
    if (!parsed.raw) return { issues: parsed.issues };
    this.last = this.last ? this.follow(this.last, text, parsed.raw) : undefined;
    if (this.last) return this.last.result;
    // decoded whole: the first version, one without a previous to follow, or one the checks cannot follow
    const result = decodeRunningValue(parsed.raw, SOURCE, 'render');
    if (result.config) {
      const raw = parsed.raw;
      const sets = Object.fromEntries(SECTION_SET_NAMES.map((set) => [set, idsOf(raw, set)])) as Decoded['sets'];
      this.checks = ConfigChecks.ofDecoded('render', sets, result.config);
      this.last = { text, sets, sizes: sizesOf(sets), result };
    }
    return result;
  }

  /** The next version from the last one, or undefined when the checks cannot follow it. */
  private follow(last: Decoded, text: string, raw: RawConfig): Decoded | undefined {
    const version = raw.version ?? 0;
    if (!Number.isInteger(version) || version < 0) return undefined;
    const sets = {} as Record<SectionSetName, Sections>;
    const sizes = {} as Record<SectionSetName, number>;
    const changed = {} as Record<SectionSetName, readonly SectionChange[]>;
    for (const name of SECTION_SET_NAMES) {
      const ids = idsOf(raw, name);
      const diff = diffSet(last.sets[name], last.sizes[name], ids);
      if (!diff) return undefined;
      sets[name] = diff.changed.length === 0 ? last.sets[name] : (ids as Sections);
      sizes[name] = diff.size;
      changed[name] = diff.changed;
    }
    const smallChanged = SMALL_SETS.some((s) => changed[s].length > 0);
    this.checks.move({ ...(smallChanged ? { small: rawOf(sets, SMALL_SETS) } : {}), vnets: changed.vnets, subnets: changed.subnets });
    if (this.checks.hasErrors) return { text, sets, sizes, result: decodeRunningValue(rawOf(sets, SECTION_SET_NAMES, version), SOURCE, 'render') };
    const small = this.checks.smallConfig;
    if (!small) return undefined;
    // the last config, absent when that version had errors
    const previous = last.result.config;
    const vnets = this.checks.records('vnets');
    const subnets = this.checks.records('subnets');
    const changedIds = (set: SectionSetName) => changed[set].map(([id]) => id);
    const config: SdnConfig = {
      ...small,
      version,
      vnets: previous ? withChanges(previous.vnets, changedIds('vnets'), vnets, (id) => sectionIdOf('vnets', id)) : sorted(vnets),
      subnets: previous ? withChanges(previous.subnets, changedIds('subnets'), subnets, (id) => id) : sorted(subnets),
    };
    return { text, sets, sizes, result: { config, issues: [] } };
  }
}

const sizesOf = (sets: Decoded['sets']) => Object.fromEntries(SECTION_SET_NAMES.map((set) => [set, Object.keys(sets[set]).length])) as Decoded['sizes'];
