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
import { decodeRunningValue, parseRunningConfig } from '../config/running-config.js';
import { SECTION_SET_NAMES, type RawConfig, type RawSection, type SdnConfig, type SectionSetName } from '../model/config.js';
import { ConfigChecks, SMALL_SETS, type SectionChange } from '../model/config-checks.js';
import type { DecodeResult } from '../model/decode-config.js';
import { sameJsonValue } from '../util/json-equal.js';

const SOURCE = 'running config';

type Sections = ReadonlyMap<string, RawSection>;
type RawSets = Readonly<Record<SectionSetName, Sections>>;

interface Decoded {
  readonly text: string;
  readonly sets: RawSets;
  readonly result: DecodeResult;
}

/** Each set's sections by id, or null when one is not an object (the checks keep objects only; the whole decode says what is wrong). */
function setsOf(raw: RawConfig): RawSets | null {
  const sets = {} as Record<SectionSetName, Sections>;
  for (const name of SECTION_SET_NAMES) {
    const ids: Readonly<Record<string, unknown>> = raw[name]?.ids ?? {};
    const sections = new Map<string, RawSection>();
    for (const id of Object.keys(ids)) {
      const section = ids[id];
      if (section === null || typeof section !== 'object' || Array.isArray(section)) return null;
      sections.set(id, section as RawSection);
    }
    sets[name] = sections;
  }
  return sets;
}

/** One set of the next version: its sections (unchanged ones as the objects before) and the ids that changed. */
function diffSet(before: Sections, next: Sections): { sections: Map<string, RawSection>; changed: SectionChange[] } {
  const sections = new Map<string, RawSection>();
  const changed: SectionChange[] = [];
  for (const [id, section] of next) {
    const old = before.get(id);
    if (old !== undefined && sameJsonValue(old, section)) sections.set(id, old);
    else {
      sections.set(id, section);
      changed.push([id, section]);
    }
  }
  for (const id of before.keys()) if (!next.has(id)) changed.push([id, undefined]);
  return { sections, changed };
}

const rawOf = (sets: RawSets, names: readonly SectionSetName[], version?: number): RawConfig => {
  const raw: Record<string, unknown> = version === undefined ? {} : { version };
  for (const set of names) raw[set] = { ids: Object.fromEntries(sets[set]) };
  return raw as RawConfig;
};

/** `before` (in id order) with the records of `changed` ids put in or (undefined) taken out, in id order. */
function withChanges<T>(before: ReadonlyMap<string, T>, changed: readonly string[], now: ReadonlyMap<string, T>): ReadonlyMap<string, T> {
  if (changed.length === 0) return before;
  if (changed.every((id) => before.has(id) && now.has(id))) {
    const out = new Map(before);
    for (const id of changed) out.set(id, now.get(id) as T);
    return out;
  }
  // ids compared as the decode sorts them (UTF-16 code units)
  const added = changed.filter((id) => !before.has(id) && now.has(id)).sort();
  const out = new Map<string, T>();
  let next = 0;
  for (const id of before.keys()) {
    for (; next < added.length && (added[next] as string) < id; next++) out.set(added[next] as string, now.get(added[next] as string) as T);
    const current = now.get(id);
    if (current !== undefined) out.set(id, current);
  }
  for (; next < added.length; next++) out.set(added[next] as string, now.get(added[next] as string) as T);
  return out;
}

// the default sort compares UTF-16 code units, as the decode sorts ids
const sorted = <T>(records: ReadonlyMap<string, T>): ReadonlyMap<string, T> => new Map([...records.keys()].sort().map((id) => [id, records.get(id) as T]));

export class RunningDecoder {
  private last: Decoded | undefined;
  /** standing at `last` while there is one */
  private checks = new ConfigChecks('render');

  decode(text: string): DecodeResult {
    if (this.last?.text === text) return this.last.result;
    const parsed = parseRunningConfig(text, SOURCE);
    if (!parsed.raw) return { issues: parsed.issues };
    const sets = setsOf(parsed.raw);
    this.last = sets && this.last ? this.follow(this.last, text, parsed.raw.version, sets) : undefined;
    if (this.last) return this.last.result;
    // decoded whole: the first version, one without a previous to follow, or one the checks cannot follow
    const result = decodeRunningValue(parsed.raw, SOURCE, 'render');
    if (sets && result.config) {
      this.checks = ConfigChecks.ofDecoded('render', sets, result.config);
      this.last = { text, sets, result };
    }
    return result;
  }

  /** The next version from the last one, or undefined when the checks cannot follow it. */
  private follow(last: Decoded, text: string, rawVersion: number | undefined, next: RawSets): Decoded | undefined {
    const version = rawVersion ?? 0;
    if (!Number.isInteger(version) || version < 0) return undefined;
    const before = last.sets;
    const sets = {} as Record<SectionSetName, Sections>;
    const changed = {} as Record<SectionSetName, readonly SectionChange[]>;
    for (const name of SECTION_SET_NAMES) {
      const diff = diffSet(before[name], next[name]);
      sets[name] = diff.changed.length === 0 ? before[name] : diff.sections;
      changed[name] = diff.changed;
    }
    const smallChanged = SMALL_SETS.some((s) => changed[s].length > 0);
    this.checks.move({ ...(smallChanged ? { small: rawOf(sets, SMALL_SETS) } : {}), vnets: changed.vnets, subnets: changed.subnets });
    if (this.checks.hasErrors) return { text, sets, result: decodeRunningValue(rawOf(sets, SECTION_SET_NAMES, version), SOURCE, 'render') };
    const small = this.checks.smallConfig;
    if (!small) return undefined;
    // the last config, absent when that version had errors
    const previous = last.result.config;
    const vnets = this.checks.records('vnets');
    const subnets = this.checks.records('subnets');
    const idsOf = (set: SectionSetName) => changed[set].map(([id]) => id);
    const config: SdnConfig = {
      ...small,
      version,
      vnets: previous ? withChanges(previous.vnets, idsOf('vnets'), vnets) : sorted(vnets),
      subnets: previous ? withChanges(previous.subnets, idsOf('subnets'), subnets) : sorted(subnets),
    };
    return { text, sets, result: { config, issues: [] } };
  }
}
