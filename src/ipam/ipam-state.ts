/**
 * Where the built-in IPAM's database lives: what `PveIpam` needs of it. The
 * directory store keeps it in the reference's file format beside the data
 * (`pve-store.ts`); etcd keeps one key per address, shared by every server
 * on that etcd (`etcd-ipam-state.ts`).
 */
import type { Revision } from '../util/revision.js';
import type { IpamOp, PveIpamDb } from './pve-db.js';

export interface IpamState {
  /** moves on with every change, this server's or another's (the reservations' long polls wait on it) */
  readonly revision: Revision;
  /** Runs `fn` on a current, consistent database without changing it. */
  read<T>(fn: (db: PveIpamDb) => T): Promise<T>;
  /**
   * Runs `fn`, which checks its request against the database and returns the
   * operations to apply; they land together or not at all. `fn` may run
   * again when another writer changed what it read, so it must be free of
   * side effects.
   */
  transaction<T>(fn: (db: PveIpamDb) => { readonly ops: readonly IpamOp[]; readonly result: T }): Promise<T>;
  /** `flush: false`: a reader that must not write (a node agent) */
  close(options?: { readonly flush?: boolean }): Promise<void>;
}
