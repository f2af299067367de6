/**
 * Group commit, shared by the stores: transactions that arrive while one
 * commits wait, then run one after the other, each on the snapshot with the
 * writes of those before it, and their writes land in one commit (each key
 * written once, its last write). One that throws is refused and left out;
 * each stays atomic and sees the others' writes, as if they ran in turn.
 */
import type { Mutex } from './mutex.js';
import { checkKey, type StoreSnapshot, type StoreWrite, type TxOutcome } from './types.js';

export interface QueuedTx {
  readonly fn: (snapshot: StoreSnapshot) => TxOutcome<unknown> | Promise<TxOutcome<unknown>>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

export interface RanBatch {
  /** the transactions that ran, with their results (resolve them once the commit landed) */
  readonly done: readonly { readonly tx: QueuedTx; readonly result: unknown }[];
  /** the writes of all of them, one per key, in the order of their last write */
  readonly writes: ReadonlyMap<string, StoreWrite>;
}

export async function runBatch(batch: readonly QueuedTx[], base: StoreSnapshot): Promise<RanBatch> {
  let view = base;
  const writes = new Map<string, StoreWrite>();
  const done: { tx: QueuedTx; result: unknown }[] = [];
  for (const tx of batch) {
    try {
      const out = await tx.fn(view);
      out.writes.forEach((w) => checkKey(w.key));
      if (out.writes.length > 0) {
        const docs = new Map(view.docs);
        for (const w of out.writes) {
          if (w.value === null) docs.delete(w.key);
          else docs.set(w.key, w.value);
          // the last write of a key wins; its place is its last write's
          writes.delete(w.key);
          writes.set(w.key, w);
        }
        view = { revision: `${base.revision}+${done.length + 1}`, docs };
      }
      done.push({ tx, result: out.result });
    } catch (e) {
      tx.reject(e);
    }
  }
  return { done, writes };
}

/** Transactions queued while a commit runs under `mutex`; the next commit takes them all. */
export class TxQueue {
  private queued: QueuedTx[] = [];

  constructor(
    private readonly mutex: Mutex,
    private readonly commit: (batch: QueuedTx[]) => Promise<void>,
  ) {}

  add<T>(fn: (snapshot: StoreSnapshot) => TxOutcome<T> | Promise<TxOutcome<T>>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queued.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      if (this.queued.length === 1) void this.mutex.run(() => this.commit(this.queued.splice(0)));
    });
  }
}
