/**
 * The config store: a small set of text documents ("files") keyed by a
 * relative path (`sdn/zones.cfg`, `sdn/.running-config`, `access/access.json`,
 * `priv/access/shadow.json`, …), read as one consistent snapshot and changed
 * only through serializable transactions. Both backends (a directory in the
 * `/etc/pve` layout, etcd) give the same guarantees: a transaction either
 * lands whole or not at all, and concurrent transactions never lose writes.
 */

export interface StoreSnapshot {
  /** opaque; changes whenever any document changes */
  readonly revision: string;
  readonly docs: ReadonlyMap<string, string>;
}

/** `value: null` deletes the document. */
export interface StoreWrite {
  readonly key: string;
  readonly value: string | null;
  /**
   * `value` as UTF-8, in pieces, when the writer made it without encoding the
   * whole text (an edited section file, sdn/state.ts): a store writing bytes
   * writes these one after the other, without joining them
   */
  readonly bytes?: readonly Uint8Array[];
}

export interface TxOutcome<T> {
  readonly writes: readonly StoreWrite[];
  readonly result: T;
}

export interface StoreChange {
  /** the documents changed; none when the store stopped answering (changes may go unseen: a read tells more) */
  readonly keys: readonly string[];
}

export interface ConfigStore {
  readonly kind: 'directory' | 'etcd';
  /** human description for logs: the directory or the etcd URL */
  readonly location: string;
  read(): Promise<StoreSnapshot>;
  /**
   * Runs `fn` on the current snapshot and commits its writes atomically. `fn`
   * may be called again when another writer committed first (etcd), so it
   * must be free of side effects; throwing aborts without writing.
   */
  transact<T>(fn: (snapshot: StoreSnapshot) => TxOutcome<T> | Promise<TxOutcome<T>>): Promise<T>;
  /**
   * Calls `listener` after documents under `prefix` changed (by anyone);
   * returns the unsubscribe. `onReady` is called once changes are being
   * watched: a read after it cannot miss a later change.
   */
  watch(prefix: string, listener: (change: StoreChange) => void, onReady?: () => void): () => void;
  /**
   * While the store does not answer (etcd down or cut off), the last
   * snapshot this process read; null while it answers. Only what may be
   * read stale during an outage uses it (the credentials a request is
   * checked with), as a Proxmox VE node without quorum still reads its copy
   * of /etc/pve.
   */
  recent?(): StoreSnapshot | null;
  close(): Promise<void>;
}

/** Keys must be relative, slash-separated, with no `..` and no empty segment. */
export function checkKey(key: string): void {
  if (!/^[A-Za-z0-9_.][A-Za-z0-9_.@!-]*(\/[A-Za-z0-9_.][A-Za-z0-9_.@!-]*)*$/.test(key) || key.split('/').includes('..')) {
    throw new Error(`internal: invalid store key '${key}'`);
  }
}
