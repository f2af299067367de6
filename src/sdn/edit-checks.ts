/**
 * The error findings of the edited config, kept between edits
 * (model/config-checks.ts: per VNet, per subnet and for the smaller sets,
 * with the indexes the cross-checks need), so an edit costs the sections it
 * can affect instead of a validation of the whole config. This side tells
 * them which sections an edit changed, from the section files the server
 * keeps (sdn/state.ts).
 *
 * One set of checks follows the store: it stands for the files it last
 * checked; an edit moves it to the edited files, a refused one moves it back,
 * and a state it does not stand for (another writer, a failed commit) is
 * reached by the same move from where it is.
 */
import type { RawConfig } from '../model/config.js';
import { ConfigChecks, PER_SECTION_SETS, SMALL_SETS, type PerSectionSet, type SectionChange } from '../sections/config-checks.js';
import type { Issue } from '../model/issues.js';
import { MODELLED_KIND_NAMES, type ModelledKindName } from '../sections/kinds.js';
import { changedIds, rawSection, rawSections, type SectionFile, type Secrets } from './state.js';

export { issueKey } from '../sections/config-checks.js';

export type Files = Readonly<Record<ModelledKindName, SectionFile>>;

const EMPTY_FILE: SectionFile = { sections: new Map(), digest: '' };
const EMPTY_FILES = Object.fromEntries(MODELLED_KIND_NAMES.map((s) => [s, EMPTY_FILE])) as Files;

class EditChecks {
  private files: Files = EMPTY_FILES;
  private secrets: Secrets = {};
  private readonly checks = new ConfigChecks('edit');

  /**
   * Moves to `files`; returns the errors found there that are not found
   * where it stood (the ones an edit adds).
   */
  moveTo(files: Files, secrets: Secrets): Issue[] {
    const smallChanged = SMALL_SETS.some((set) => files[set] !== this.files[set] || secrets[set] !== this.secrets[set]);
    const small = smallChanged ? smallRaw(files, secrets) : undefined;
    const [vnets, subnets] = PER_SECTION_SETS.map((set) => this.changes(set, files, secrets)) as [SectionChange[], SectionChange[]];
    this.files = files;
    this.secrets = secrets;
    return this.checks.move({ ...(small ? { small } : {}), vnets, subnets });
  }

  all(): Issue[] {
    return this.checks.all();
  }

  /**
   * The sections of a per-section set to check again, with their raw
   * values: those changed, and those whose secrets changed (an edit keeps
   * every other id's secrets object; a secrets file read again changes them
   * all).
   */
  private changes(set: PerSectionSet, files: Files, secrets: Secrets): SectionChange[] {
    const ids = new Set(changedIds(this.files[set], files[set]));
    const [before, after] = [this.secrets[set] ?? {}, secrets[set] ?? {}];
    if (before !== after) for (const id of new Set([...Object.keys(before), ...Object.keys(after)])) if (before[id] !== after[id]) ids.add(id);
    return [...ids].map((id) => {
      const section = files[set].sections.get(id);
      return [id, section ? rawSection(section, secrets[set]?.[id]) : undefined];
    });
  }
}

/** The smaller sets' sections, raw with their secrets. */
function smallRaw(files: Files, secrets: Secrets): RawConfig {
  const raw: Record<string, unknown> = { version: 1 };
  for (const set of SMALL_SETS) raw[set] = { ids: rawSections(set, files[set], secrets) };
  return raw as RawConfig;
}

const live = new EditChecks();

/**
 * The errors `after` has that `before` has not. The checks stand at
 * `after` when there are none, else they go back to `before`.
 */
export function addedErrors(before: Files, beforeSecrets: Secrets, after: Files, afterSecrets: Secrets): Issue[] {
  live.moveTo(before, beforeSecrets);
  const added = live.moveTo(after, afterSecrets);
  if (added.length > 0) live.moveTo(before, beforeSecrets);
  return added;
}

/** Every error of `files`, found by moving the checks there: what a full validation finds (the property test holds them to it). */
export function errorsAt(files: Files, secrets: Secrets): Issue[] {
  live.moveTo(files, secrets);
  return live.all();
}
