/**
 * Where an agent gets the DHCP reservations of its DHCP zones (the `ethers`
 * files), and how it hears that they changed: a watch on the server's IPAM
 * files (`--data-dir`), the IPAM's own revision on etcd (`--etcd`) or a
 * long poll on the server (`--server`); never a
 * timer. A change re-applies the running config, which rewrites `ethers`.
 */
import { existsSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { HostsOf } from '../ipam/dhcp-hosts.js';
import { dhcpHostsOf } from '../ipam/dhcp-hosts.js';
import type { IpamState } from '../ipam/ipam-state.js';
import { ipamDbPath } from '../ipam/paths.js';
import { PveIpamStore } from '../ipam/pve-store.js';
import { Revision } from '../util/revision.js';

export interface ReservationSource {
  /** the reservations now */
  read(): Promise<HostsOf>;
  /** Resolves once the reservations may have changed since the last call; rejects when `signal` aborts. */
  changed(signal: AbortSignal): Promise<void>;
  close(): void;
}

/** A burst of writes (a compaction renames the snapshot, then rewrites the journal) wakes the agent once. */
const SETTLE_MS = 100;

/**
 * The reservations in the server's IPAM database in its data directory
 * (read under its lock, never written). Only the snapshot and its journal
 * count as changes: the lock file comes and goes with every read, this
 * agent's own included.
 */
export function ipamFileReservations(dataDir: string): ReservationSource {
  const path = ipamDbPath(dataDir);
  const dir = dirname(path);
  const names = new Set([basename(path), `${basename(path)}.journal`]);
  const revision = new Revision();
  let seen = revision.current;
  let watcher: FSWatcher | null = null;

  // the IPAM folder appears with the server's first allocation: watch its parent until then
  const arm = () => {
    if (watcher) return;
    if (existsSync(dir)) {
      watcher = watch(dir, (_event, name) => {
        if (name !== null && names.has(name)) revision.bump();
      });
    } else {
      watcher = watch(dirname(dir), (_event, name) => {
        if (name !== basename(dir) || !existsSync(dir)) return;
        watcher?.close();
        watcher = null;
        arm();
        revision.bump();
      });
    }
    watcher.on('error', () => {
      // the folder was removed: watch for it again and let the agent re-read
      watcher?.close();
      watcher = null;
      arm();
      revision.bump();
    });
  };

  return {
    // a one-off read (`weft agent --once`) leaves nothing watching; `changed` starts the watch
    async read() {
      if (!existsSync(path)) return () => [];
      const store = new PveIpamStore({ path });
      try {
        return await store.read((db) => dhcpHostsOf(db));
      } finally {
        await store.close({ flush: false });
      }
    },
    async changed(signal) {
      arm();
      seen = await revision.after(seen, Infinity, signal);
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
      seen = revision.current;
    },
    close() {
      watcher?.close();
      watcher = null;
    },
  };
}

/** The reservations in an IPAM state this process holds (etcd: its watch moves the revision on every server's change). */
export function ipamStateReservations(state: IpamState): ReservationSource {
  let seen = state.revision.current;
  return {
    read() {
      // taken before the read: a change after it is a new revision
      seen = state.revision.current;
      return state.read((db) => dhcpHostsOf(db));
    },
    async changed(signal) {
      seen = await state.revision.after(seen, Infinity, signal);
    },
    close() {
      void state.close({ flush: false });
    },
  };
}
