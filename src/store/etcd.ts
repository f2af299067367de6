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
import { Range, type Etcd3, type Namespace } from 'etcd3';
import { boundedClient, type EtcdHealth } from './etcd-client.js';
import { CommitMarker } from './etcd-commit.js';
import { BaseSplits, listedBlobs, planTxn, readStoredDoc, type StoredDoc, type TxnPlan } from './etcd-plan.js';
import { decodeHead, isHead, sectionsOf } from './etcd-sections.js';
import { runBatch, TxQueue, type QueuedTx } from './group-commit.js';
import { Mutex } from './mutex.js';
import type { ConfigStore, StoreChange, StoreSnapshot, StoreWrite, TxOutcome } from './types.js';

const GUARD = '.weft-rev';
/** the store's own keys (guard, blobs, section keys) start so; documents never do */
const OWN_KEYS = '.weft-';
/** the first key after every one starting with OWN_KEYS */
const OWN_KEYS_END = '.weft.';
/** a range's end at the namespace's end (etcd3 reads a NUL end so) */
const NAMESPACE_END = Buffer.from([0]);

/** A document as last put together: kept while its keys are unchanged (`stamp`: their count and newest mod revision). */
interface DocEntry extends StoredDoc {
  /** the mod revision of the document's key: every write of the document puts it */
  readonly stamp: string;
}

interface Fetched {
  readonly snapshot: StoreSnapshot;
  readonly guard: number;
  /** the stored value at each document's key (text, blob manifest or section head) */
  readonly stored: ReadonlyMap<string, string>;
  readonly entries: ReadonlyMap<string, DocEntry>;
}
const MAX_ATTEMPTS = 50;

export interface EtcdStoreOptions {
  readonly url: string;
  readonly prefix?: string;
  /** where etcd stopping and starting to answer is told (etcd-client.ts) */
  readonly log?: (line: string) => void;
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
    entries.set(key, { stamp: String(guard), text: value, view: plan.views.get(key) ?? null });
  }
  return { snapshot: { revision: String(guard), docs }, guard, stored, entries };
}

export class EtcdStore implements ConfigStore {
  readonly kind = 'etcd' as const;
  readonly location: string;
  private readonly client: Etcd3;
  /** whether etcd answers, as this store's calls found */
  readonly health: EtcdHealth;
  private readonly ns: Namespace;
  private readonly prefix: string;
  /** tells whether a commit whose answer was lost landed (etcd-commit.ts) */
  private readonly marker: CommitMarker;
  // writers in this process commit together, so they never conflict with each other
  private readonly queue = new TxQueue(new Mutex(), (batch) => this.commitQueued(batch));
  private last: Fetched | null = null;
  /** the commit under way (settled once its answer came back) */
  private committing: Promise<void> = Promise.resolve();

  constructor(options: EtcdStoreOptions) {
    this.prefix = options.prefix ?? '/weft/';
    this.location = `${options.url} (prefix ${this.prefix})`;
    ({ client: this.client, health: this.health } = boundedClient(options.url, `${this.prefix}${GUARD}`, options.log ?? (() => {})));
    this.ns = this.client.namespace(this.prefix);
    this.marker = new CommitMarker(this.ns, `${OWN_KEYS}commit-`);
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

  /**
   * Every document at one revision. The store's own keys (`.weft-…`: the
   * guard, blobs, section keys) are not listed: a document whose key's mod
   * revision is the one last seen is kept as it was, only a changed one is
   * read again from its section keys and blobs.
   */
  private async fetch(): Promise<Fetched> {
    const head = await this.ns.getAll().inRange(new Range('', OWN_KEYS)).exec();
    const at = head.header.revision;
    const [tail, guardKv] = await Promise.all([this.ns.getAll().inRange(new Range(OWN_KEYS_END, NAMESPACE_END)).revision(at).exec(), this.ns.get(GUARD).revision(at).exec()]);
    const docs = new Map<string, string>();
    const stored = new Map<string, string>();
    const entries = new Map<string, DocEntry>();
    const before = this.last?.entries;
    await Promise.all(
      [...head.kvs, ...tail.kvs].map(async (kv) => {
        // the namespace already strips the prefix
        const key = kv.key.toString('utf8');
        const value = kv.value.toString('utf8');
        stored.set(key, value);
        const known = before?.get(key);
        const entry = known?.stamp === kv.mod_revision ? known : { stamp: kv.mod_revision, ...(await this.assemble(key, value, at)) };
        entries.set(key, entry);
        docs.set(key, entry.text);
      }),
    );
    const guard = Number(guardKv.kvs[0]?.mod_revision ?? 0);
    const fetched = { snapshot: { revision: String(guard), docs }, guard, stored, entries };
    this.last = fetched;
    return fetched;
  }

  /** A document's text from its stored value, its section keys and the blobs, as they were at revision `at`. */
  private async assemble(key: string, value: string, at: string): Promise<StoredDoc> {
    const sections = new Map<string, string>();
    if (isHead(value)) {
      const res = await this.ns.getAll().prefix(sectionsOf(key)).revision(at).exec();
      for (const kv of res.kvs) sections.set(kv.key.toString('utf8'), kv.value.toString('utf8'));
    }
    const blobs = new Map<string, Buffer>();
    // a base already cut is not read again
    const needed = isHead(value) && this.bases.has(decodeHead(value)) ? [] : listedBlobs(value);
    await Promise.all(
      needed.map(async (k) => {
        const blob = await this.ns.get(k).revision(at).buffer();
        if (blob) blobs.set(k, blob);
      }),
    );
    const doc = readStoredDoc(value, sections, (k) => blobs.get(k), this.bases);
    if (typeof doc === 'string') throw new Error(`etcd at ${this.location}: '${key}' ${doc}; the store is damaged`);
    return doc;
  }

  /** the sections of the bases read (content-addressed: the same blobs, the same text) */
  private readonly bases = new BaseSplits();

  /** The last snapshot while the guard key (bumped by every commit) is unchanged: one small read, not the whole store. */
  async read(): Promise<StoreSnapshot> {
    if (this.last) {
      const res = await this.ns.get(GUARD).exec();
      const guard = Number(res.kvs[0]?.mod_revision ?? 0);
      // a commit of this process may have landed before its answer came back: it brings the snapshot
      if (guard !== this.last.guard) await this.committing;
      if (guard === this.last.guard) return this.last.snapshot;
    }
    return (await this.fetch()).snapshot;
  }

  /**
   * Group commit (group-commit.ts): the transactions gathered while one
   * commits land in one etcd transaction; when another server committed
   * first, they run again on fresh data.
   */
  transact<T>(fn: (snapshot: StoreSnapshot) => TxOutcome<T> | Promise<TxOutcome<T>>): Promise<T> {
    return this.queue.add(fn);
  }

  private async commitQueued(batch: readonly QueuedTx[]): Promise<void> {
    let pending = batch;
    try {
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        // the first attempt trusts the last snapshot: the guard's compare refuses it when another commit came between
        const current = attempt === 0 && this.last ? this.last : await this.fetch();
        const { done, writes } = await runBatch(pending, current.snapshot);
        if (await this.commitWrites(current, writes)) {
          for (const d of done) d.tx.resolve(d.result);
          return;
        }
        pending = done.map((d) => d.tx);
        // another server committed first: back off a little and retry on fresh data
        await new Promise((r) => setTimeout(r, Math.random() * 10 * (attempt + 1)));
      }
      throw new Error(`etcd at ${this.location}: gave up after ${MAX_ATTEMPTS} conflicting attempts; too many concurrent writers, try again`);
    } catch (e) {
      for (const tx of pending) tx.reject(e);
    }
  }

  /** One etcd transaction with `writes`, guarded by the snapshot's guard; false when another commit came first. */
  private async commitWrites(current: Fetched, writes: ReadonlyMap<string, StoreWrite>): Promise<boolean> {
    if (writes.size === 0) return true;
    const plan = planTxn([...writes.values()], current.entries);
    // blobs first, each once: content-addressed, so a blob of a transaction that loses is harmless
    const blobs = new Map(plan.blobs.map((b) => [b.key, b.value]));
    const present = new Set([...current.stored.values()].flatMap(listedBlobs));
    for (const [key, value] of blobs) if (!present.has(key)) await this.ns.put(key).value(value).exec();
    const ops = [
      ...[...plan.puts].map(([key, value]) => this.ns.put(key).value(value)),
      ...plan.deletes.map((key) => this.ns.delete().key(key)),
      ...plan.deletePrefixes.map((prefix) => this.ns.delete().prefix(prefix)),
    ];
    let txn = this.ns.if(GUARD, 'Mod', '==', current.guard);
    // the blobs it lists are still there (another writer may have collected one meanwhile)
    for (const key of blobs.keys()) txn = txn.and(key, 'Version', '>', 0);
    let settle = () => {};
    this.committing = new Promise((resolve) => (settle = resolve));
    let after: Fetched | null = null;
    const committed = new Map([...writes.values()].map((w) => [w.key, w.value]));
    try {
      const at = await this.marker.commit(txn, [...ops, this.ns.put(GUARD).value(String(Date.now()))]);
      if (at !== null) this.last = after = afterCommit(current, at, committed, plan);
    } finally {
      settle();
    }
    if (!after) return false;
    await this.collect(current.stored, after.stored, committed.keys());
    return true;
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
        // one change per etcd revision, naming each document once; the guard, blobs and section keys are the
        // store's own keys, not documents (a document's head is put with its sections)
        w.on('data', (res) => {
          const keys = new Set(res.events.map((ev) => ev.kv.key.toString('utf8')).filter((key) => !key.startsWith(OWN_KEYS)));
          if (keys.size > 0) listener({ keys: [...keys] });
        });
        if (closed) void w.cancel();
        else onReady?.();
        return w;
      });
    // a watch of an etcd that stopped answering sees no change: its listener is told to read (which fails, saying why)
    const unsubscribe = this.health.onSilence(() => listener({ keys: [] }));
    return () => {
      closed = true;
      unsubscribe();
      void pending.then((w) => w.cancel());
    };
  }

  /** The last snapshot read, while etcd does not answer (null when it does): what a request that reads only credentials may use. */
  recent(): StoreSnapshot | null {
    return this.health.down ? (this.last?.snapshot ?? null) : null;
  }

  async close(): Promise<void> {
    this.health.close();
    await this.marker.remove();
    this.client.close();
  }
}
