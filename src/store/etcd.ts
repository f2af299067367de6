/**
 * The cluster store: documents are etcd keys under a prefix (default
 * `/weft/`). A transaction reads every document of the prefix at one
 * revision, then commits its writes with a compare on a guard key that every
 * commit bumps: if another writer committed in between, nothing is written
 * and the transaction is re-run on fresh data. One etcd transaction carries
 * all writes, so they land together or not at all. The SDN config documents
 * are kept as one key per section (etcd-sections.ts, planned by
 * etcd-plan.ts), so an edit writes the sections it changed; other documents
 * are one key each, a large one a manifest of blobs (etcd-chunks.ts). A
 * read asks only for the guard key while it is unchanged, and puts together
 * again only the documents whose keys changed.
 */
import { Etcd3, type Namespace } from 'etcd3';
import { splitDoc, type Split } from './doc-sections.js';
import { BLOB_PREFIX, blobsText, documentText } from './etcd-chunks.js';
import { listedBlobs, planTxn, type StoredDoc, type TxnPlan } from './etcd-plan.js';
import { decodeHead, docOfSectionKey, isHead, textOf, viewOf, type DocView } from './etcd-sections.js';
import { Mutex } from './mutex.js';
import { checkKey, type ConfigStore, type StoreChange, type StoreSnapshot, type TxOutcome } from './types.js';

const GUARD = '.weft-rev';
const MAX_ANSWER_BYTES = 512 * 1024 * 1024;

/** A document as last put together: kept while its keys are unchanged (`stamp`: their count and newest mod revision). */
interface DocEntry extends StoredDoc {
  readonly stamp: string;
}

interface Fetched {
  readonly snapshot: StoreSnapshot;
  readonly guard: number;
  /** the stored value at each document's key (text, blob manifest or section head) */
  readonly stored: ReadonlyMap<string, string>;
  readonly blobs: ReadonlySet<string>;
  readonly entries: ReadonlyMap<string, DocEntry>;
}
const MAX_ATTEMPTS = 50;

export interface EtcdStoreOptions {
  readonly url: string;
  readonly prefix?: string;
}

/** The snapshot after this process's own commit (at `guard`, the commit's revision): the next transaction starts from it. */
function afterCommit(before: Fetched, guard: number, writes: ReadonlyMap<string, string | null>, plan: TxnPlan): Fetched {
  const docs = new Map(before.snapshot.docs);
  const stored = new Map(before.stored);
  const entries = new Map(before.entries);
  for (const [key, value] of writes) {
    if (value === null) {
      docs.delete(key);
      stored.delete(key);
      entries.delete(key);
      continue;
    }
    docs.set(key, value);
    const form = plan.stored.get(key);
    if (form) stored.set(key, form);
    // its stamp is known at the next fetch: until then it matches none
    entries.set(key, { stamp: `own:${guard}`, text: value, view: plan.views.get(key) ?? null });
  }
  const listed = new Set([...stored.values()].flatMap(listedBlobs));
  const blobs = new Set([...before.blobs, ...plan.blobs.map((b) => b.key)].filter((k) => listed.has(k)));
  return { snapshot: { revision: String(guard), docs }, guard, stored, blobs, entries };
}

export class EtcdStore implements ConfigStore {
  readonly kind = 'etcd' as const;
  readonly location: string;
  private readonly client: Etcd3;
  private readonly ns: Namespace;
  private readonly prefix: string;
  // writers in this process take turns, so they never conflict with each other
  private readonly mutex = new Mutex();
  private last: Fetched | null = null;

  constructor(options: EtcdStoreOptions) {
    this.prefix = options.prefix ?? '/weft/';
    this.location = `${options.url} (prefix ${this.prefix})`;
    // a whole store of 32000 VNets is read at once: more than gRPC's default 4 MiB answer
    this.client = new Etcd3({ hosts: options.url.split(','), dialTimeout: 5000, grpcOptions: { 'grpc.max_receive_message_length': MAX_ANSWER_BYTES } });
    this.ns = this.client.namespace(this.prefix);
  }

  /**
   * A key space beside the documents' (`/weft.NAME/` for the prefix `/weft/`):
   * keys a document read never fetches (the IPAM's addresses, server leases).
   */
  beside(name: string): Namespace {
    return this.client.namespace(`${this.prefix.replace(/\/$/, '')}.${name}/`);
  }

  /** Fails with an actionable message when etcd is unreachable. */
  async check(): Promise<void> {
    try {
      await this.ns.get(GUARD).exec();
    } catch (e) {
      throw new Error(`cannot reach etcd at ${this.location}: ${(e as Error).message}; check --etcd and that etcd is running`, { cause: e });
    }
  }

  /** Every document at one revision; only those whose keys changed since the last fetch are put together again. */
  private async fetch(): Promise<Fetched> {
    const res = await this.ns.getAll().exec();
    const stored = new Map<string, string>();
    const blobs = new Map<string, Buffer>();
    const sections = new Map<string, Map<string, Buffer>>();
    const stamps = new Map<string, { count: number; newest: number }>();
    let guard = 0;
    for (const kv of res.kvs) {
      // the namespace already strips the prefix
      const key = kv.key.toString('utf8');
      if (key === GUARD) {
        guard = Number(kv.mod_revision);
        continue;
      }
      if (key.startsWith(BLOB_PREFIX)) {
        blobs.set(key, kv.value);
        continue;
      }
      const doc = docOfSectionKey(key);
      const stamp = stamps.get(doc ?? key) ?? { count: 0, newest: 0 };
      stamps.set(doc ?? key, { count: stamp.count + 1, newest: Math.max(stamp.newest, Number(kv.mod_revision)) });
      if (doc === null) stored.set(key, kv.value.toString('utf8'));
      else {
        const of = sections.get(doc) ?? new Map<string, Buffer>();
        of.set(key, kv.value);
        sections.set(doc, of);
      }
    }
    const docs = new Map<string, string>();
    const entries = new Map<string, DocEntry>();
    const before = this.last?.entries;
    for (const [key, value] of stored) {
      const s = stamps.get(key);
      const stamp = `${s?.count ?? 0}:${s?.newest ?? 0}`;
      const known = before?.get(key);
      const entry = known?.stamp === stamp ? known : { stamp, ...this.assemble(key, value, sections.get(key), blobs) };
      entries.set(key, entry);
      docs.set(key, entry.text);
    }
    const fetched = { snapshot: { revision: String(guard), docs }, guard, stored, blobs: new Set(blobs.keys()), entries };
    this.last = fetched;
    return fetched;
  }

  /** A document's text from its stored value, its section keys and the blobs. */
  private assemble(key: string, value: string, sections: ReadonlyMap<string, Buffer> | undefined, blobs: ReadonlyMap<string, Buffer>): { text: string; view: DocView | null } {
    const damaged = (what: string) => new Error(`etcd at ${this.location}: '${key}' ${what}; the store is damaged`);
    if (!isHead(value)) {
      const text = documentText(value, (k) => blobs.get(k));
      if (text === null) throw damaged('lists a blob that is missing');
      return { text, view: null };
    }
    const head = decodeHead(value);
    const base = head.base.length > 0 ? this.baseSplit(head.layout, head.base, blobs) : null;
    if (base === undefined) throw damaged('has a base that is missing or does not cut into sections');
    const texts = new Map([...(sections ?? [])].map(([k, v]) => [k, v.toString('utf8')]));
    const view = viewOf(head, base, texts);
    if (!view) throw damaged('has sections that do not fit its head');
    return { text: textOf(view), view };
  }

  /** a base's sections, per base (its blobs are content-addressed: the same keys, the same text) */
  private readonly bases = new Map<string, Split>();

  private baseSplit(layout: DocView['head']['layout'], keys: readonly string[], blobs: ReadonlyMap<string, Buffer>): Split | undefined {
    const id = `${layout}:${keys.join(',')}`;
    const known = this.bases.get(id);
    if (known) return known;
    const text = blobsText(keys, (k) => blobs.get(k));
    const split = text === null ? null : splitDoc(layout, text);
    if (!split) return undefined;
    // one base per sectioned document is live: a handful of entries
    if (this.bases.size > 64) this.bases.clear();
    this.bases.set(id, split);
    return split;
  }

  /** The last snapshot while the guard key (bumped by every commit) is unchanged: one small read, not the whole store. */
  async read(): Promise<StoreSnapshot> {
    const last = this.last;
    if (last) {
      const res = await this.ns.get(GUARD).exec();
      const guard = Number(res.kvs[0]?.mod_revision ?? 0);
      if (guard === last.guard) return last.snapshot;
    }
    return (await this.fetch()).snapshot;
  }

  transact<T>(fn: (snapshot: StoreSnapshot) => TxOutcome<T> | Promise<TxOutcome<T>>): Promise<T> {
    return this.mutex.run(async () => {
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        // the first attempt trusts the last snapshot: the guard's compare refuses it when another commit came between
        const current = attempt === 0 && this.last ? this.last : await this.fetch();
        const { writes, result } = await fn(current.snapshot);
        if (writes.length === 0) return result;
        writes.forEach((w) => checkKey(w.key));
        const plan = planTxn(writes, current.entries);
        // blobs first, each once: content-addressed, so a blob of a transaction that loses is harmless
        const blobs = new Map(plan.blobs.map((b) => [b.key, b.value]));
        for (const [key, value] of blobs) if (!current.blobs.has(key)) await this.ns.put(key).value(value).exec();
        const ops = [
          ...[...plan.puts].map(([key, value]) => this.ns.put(key).value(value)),
          ...plan.deletes.map((key) => this.ns.delete().key(key)),
          ...plan.deletePrefixes.map((prefix) => this.ns.delete().prefix(prefix)),
        ];
        let txn = this.ns.if(GUARD, 'Mod', '==', current.guard);
        // the blobs it lists are still there (another writer may have collected one meanwhile)
        for (const key of blobs.keys()) txn = txn.and(key, 'Version', '>', 0);
        const res = await txn.then(...ops, this.ns.put(GUARD).value(String(Date.now()))).commit();
        if (res.succeeded) {
          const committed = new Map(writes.map((w) => [w.key, w.value]));
          const after = afterCommit(current, Number(res.header.revision), committed, plan);
          await this.collect(current.stored, after.stored, committed.keys());
          this.last = after;
          return result;
        }
        // another server committed first: back off a little and retry on fresh data
        await new Promise((r) => setTimeout(r, Math.random() * 10 * (attempt + 1)));
      }
      throw new Error(`etcd at ${this.location}: gave up after ${MAX_ATTEMPTS} conflicting attempts; too many concurrent writers, try again`);
    });
  }

  /**
   * Removes the blobs the replaced documents listed that no document lists any
   * more (best effort: a leftover only takes space).
   */
  private async collect(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>, written: Iterable<string>): Promise<void> {
    const listed = new Set([...after.values()].flatMap(listedBlobs));
    const gone = [...written].flatMap((k) => listedBlobs(before.get(k) ?? '')).filter((k) => !listed.has(k));
    for (const key of new Set(gone)) await this.ns.delete().key(key).exec().catch(() => undefined);
  }

  watch(prefix: string, listener: (change: StoreChange) => void, onReady?: () => void): () => void {
    let closed = false;
    const pending = this.ns
      .watch()
      .prefix(prefix)
      .create()
      .then((w) => {
        // one change per etcd revision, naming each document once: a section key stands for its document;
        // blobs and the guard are the store's own keys, not documents
        w.on('data', (res) => {
          const keys = new Set<string>();
          for (const ev of res.events) {
            const key = ev.kv.key.toString('utf8');
            if (key !== GUARD && !key.startsWith(BLOB_PREFIX)) keys.add(docOfSectionKey(key) ?? key);
          }
          if (keys.size > 0) listener({ keys: [...keys] });
        });
        if (closed) void w.cancel();
        else onReady?.();
        return w;
      });
    return () => {
      closed = true;
      void pending.then((w) => w.cancel());
    };
  }

  async close(): Promise<void> {
    this.client.close();
  }
}
