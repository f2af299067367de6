/**
 * A sectioned document on etcd (doc-sections.ts says which): a small head at
 * the document's key, and one key per section (`sdn/vnets.cfg#/v1`,
 * `sdn/.running-config#vnets/v1`), so an edit of one section writes that
 * section's key alone.
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
import { joinDoc, type Layout, type Split } from './doc-sections.js';

/** a head's value starts with NUL, as a blob manifest's does, which no text document does */
const HEAD_MARK = '\u0000weft-sections:';
/** between a document's key and its sections' (no document key holds it: types.ts checkKey) */
export const SECTION_MARK = '#';

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

export const sectionKey = (doc: string, group: string, id: string): string => `${doc}${SECTION_MARK}${group}/${id}`;
/** The document a section key belongs to; null for a document's own key. */
export function docOfSectionKey(key: string): string | null {
  const at = key.indexOf(SECTION_MARK);
  return at < 0 ? null : key.slice(0, at);
}
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
  readonly byId: ReadonlyMap<string, Live>;
  /** ids the base holds (deleting one needs a tombstone) */
  readonly base: ReadonlySet<string>;
  /** the ordinal of the next new section */
  readonly next: number;
}

/** A sectioned document as stored: what a write is planned against. */
export interface DocView {
  readonly head: Head;
  readonly groups: readonly GroupView[];
  /** the section keys present */
  readonly keys: ReadonlySet<string>;
}

function groupView(name: string, base: readonly { id: string; text: string }[], entries: ReadonlyMap<string, Entry>): GroupView {
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
  return { name, live, byId: new Map(live.map((l) => [l.id, l])), base: new Set(base.map((s) => s.id)), next };
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
  const groups = head.groups.map((name, i) => groupView(name, base?.groups[i]?.sections ?? [], perGroup.get(name) ?? new Map()));
  return { head, groups, keys: new Set(sections.keys()) };
}

export const textOf = (view: DocView): string => joinDoc(view.head.layout, { frame: view.head.frame, groups: view.groups.map((g) => ({ sections: g.live })) });

/** A write of section keys over the stored document. */
export interface SectionPlan {
  readonly puts: ReadonlyMap<string, string>;
  readonly deletes: readonly string[];
  /** the new head's value when it changed */
  readonly head: string | null;
  readonly view: DocView;
  /** bytes of the values put */
  readonly bytes: number;
}

/**
 * `text` written over `old` (null: nothing sectioned stored yet) as section
 * keys; null when it cannot be (another layout or set of groups, a section
 * moved or a new one put before an old one): the caller rebases.
 */
export function planSections(doc: string, layout: Layout, old: DocView | null, split: Split): SectionPlan | null {
  const names = split.groups.map((g) => g.name);
  if (old && (old.head.layout !== layout || old.head.groups.join('/') !== names.join('/'))) return null;
  const puts = new Map<string, string>();
  const deletes: string[] = [];
  const keys = new Set(old?.keys ?? []);
  let bytes = 0;
  const put = (key: string, e: Entry) => {
    const value = encodeEntry(e);
    puts.set(key, value);
    keys.add(key);
    bytes += key.length + value.length;
  };
  const groups: GroupView[] = [];
  for (const [i, g] of split.groups.entries()) {
    const before = old?.groups[i];
    let last = -1;
    let appended = false;
    let next = before?.next ?? 0;
    const live: Live[] = [];
    for (const s of g.sections) {
      const o = before?.byId.get(s.id);
      const key = sectionKey(doc, g.name, s.id);
      if (o) {
        // an old section after a new one, or out of its order: its place cannot be kept
        if (appended || o.ordinal < last) return null;
        last = o.ordinal;
        if (o.text !== s.text) put(key, { ordinal: o.ordinal, text: s.text });
        live.push(o.text === s.text ? o : { id: s.id, ordinal: o.ordinal, text: s.text });
      } else {
        appended = true;
        put(key, { ordinal: next, text: s.text });
        live.push({ id: s.id, ordinal: next++, text: s.text });
      }
    }
    const kept = new Set(g.sections.map((s) => s.id));
    for (const o of before?.live ?? []) {
      if (kept.has(o.id)) continue;
      const key = sectionKey(doc, g.name, o.id);
      if (before?.base.has(o.id)) put(key, { ordinal: o.ordinal, text: '' });
      else {
        deletes.push(key);
        keys.delete(key);
      }
    }
    groups.push({ name: g.name, live, byId: new Map(live.map((l) => [l.id, l])), base: before?.base ?? new Set(), next });
  }
  const head: Head = { layout, frame: split.frame, groups: names, base: old?.head.base ?? [] };
  const headValue = encodeHead(head);
  const changed = !old || old.head.frame.join('\u0000') !== split.frame.join('\u0000');
  return { puts, deletes, head: changed ? headValue : null, view: { head, groups, keys }, bytes: bytes + (changed ? headValue.length : 0) };
}

/** The view after a rebase: `split` is the base, no section keys. */
export function rebasedView(layout: Layout, split: Split, blobs: readonly string[]): DocView {
  const head: Head = { layout, frame: split.frame, groups: split.groups.map((g) => g.name), base: blobs };
  return { head, groups: split.groups.map((g) => groupView(g.name, g.sections, new Map())), keys: new Set() };
}
