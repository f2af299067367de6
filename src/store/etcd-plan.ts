/**
 * A transaction's writes as etcd operations, and stored documents read back
 * (pure: the caller talks to etcd). A sectioned document
 * (doc-sections.ts) as the section keys that changed, every other document
 * as its text or a blob manifest (etcd-chunks.ts). The whole transaction
 * stays within what etcd takes in one request: when the section keys would
 * be too many operations or bytes, the documents with the most are rebased
 * (etcd-sections.ts), which costs a few operations whatever their size.
 */
import { layoutOf, splitDoc, type Layout, type Split } from './doc-sections.js';
import { blobsOf, blobsText, documentText, manifestOf, storedForm, type Blob } from './etcd-chunks.js';
import { decodeHead, encodeHead, isHead, planCfgEdit, planSections, rebasedView, sectionsOf, textOf, viewOf, type DocView, type Head, type SectionPlan } from './etcd-sections.js';
import type { StoreWrite } from './types.js';

/**
 * etcd's defaults are 128 operations (`--max-txn-ops`) and 1.5 MiB
 * (`--max-request-bytes`) per request; the guard's and the commit
 * marker's puts and the other documents' values leave room below them.
 */
export const MAX_OPS = 120;
export const MAX_BYTES = 1024 * 1024;

export interface TxnPlan {
  readonly puts: ReadonlyMap<string, string>;
  readonly deletes: readonly string[];
  /** prefixes removed whole (a rebased or removed document's section keys) */
  readonly deletePrefixes: readonly string[];
  /** put before the transaction (content-addressed: harmless if it loses); it checks they are still there */
  readonly blobs: readonly Blob[];
  /** the stored value at each written document key after the commit (null: removed) */
  readonly stored: ReadonlyMap<string, string | null>;
  /** the view of each written sectioned document after the commit (null: not sectioned) */
  readonly views: ReadonlyMap<string, DocView | null>;
}

/** The blobs a stored document value lists (a manifest's, or a head's base). */
export const listedBlobs = (value: string): readonly string[] => (isHead(value) ? decodeHead(value).base : manifestOf(value));

interface Sectioned {
  readonly key: string;
  readonly layout: Layout;
  readonly text: string;
  /** cut only when the edit could not be planned without it */
  readonly split: Split | null;
  readonly old: DocView | null;
  plan: SectionPlan | null;
}

const opsOf = (p: SectionPlan) => p.puts.size + p.deletes.length + 1;

/** A document as stored: its text, and its view when it is stored as sections. */
export interface StoredDoc {
  readonly text: string;
  readonly view: DocView | null;
}

export function planTxn(writes: readonly StoreWrite[], docs: ReadonlyMap<string, StoredDoc>): TxnPlan {
  // the last write of a key wins (etcd refuses a key twice in one transaction)
  const last = new Map(writes.map((w) => [w.key, w.value]));
  const puts = new Map<string, string>();
  const deletes: string[] = [];
  const deletePrefixes: string[] = [];
  const blobs: Blob[] = [];
  const stored = new Map<string, string | null>();
  const after = new Map<string, DocView | null>();
  const sectioned: Sectioned[] = [];
  let ops = 0;
  let bytes = 0;
  for (const [key, value] of last) {
    const known = docs.get(key);
    const old = known?.view ?? null;
    const layout = layoutOf(key);
    if (value !== null && layout) {
      // an edit of a section file: planned from the sections it shares with the stored text
      const edit = known && old && layout === 'cfg' ? planCfgEdit(key, old, known.text, value) : null;
      const split = edit ? null : splitDoc(layout, value);
      if (edit || split) {
        // a document not stored as sections yet, with more sections than a transaction takes, rebases at once
        const fits = old !== null || (split?.groups.reduce((n, g) => n + g.sections.length, 0) ?? 0) < MAX_OPS;
        sectioned.push({ key, layout, text: value, split, old, plan: edit ?? (split && fits ? planSections(key, layout, old, split) : null) });
        continue;
      }
    }
    // a document stored as sections loses them when removed or stored whole
    if (old) deletePrefixes.push(sectionsOf(key));
    after.set(key, null);
    ops++;
    if (value === null) {
      deletes.push(key);
      stored.set(key, null);
      continue;
    }
    const form = storedForm(value);
    puts.set(key, form.value);
    stored.set(key, form.value);
    blobs.push(...form.blobs);
    bytes += form.value.length;
  }
  // the sectioned documents with the most keys rebase until the rest fits
  const incremental = () => sectioned.filter((s) => s.plan !== null);
  const total = () => ops + deletePrefixes.length + sectioned.reduce((n, s) => n + (s.plan ? opsOf(s.plan) : 2), 0);
  const size = () => bytes + sectioned.reduce((n, s) => n + (s.plan?.bytes ?? 0), 0);
  while ((total() > MAX_OPS || size() > MAX_BYTES) && incremental().length > 0) {
    const biggest = incremental().reduce((a, b) => ((a.plan ? opsOf(a.plan) : 0) >= (b.plan ? opsOf(b.plan) : 0) ? a : b));
    biggest.plan = null;
  }
  for (const s of sectioned) {
    if (s.plan) {
      for (const [k, v] of s.plan.puts) puts.set(k, v);
      deletes.push(...s.plan.deletes);
      puts.set(s.key, s.plan.head);
      stored.set(s.key, s.plan.head);
      after.set(s.key, s.plan.view);
      continue;
    }
    // rebase: the text as the base, its section keys gone
    const split = s.split ?? splitDoc(s.layout, s.text);
    if (!split) throw new Error(`internal: '${s.key}' was planned as sections but does not cut into them`);
    const base = blobsOf(s.text);
    const view = rebasedView(s.layout, split, base.map((b) => b.key));
    const head = encodeHead(view.head);
    blobs.push(...base);
    puts.set(s.key, head);
    deletePrefixes.push(sectionsOf(s.key));
    stored.set(s.key, head);
    after.set(s.key, view);
  }
  return { puts, deletes, deletePrefixes, blobs, stored, views: after };
}

/** The sections of each base read, by its blobs (content-addressed: the same keys, the same text). */
export class BaseSplits {
  private readonly known = new Map<string, Split>();

  has(head: Head): boolean {
    return this.known.has(`${head.layout}:${head.base.join(',')}`);
  }

  get(layout: Layout, keys: readonly string[], blob: (key: string) => Buffer | undefined): Split | null {
    const id = `${layout}:${keys.join(',')}`;
    const known = this.known.get(id);
    if (known) return known;
    const text = blobsText(keys, blob);
    const split = text === null ? null : splitDoc(layout, text);
    if (!split) return null;
    // one base per sectioned document is live: a handful
    if (this.known.size > 64) this.known.clear();
    this.known.set(id, split);
    return split;
  }
}

/** A document read back from its stored value and its section keys' values; what is wrong when it cannot be. */
export function readStoredDoc(value: string, sections: ReadonlyMap<string, string>, blob: (key: string) => Buffer | undefined, bases: BaseSplits): StoredDoc | string {
  if (!isHead(value)) {
    const text = documentText(value, blob);
    return text === null ? 'lists a blob that is missing' : { text, view: null };
  }
  const head = decodeHead(value);
  const base = head.base.length > 0 ? bases.get(head.layout, head.base, blob) : null;
  if (head.base.length > 0 && !base) return 'has a base that is missing or does not cut into sections';
  const view = viewOf(head, base, sections);
  return view ? { text: textOf(view), view } : 'has sections that do not fit its head';
}
