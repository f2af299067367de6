/**
 * A sectioned document on etcd (doc-sections.ts says which): a small head at
 * the document's key, and one key per section beside the documents
 * (`.weft-sections/sdn/vnets.cfg#/v1`, `.weft-sections/sdn/.running-config#vnets/v1`),
 * so an edit of one section writes that section's key and the head. The
 * head is put by every write of the document, so its mod revision tells a
 * reader whether the document changed without listing its sections.
 *
 * etcd takes at most 128 operations in one transaction (`--max-txn-ops`, a
 * setting of the user's cluster we do not ask to raise) and 1.5 MiB in one
 * request, yet an apply from nothing to 32000 VNets, a revert or a pending
 * rollback changes every section at once and must land whole. So a document
 * has a base besides its section keys: a text in content-addressed blobs
 * (etcd-chunks.ts, put before the transaction as a harmless extra) listed by
 * the head. A write too large for one transaction "rebases": the new text
 * becomes the base and one range delete removes every section key, a
 * handful of operations whatever the size. Small writes then put section
 * keys over that base: a key holds the section's new text, or nothing (a
 * tombstone) for a base section deleted. Each section carries an ordinal, its
 * place in the document: base sections are numbered in base order, new ones
 * after every other, as the directory store's writer puts a new section last;
 * a write that would move a section rebases instead.
 */
import { commonPrefix, commonSuffix } from '../util/common-affix.js';
import { LayeredMap } from '../util/layered-map.js';
import { joinDoc, splitDoc, type Layout, type Section, type Split } from './doc-sections.js';

/** a head's value starts with NUL, as a blob manifest's does, which no text document does */
const HEAD_MARK = '\u0000weft-sections:';
/** where section keys live: beside the documents, so a listing of the documents does not return them */
const SECTIONS = '.weft-sections/';
/** between a document's key and its sections' ids (no document key holds it: types.ts checkKey) */
const SECTION_MARK = '#';
/** The prefix of a document's section keys. */
export const sectionsOf = (doc: string): string => `${SECTIONS}${doc}${SECTION_MARK}`;

export interface Head {
  readonly layout: Layout;
  readonly frame: readonly string[];
  readonly groups: readonly string[];
  /** the blobs whose text is the base; none when there is no base */
  readonly base: readonly string[];
}

export const isHead = (value: string): boolean => value.startsWith(HEAD_MARK);
export const encodeHead = (head: Head): string => `${HEAD_MARK}${JSON.stringify(head)}`;
export const decodeHead = (value: string): Head => JSON.parse(value.slice(HEAD_MARK.length)) as Head;

const sectionKey = (doc: string, group: string, id: string): string => `${sectionsOf(doc)}${group}/${id}`;
function parseSectionKey(key: string): { group: string; id: string } {
  const rest = key.slice(key.indexOf(SECTION_MARK) + 1);
  const slash = rest.indexOf('/');
  return { group: rest.slice(0, slash), id: rest.slice(slash + 1) };
}

/** A section key's value: its ordinal, a line feed, its text (empty: deleted from the base). */
export interface Entry {
  readonly ordinal: number;
  readonly text: string;
}
const encodeEntry = (e: Entry): string => `${e.ordinal}\n${e.text}`;
export function decodeEntry(value: string): Entry {
  const nl = value.indexOf('\n');
  return { ordinal: Number(value.slice(0, nl)), text: value.slice(nl + 1) };
}

interface Live {
  readonly id: string;
  readonly ordinal: number;
  readonly text: string;
}

interface GroupView {
  readonly name: string;
  /** the sections in document order */
  readonly live: readonly Live[];
  readonly byId: LayeredMap<string, Live>;
  /** ids the base holds (deleting one needs a tombstone); shared by every view over that base */
  readonly base: ReadonlySet<string>;
  /** the ordinal of the next new section */
  readonly next: number;
}

/** A sectioned document as stored: what a write is planned against. */
export interface DocView {
  readonly head: Head;
  readonly groups: readonly GroupView[];
}

function groupView(name: string, base: readonly Section[], baseIds: ReadonlySet<string>, entries: ReadonlyMap<string, Entry>): GroupView {
  const live: Live[] = [];
  let next = base.length;
  base.forEach((s, ordinal) => {
    if (!entries.has(s.id)) live.push({ id: s.id, ordinal, text: s.text });
  });
  for (const [id, e] of entries) {
    next = Math.max(next, e.ordinal + 1);
    if (e.text !== '') live.push({ id, ordinal: e.ordinal, text: e.text });
  }
  // base order is sorted already: the sort merges a few runs
  live.sort((a, b) => a.ordinal - b.ordinal);
  return { name, live, byId: LayeredMap.of(live.map((l) => [l.id, l])), base: baseIds, next };
}

/** the ids of each group of a base, per base split (shared by the views over it) */
const baseIdsOf = new WeakMap<Split, readonly ReadonlySet<string>[]>();
function baseIds(base: Split | null): readonly ReadonlySet<string>[] {
  if (!base) return [];
  const known = baseIdsOf.get(base);
  if (known) return known;
  const ids = base.groups.map((g) => new Set(g.sections.map((s) => s.id)));
  baseIdsOf.set(base, ids);
  return ids;
}

/**
 * The view of a stored document from its head, its base split (null when the
 * head lists no base) and its section keys' values; null when they do not fit
 * together (a damaged store).
 */
export function viewOf(head: Head, base: Split | null, sections: ReadonlyMap<string, string>): DocView | null {
  if (base && base.groups.map((g) => g.name).join('/') !== head.groups.join('/')) return null;
  const perGroup = new Map<string, Map<string, Entry>>(head.groups.map((g) => [g, new Map()]));
  for (const [key, value] of sections) {
    const { group, id } = parseSectionKey(key);
    const entries = perGroup.get(group);
    if (!entries) return null;
    entries.set(id, decodeEntry(value));
  }
  const ids = baseIds(base);
  const groups = head.groups.map((name, i) => groupView(name, base?.groups[i]?.sections ?? [], ids[i] ?? new Set(), perGroup.get(name) ?? new Map()));
  return { head, groups };
}

export const textOf = (view: DocView): string => joinDoc(view.head.layout, { frame: view.head.frame, groups: view.groups.map((g) => ({ sections: g.live })) });

/** A write of section keys over the stored document. */
export interface SectionPlan {
  readonly puts: ReadonlyMap<string, string>;
  readonly deletes: readonly string[];
  /** the head's value: put by every write (its mod revision says the document changed) */
  readonly head: string;
  readonly view: DocView;
  /** bytes of the values put */
  readonly bytes: number;
}

interface Writes {
  readonly puts: Map<string, string>;
  readonly deletes: string[];
  bytes: number;
}

const EMPTY_GROUP = (name: string): GroupView => ({ name, live: [], byId: LayeredMap.of([]), base: new Set(), next: 0 });

/**
 * The group with its sections `from`–`to` (in document order) replaced by
 * `sections`, and the section keys that takes; null when a section would
 * change its place (an old one after a new one, out of its order, or a new
 * one before an old one): the caller rebases.
 */
function replaceRange(doc: string, g: GroupView, from: number, to: number, sections: readonly Section[], out: Writes): GroupView | null {
  const old = g.live.slice(from, to);
  const oldById = new Map(old.map((l) => [l.id, l]));
  const put = (l: Live) => {
    const key = sectionKey(doc, g.name, l.id);
    const value = encodeEntry(l);
    out.puts.set(key, value);
    out.bytes += key.length + value.length;
  };
  const changes = new Map<string, Live | undefined>();
  const mid: Live[] = [];
  let last = -1;
  let appended = false;
  let next = g.next;
  for (const s of sections) {
    const o = oldById.get(s.id);
    if (o) {
      if (appended || o.ordinal < last) return null;
      last = o.ordinal;
      if (o.text === s.text) {
        mid.push(o);
        continue;
      }
    } else if (to < g.live.length || g.byId.has(s.id)) return null;
    else appended = true;
    const l = { id: s.id, ordinal: o ? o.ordinal : next++, text: s.text };
    put(l);
    mid.push(l);
    changes.set(l.id, l);
  }
  const kept = new Set(sections.map((s) => s.id));
  for (const o of old) {
    if (kept.has(o.id)) continue;
    if (g.base.has(o.id)) put({ id: o.id, ordinal: o.ordinal, text: '' });
    else out.deletes.push(sectionKey(doc, g.name, o.id));
    changes.set(o.id, undefined);
  }
  const live = from === 0 && to === g.live.length ? mid : g.live.slice(0, from).concat(mid, g.live.slice(to));
  return { name: g.name, live, byId: g.byId.with(changes), base: g.base, next };
}

function planned(layout: Layout, frame: readonly string[], groups: readonly GroupView[], old: DocView | null, out: Writes): SectionPlan {
  const head: Head = { layout, frame, groups: groups.map((g) => g.name), base: old?.head.base ?? [] };
  const headValue = encodeHead(head);
  return { puts: out.puts, deletes: out.deletes, head: headValue, view: { head, groups }, bytes: out.bytes + headValue.length };
}

/**
 * `split` written over `old` (null: nothing sectioned stored yet) as section
 * keys; null when it cannot be (another layout or set of groups, or a
 * section that would change its place): the caller rebases.
 */
export function planSections(doc: string, layout: Layout, old: DocView | null, split: Split): SectionPlan | null {
  const names = split.groups.map((g) => g.name);
  if (old && (old.head.layout !== layout || old.head.groups.join('/') !== names.join('/'))) return null;
  const out: Writes = { puts: new Map(), deletes: [], bytes: 0 };
  const groups: GroupView[] = [];
  for (const [i, g] of split.groups.entries()) {
    const before = old?.groups[i] ?? EMPTY_GROUP(g.name);
    const after = replaceRange(doc, before, 0, before.live.length, g.sections, out);
    if (!after) return null;
    groups.push(after);
  }
  return planned(layout, split.frame, groups, old, out);
}

/**
 * An edit of a section-config document planned from the text it shares with
 * the stored one (`oldText`, the view's text): the whole sections within
 * their common start and end are kept as they are, only the text between is
 * cut into sections, so a one-section edit costs a compare of the texts, not
 * a cut of the whole file. null when the text between does not cut into
 * sections, or a section would change its place: the caller plans from the
 * whole text.
 */
export function planCfgEdit(doc: string, old: DocView, oldText: string, text: string): SectionPlan | null {
  const g = old.groups[0];
  if (old.head.layout !== 'cfg' || old.groups.length !== 1 || !g) return null;
  const prefix = commonPrefix(oldText, text);
  const suffix = commonSuffix(oldText, text, Math.min(oldText.length, text.length) - prefix);
  // the sections wholly inside the common start, then those wholly inside the common end
  let from = 0;
  let pos = 0;
  for (let l = g.live[0]; l && pos + l.text.length <= prefix; l = g.live[from]) {
    pos += l.text.length;
    from++;
  }
  let to = g.live.length;
  let tail = 0;
  for (let l = g.live[to - 1]; l && to > from && tail + l.text.length <= suffix; l = g.live[to - 1]) {
    tail += l.text.length;
    to--;
  }
  const middle = splitDoc('cfg', text.slice(pos, text.length - tail));
  if (!middle?.groups[0]) return null;
  const out: Writes = { puts: new Map(), deletes: [], bytes: 0 };
  const after = replaceRange(doc, g, from, to, middle.groups[0].sections, out);
  return after && planned('cfg', old.head.frame, [after], old, out);
}

/** The view after a rebase: `split` is the base, no section keys. */
export function rebasedView(layout: Layout, split: Split, blobs: readonly string[]): DocView {
  const head: Head = { layout, frame: split.frame, groups: split.groups.map((g) => g.name), base: blobs };
  const ids = baseIds(split);
  return { head, groups: split.groups.map((g, i) => groupView(g.name, g.sections, ids[i] ?? new Set(), new Map())) };
}
