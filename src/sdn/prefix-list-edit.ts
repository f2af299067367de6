/**
 * A prefix list's entries as the reference's API edits them (proxmox-ve-config
 * `PrefixListSection`): each entry numbered when stored (an entry given
 * without `seq` gets FRR's next number, the highest + 5), a new or changed
 * entry appended to the list, a sequence number used once. The edits are the
 * section edits of sdn/edit.ts on the list's `entries`, so they pass the
 * same digest, lock and config checks; a finding about the edited entry is
 * blamed on the entry's own field (`le`, `ge`, `seq`).
 */
import { nextPrefixListSeq, prefixListKind } from '../model/prefix-list.js';
import type { PropertyValues } from '../model/property-schema.js';
import { checkProperty } from '../model/schema.js';
import type { StoreWrite } from '../store/types.js';
import { ParamError, SdnError } from '../util/errors.js';
import { assertDigest, createSection, updateSection } from './edit.js';
import type { SdnState } from './state.js';

/** The schemas of an entry's fields (`action`, `prefix`, `le`, `ge`, `seq`): the kind's, which the entry routes take as parameters. */
export const ENTRY_FIELDS = prefixListKind.properties.entries.items.properties;
/** An entry as given: `seq` may be missing. */
export type EntryValues = PropertyValues<typeof ENTRY_FIELDS>;
/** An entry as stored and answered: numbered. */
export type NumberedEntry = Omit<EntryValues, 'seq'> & { readonly seq: number };
/** What an entry's update may remove (the reference's `delete` of an entry). */
export const ENTRY_DELETABLE = ['le', 'ge', 'seq'] as const;

const ITEM_SCHEMA = { ...prefixListKind.properties.entries.items, description: 'A prefix list entry.' } as const;

/** The refusal of a request naming a prefix list that does not exist. */
export const noSuchList = (id: string): ParamError => new ParamError({ id: `prefix list '${id}' does not exist` });

/** The list's entries in file order, numbered as the model numbers them; refused when the list does not exist. */
export function existingEntries(state: SdnState, id: string): NumberedEntry[] {
  const section = state.files['prefix-lists'].sections.get(id);
  if (!section) throw noSuchList(id);
  const raw = section.values.get('entries');
  const out: NumberedEntry[] = [];
  for (const text of raw === undefined ? [] : typeof raw === 'string' ? [raw] : raw) {
    const r = checkProperty(ITEM_SCHEMA, text);
    // an entry edited by hand that does not parse: the config's checks name it; the list cannot be edited entry by entry
    if (!r.ok) throw new SdnError(`prefix list '${id}' has an entry that does not parse (${r.message}): fix the list with PUT /cluster/sdn/prefix-lists/${id}`);
    const entry = r.value as EntryValues;
    out.push({ ...entry, seq: entry.seq ?? nextPrefixListSeq(out) });
  }
  return out;
}

/** The reference's insert: a given `seq` must be free, a missing one is the next; the entry goes last. */
function inserted(entries: readonly NumberedEntry[], entry: EntryValues, field: string): NumberedEntry[] {
  if (entry.seq !== undefined && entries.some((e) => e.seq === entry.seq)) throw new ParamError({ [field]: `entry with sequence number ${entry.seq} already exists` });
  return [...entries, { ...entry, seq: entry.seq ?? nextPrefixListSeq(entries) }];
}

/** Entries given for a whole list, numbered one after the other. */
export function numbered(given: readonly EntryValues[]): NumberedEntry[] {
  return given.reduce<NumberedEntry[]>((done, e) => inserted(done, e, 'entries'), []);
}

/** `entries[2].le` → the entry routes' `le` for the edited (last) entry, `entries` with the entry named for the list routes. */
function blame(e: unknown, edited: number | null): unknown {
  if (!(e instanceof ParamError)) return e;
  const errors: Record<string, string> = {};
  for (const [key, message] of Object.entries(e.errors)) {
    const m = /^entries\[(\d+)\](?:\.(\w+))?$/.exec(key);
    const to = !m ? key : edited !== null && Number(m[1]) === edited ? (m[2] ?? 'seq') : 'entries';
    const text = m && to === 'entries' ? `entry ${Number(m[1]) + 1}: ${message}` : message;
    errors[to] = errors[to] ? `${errors[to]}; ${text}` : text;
  }
  return new ParamError(errors);
}

/** `fn`'s refusals blamed on the routes' fields (`edited`: the index of the entry an entry route changes). */
function blamed<T>(edited: number | null, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw blame(e, edited);
  }
}

const writeEntries = (state: SdnState, id: string, entries: readonly NumberedEntry[], digest: string | undefined, edited: number | null): StoreWrite[] =>
  blamed(edited, () => updateSection(state, 'prefix-lists', id, { entries }, [], digest));

export function createPrefixList(state: SdnState, id: string, entries: readonly EntryValues[] | undefined, digest: string | undefined): StoreWrite[] {
  assertDigest(state, 'prefix-lists', digest);
  return blamed(null, () => createSection(state, 'prefix-lists', id, 'prefix-list', entries ? { entries: numbered(entries) } : {}));
}

export function updatePrefixList(state: SdnState, id: string, entries: readonly EntryValues[] | undefined, toDelete: readonly string[], digest: string | undefined): StoreWrite[] {
  existingEntries(state, id);
  return blamed(null, () => updateSection(state, 'prefix-lists', id, entries ? { entries: numbered(entries) } : {}, toDelete, digest));
}

export function createEntry(state: SdnState, id: string, entry: EntryValues): StoreWrite[] {
  const entries = inserted(existingEntries(state, id), entry, 'seq');
  return writeEntries(state, id, entries, undefined, entries.length - 1);
}

function entryAt(entries: readonly NumberedEntry[], id: string, seq: number): NumberedEntry {
  const found = entries.find((e) => e.seq === seq);
  if (!found) throw new ParamError({ url_seq: `prefix list '${id}' has no entry with sequence number ${seq}` });
  return found;
}

/** The reference's entry update: the changed entry leaves its place and goes last; `delete=seq` numbers it anew. */
export function updateEntry(state: SdnState, id: string, seq: number, changes: Partial<EntryValues>, toDelete: readonly string[], digest: string | undefined): StoreWrite[] {
  const entries = existingEntries(state, id);
  const old = entryAt(entries, id, seq);
  const others = entries.filter((e) => e !== old);
  const both = toDelete.filter((k) => changes[k as keyof EntryValues] !== undefined);
  if (both.length > 0) throw new ParamError({ delete: `cannot set and delete ${both.join(', ')} at the same time` });
  const given = Object.entries(changes).filter(([, v]) => v !== undefined);
  const merged = Object.entries({ ...old, ...Object.fromEntries(given) }).filter(([k]) => !toDelete.includes(k));
  // the entry's fields as the route's schemas checked them, over the stored ones
  const entry = Object.fromEntries(merged) as EntryValues;
  const next = inserted(others, entry, 'seq');
  return writeEntries(state, id, next, digest, next.length - 1);
}

export function deleteEntry(state: SdnState, id: string, seq: number): StoreWrite[] {
  const entries = existingEntries(state, id);
  const old = entryAt(entries, id, seq);
  return writeEntries(state, id, entries.filter((e) => e !== old), undefined, null);
}

/** One entry, for the entry read. */
export function getEntry(state: SdnState, id: string, seq: number): NumberedEntry {
  return entryAt(existingEntries(state, id), id, seq);
}
