/**
 * Confirm or roll back (a Weft extension, `PUT /cluster/sdn` with
 * `confirm=SECONDS`): the apply records what it replaced in
 * `sdn/.weft/confirm.json` with a deadline. `POST /cluster/sdn/confirm`
 * removes the record; otherwise, at the deadline or when a node fails, the
 * server publishes the previous running config again as the next version.
 *
 * Why a new version and not "agents, go back": agents only ever follow the
 * running version forward, so a rollback is one more apply they already know
 * how to do, and everything needed to do it (the previous config, the
 * deadline) is in the store — a server restarted mid-window, or another
 * server of the cluster, finishes it from there.
 */
import type { StoreSnapshot, StoreWrite } from '../store/types.js';
import { CONFIRM_KEY, readConfirm, type PendingConfirm } from './confirm-record.js';
import { SdnError } from '../util/errors.js';
import { RUNNING_SETS, STORE_KEYS } from './kinds.js';
import { revisionWrites } from './revisions.js';
import { loadState, runningVersion, type RunningConfig } from './state.js';

/** The longest window `confirm=` takes (a day): a forgotten confirmation must still end. */
export const MAX_CONFIRM_SECONDS = 86_400;

/** The pending confirmation of `version`, if the running config is that version and waits for one. */
export function confirmOf(docs: ReadonlyMap<string, string>, version: number): PendingConfirm | null {
  const c = readConfirm(docs);
  return c && c.version === version ? c : null;
}

export const confirmWrite = (c: PendingConfirm): StoreWrite => ({ key: CONFIRM_KEY, value: JSON.stringify(c) });

/** An apply while another waits for confirmation would make "the previous config" ambiguous: refused. */
export function refuseWhilePending(docs: ReadonlyMap<string, string>): void {
  const c = readConfirm(docs);
  if (c) {
    throw new SdnError(`version ${c.version} waits for confirmation until ${new Date(c.deadline).toISOString()}: confirm it (POST /cluster/sdn/confirm) or let it roll back first`, 'conflict');
  }
}

/** `POST /cluster/sdn/confirm`: the record goes, so nothing rolls back. */
export function confirmWrites(docs: ReadonlyMap<string, string>, now = Date.now()): { version: number; writes: StoreWrite[] } {
  const c = readConfirm(docs);
  if (!c) throw new SdnError('no apply waits for confirmation (it was confirmed, rolled back, or applied without confirm=)', 'not-found');
  if (now > c.deadline) throw new SdnError(`too late: the window of version ${c.version} ended at ${new Date(c.deadline).toISOString()}, it is being rolled back`, 'conflict');
  return { version: c.version, writes: [{ key: CONFIRM_KEY, value: null }] };
}

/**
 * The rollback of an unconfirmed apply: the previous running config as the
 * next version, recorded as a revision, the confirm record gone. null when
 * there is nothing to roll back (confirmed meanwhile, or another server did it).
 */
export function rollbackWritesOf(snap: StoreSnapshot, reason: string, keep: number): { version: number; previous: number; writes: StoreWrite[] } | null {
  const c = readConfirm(snap.docs);
  const state = loadState(snap);
  if (!c || runningVersion(state) !== c.version) return null;
  const version = c.version + 1;
  const config: Record<string, unknown> = { version };
  for (const set of RUNNING_SETS) config[set] = c.previous[set] ?? { ids: {} };
  const running = config as RunningConfig;
  const previous = c.previous.version ?? 0;
  return {
    version,
    previous,
    writes: [
      { key: STORE_KEYS.running, value: JSON.stringify(running) },
      { key: STORE_KEYS.version, value: `${version}\n` },
      { key: CONFIRM_KEY, value: null },
      ...revisionWrites(snap.docs, running, { time: Math.floor(Date.now() / 1000), user: c.user, note: `rollback of version ${c.version} to the config of version ${previous}: ${reason}`, before: state.running }, keep),
    ],
  };
}
