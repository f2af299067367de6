/**
 * The apply history (a Weft extension): every apply records a revision — its
 * number (the running version it made), time, user, what changed per section
 * set, and the whole running config — as one document under
 * `sdn/.weft/revisions/`, a hidden folder the reference never reads (on etcd
 * one key per revision, so no key grows with the history). The newest `keep`
 * are kept; older ones go in the transaction that adds a new one.
 */
import { isDeepStrictEqual } from 'node:util';
import type { StoreWrite } from '../store/types.js';
import { parseJsonOr } from '../util/json-or.js';
import { RUNNING_SETS, type SetName } from './kinds.js';
import type { ChangeSet, RevisionMeta as RevisionMetaOf } from './revision-meta.js';
import type { RunningConfig } from './state.js';
import type { RunningSection } from './values.js';

export const REVISIONS_PREFIX = 'sdn/.weft/revisions/';
export const DEFAULT_KEEP_REVISIONS = 50;
export const revisionKey = (n: number): string => `${REVISIONS_PREFIX}${n}.json`;

export type RevisionMeta = RevisionMetaOf<SetName>;

export interface Revision extends RevisionMeta {
  readonly config: RunningConfig;
}

export function sectionsOf(config: RunningConfig, set: SetName): Readonly<Record<string, RunningSection>> {
  const entry = config[set];
  return typeof entry === 'object' && entry !== null ? entry.ids : {};
}

/** Per running set: the ids added, changed and deleted from `before` to `after`. */
export function changeSets(before: RunningConfig, after: RunningConfig): Partial<Record<SetName, ChangeSet>> {
  const out: Partial<Record<SetName, ChangeSet>> = {};
  for (const set of RUNNING_SETS) {
    const a = sectionsOf(before, set);
    const b = sectionsOf(after, set);
    const added = Object.keys(b).filter((id) => !Object.hasOwn(a, id)).sort();
    const deleted = Object.keys(a).filter((id) => !Object.hasOwn(b, id)).sort();
    // by value, whatever the order of a section's keys
    const changed = Object.keys(b)
      .filter((id) => Object.hasOwn(a, id) && !isDeepStrictEqual(a[id], b[id]))
      .sort();
    if (added.length + changed.length + deleted.length > 0) out[set] = { added, changed, deleted };
  }
  return out;
}

/** The kept revisions' numbers, newest first. */
export function revisionNumbers(docs: ReadonlyMap<string, string>): number[] {
  const out: number[] = [];
  for (const key of docs.keys()) {
    const m = /^sdn\/\.weft\/revisions\/(\d+)\.json$/.exec(key);
    if (m) out.push(Number(m[1]));
  }
  return out.sort((a, b) => b - a);
}

export function readRevision(docs: ReadonlyMap<string, string>, n: number): Revision | null {
  const r = parseJsonOr<Revision | null>(docs.get(revisionKey(n)), null);
  return r && typeof r === 'object' && r.revision === n && typeof r.config === 'object' ? r : null;
}

function revisionMeta(r: Revision): RevisionMeta {
  return { revision: r.revision, time: r.time, user: r.user, ...(r.note !== undefined ? { note: r.note } : {}), changes: r.changes };
}

/** per revision document: its text and what a listing shows of it, so a listing does not parse every kept config again */
const metas = new Map<number, { readonly text: string; readonly meta: RevisionMeta | null }>();

/** The kept revisions without their configs, newest first, `start`/`limit` paged (limit 0: all). */
export function listRevisions(docs: ReadonlyMap<string, string>, start: number, limit: number): RevisionMeta[] {
  const numbers = revisionNumbers(docs);
  // revisions no longer kept leave the memo with them
  for (const n of metas.keys()) if (!numbers.includes(n)) metas.delete(n);
  return numbers.slice(start, limit > 0 ? start + limit : undefined).flatMap((n) => {
    const text = docs.get(revisionKey(n)) ?? '';
    const known = metas.get(n);
    if (known?.text === text) return known.meta ? [known.meta] : [];
    const r = readRevision(docs, n);
    const meta = r ? revisionMeta(r) : null;
    metas.set(n, { text, meta });
    return meta ? [meta] : [];
  });
}

/** The record of `config` as revision `meta.revision`, and the deletion of those beyond the newest `keep`. */
export function revisionWrites(docs: ReadonlyMap<string, string>, config: RunningConfig, meta: Omit<RevisionMeta, 'revision' | 'changes'> & { readonly before: RunningConfig }, keep: number): StoreWrite[] {
  const revision = config.version ?? 1;
  const { before, ...rest } = meta;
  const record: Revision = { revision, ...rest, changes: changeSets(before, config), config };
  const older = revisionNumbers(docs).filter((n) => n !== revision);
  const dropped = older.slice(Math.max(0, keep - 1));
  return [{ key: revisionKey(revision), value: JSON.stringify(record) }, ...dropped.map((n) => ({ key: revisionKey(n), value: null }))];
}
