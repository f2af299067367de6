/**
 * The cluster store: documents are etcd keys under a prefix (default
 * `/weft/`). A transaction reads every document of the prefix at one
 * revision, then commits its writes with a compare on a guard key that every
 * commit bumps: if another writer committed in between, nothing is written
 * and the transaction is re-run on fresh data. One etcd transaction carries
 * all writes, so they land together or not at all.
 */
import { Etcd3, type Namespace } from 'etcd3';
import { Mutex } from './mutex.js';
import { checkKey, type ConfigStore, type StoreChange, type StoreSnapshot, type TxOutcome } from './types.js';

const GUARD = '.weft-rev';
const MAX_ATTEMPTS = 50;

export interface EtcdStoreOptions {
  readonly url: string;
  readonly prefix?: string;
}

export class EtcdStore implements ConfigStore {
  readonly kind = 'etcd' as const;
  readonly location: string;
  private readonly client: Etcd3;
  private readonly ns: Namespace;
  private readonly prefix: string;
  // writers in this process take turns, so they never conflict with each other
  private readonly mutex = new Mutex();

  constructor(options: EtcdStoreOptions) {
    this.prefix = options.prefix ?? '/weft/';
    this.location = `${options.url} (prefix ${this.prefix})`;
    this.client = new Etcd3({ hosts: options.url.split(','), dialTimeout: 5000 });
    this.ns = this.client.namespace(this.prefix);
  }

  /** Fails with an actionable message when etcd is unreachable. */
  async check(): Promise<void> {
    try {
      await this.ns.get(GUARD).exec();
    } catch (e) {
      throw new Error(`cannot reach etcd at ${this.location}: ${(e as Error).message}; check --etcd and that etcd is running`, { cause: e });
    }
  }

  private async fetch(): Promise<{ snapshot: StoreSnapshot; guard: number }> {
    const res = await this.ns.getAll().exec();
    const docs = new Map<string, string>();
    let guard = 0;
    for (const kv of res.kvs) {
      // the namespace already strips the prefix
      const key = kv.key.toString('utf8');
      if (key === GUARD) guard = Number(kv.mod_revision);
      else docs.set(key, kv.value.toString('utf8'));
    }
    return { snapshot: { revision: String(guard), docs }, guard };
  }

  async read(): Promise<StoreSnapshot> {
    return (await this.fetch()).snapshot;
  }

  transact<T>(fn: (snapshot: StoreSnapshot) => TxOutcome<T> | Promise<TxOutcome<T>>): Promise<T> {
    return this.mutex.run(async () => {
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const { snapshot, guard } = await this.fetch();
        const { writes, result } = await fn(snapshot);
        if (writes.length === 0) return result;
        writes.forEach((w) => checkKey(w.key));
        const ops = writes.map((w) => (w.value === null ? this.ns.delete().key(w.key) : this.ns.put(w.key).value(w.value)));
        const res = await this.ns
          .if(GUARD, 'Mod', '==', guard)
          .then(...ops, this.ns.put(GUARD).value(String(Date.now())))
          .commit();
        if (res.succeeded) return result;
        // another server committed first: back off a little and retry on fresh data
        await new Promise((r) => setTimeout(r, Math.random() * 10 * (attempt + 1)));
      }
      throw new Error(`etcd at ${this.location}: gave up after ${MAX_ATTEMPTS} conflicting attempts; too many concurrent writers, try again`);
    });
  }

  watch(prefix: string, listener: (change: StoreChange) => void, onReady?: () => void): () => void {
    let closed = false;
    const pending = this.ns
      .watch()
      .prefix(prefix)
      .create()
      .then((w) => {
        const emit = (kv: { key: Buffer }) => listener({ keys: [kv.key.toString('utf8')] });
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
