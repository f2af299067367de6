/**
 * The cluster store: documents are etcd keys under a prefix (default
 * `/weft/`). A transaction reads every document of the prefix at one
 * revision, then commits its writes with a compare on a guard key that every
 * commit bumps: if another writer committed in between, nothing is written
 * and the transaction is re-run on fresh data. One etcd transaction carries
 * all writes, so they land together or not at all. A document too large for
 * one etcd request is stored as a manifest of blobs (etcd-chunks.ts). A read
 * asks only for the guard key while it is unchanged.
 */
import { Etcd3, type Namespace } from 'etcd3';
import { BLOB_PREFIX, documentText, manifestOf, storedForm } from './etcd-chunks.js';
import { Mutex } from './mutex.js';
import { checkKey, type ConfigStore, type StoreChange, type StoreSnapshot, type StoreWrite, type TxOutcome } from './types.js';

const GUARD = '.weft-rev';
const MAX_ANSWER_BYTES = 512 * 1024 * 1024;

interface Fetched {
  readonly snapshot: StoreSnapshot;
  readonly guard: number;
  /** the stored values (manifests of large documents) */
  readonly stored: ReadonlyMap<string, string>;
  readonly blobs: ReadonlySet<string>;
}
const MAX_ATTEMPTS = 50;

export interface EtcdStoreOptions {
  readonly url: string;
  readonly prefix?: string;
}

/** The snapshot after this process's own commit (at `guard`, the commit's revision): the next transaction starts from it. */
function afterCommit(before: Fetched, guard: number, writes: readonly StoreWrite[], stored: ReadonlyMap<string, string>, added: Iterable<string>): Fetched {
  const docs = new Map(before.snapshot.docs);
  for (const w of writes) {
    if (w.value === null) docs.delete(w.key);
    else docs.set(w.key, w.value);
  }
  const listed = new Set([...stored.values()].flatMap(manifestOf));
  const blobs = new Set([...before.blobs, ...added].filter((k) => listed.has(k)));
  return { snapshot: { revision: String(guard), docs }, guard, stored, blobs };
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

  /** Every document at one revision, large ones put together from their blobs (etcd-chunks.ts). */
  private async fetch(): Promise<Fetched> {
    const res = await this.ns.getAll().exec();
    const stored = new Map<string, string>();
    const blobs = new Map<string, Buffer>();
    let guard = 0;
    for (const kv of res.kvs) {
      // the namespace already strips the prefix
      const key = kv.key.toString('utf8');
      if (key === GUARD) guard = Number(kv.mod_revision);
      else if (key.startsWith(BLOB_PREFIX)) blobs.set(key, kv.value);
      else stored.set(key, kv.value.toString('utf8'));
    }
    const docs = new Map<string, string>();
    for (const [key, value] of stored) {
      const text = documentText(value, (k) => blobs.get(k));
      if (text === null) throw new Error(`etcd at ${this.location}: '${key}' lists a blob that is missing; the store is damaged`);
      docs.set(key, text);
    }
    const fetched = { snapshot: { revision: String(guard), docs }, guard, stored, blobs: new Set(blobs.keys()) };
    this.last = fetched;
    return fetched;
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
        const forms = writes.map((w) => ({ key: w.key, form: w.value === null ? null : storedForm(w.value) }));
        // blobs first, each once: content-addressed, so a blob of a transaction that loses is harmless
        const blobs = new Map(forms.flatMap((f) => f.form?.blobs ?? []).map((b) => [b.key, b.value]));
        for (const [key, value] of blobs) if (!current.blobs.has(key)) await this.ns.put(key).value(value).exec();
        const ops = forms.map((f) => (f.form === null ? this.ns.delete().key(f.key) : this.ns.put(f.key).value(f.form.value)));
        let txn = this.ns.if(GUARD, 'Mod', '==', current.guard);
        // the blobs it lists are still there (another writer may have collected one meanwhile)
        for (const key of blobs.keys()) txn = txn.and(key, 'Version', '>', 0);
        const res = await txn.then(...ops, this.ns.put(GUARD).value(String(Date.now()))).commit();
        if (res.succeeded) {
          const stored = await this.collect(current.stored, forms);
          this.last = afterCommit(current, Number(res.header.revision), writes, stored, blobs.keys());
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
   * more (best effort: a leftover only takes space); the stored values after the commit.
   */
  private async collect(before: ReadonlyMap<string, string>, forms: ReadonlyArray<{ key: string; form: { value: string } | null }>): Promise<ReadonlyMap<string, string>> {
    const after = new Map(before);
    for (const f of forms) {
      if (f.form === null) after.delete(f.key);
      else after.set(f.key, f.form.value);
    }
    const listed = new Set([...after.values()].flatMap(manifestOf));
    const gone = forms.flatMap((f) => manifestOf(before.get(f.key) ?? '')).filter((k) => !listed.has(k));
    for (const key of new Set(gone)) await this.ns.delete().key(key).exec().catch(() => undefined);
    return after;
  }

  watch(prefix: string, listener: (change: StoreChange) => void, onReady?: () => void): () => void {
    let closed = false;
    const pending = this.ns
      .watch()
      .prefix(prefix)
      .create()
      .then((w) => {
        // blobs and the guard are the store's own keys, not documents
        const emit = (kv: { key: Buffer }) => {
          const key = kv.key.toString('utf8');
          if (key !== GUARD && !key.startsWith(BLOB_PREFIX)) listener({ keys: [key] });
        };
        w.on('put', emit);
        w.on('delete', emit);
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
