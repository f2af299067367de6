/**
 * The task of an apply given `confirm=SECONDS`: it follows the nodes as any
 * apply does and waits for the confirmation; at the deadline without one,
 * or as soon as a node fails the version, it rolls back (confirm.ts) and
 * follows the nodes onto the rollback version. A server started while a
 * confirmation is pending runs the same task from the stored record.
 */
import type { ConfigStore } from '../store/types.js';
import { waitFor } from '../store/wait.js';
import type { TaskLog } from '../tasks/tasks.js';
import { followApply, type ApplyNodes } from './apply-follow.js';
import { confirmOf, rollbackWritesOf } from './confirm.js';
import type { PendingConfirm } from './confirm-record.js';
import { runningDoc } from './running-doc.js';

export interface ConfirmFollowOptions {
  /** how long the nodes get to apply a version (the apply's agent timeout) */
  readonly timeoutMs: number;
  readonly keep: number;
  readonly signal?: AbortSignal;
}

type Decision = 'confirmed' | 'expired' | 'superseded';

/** Waits until `c` is confirmed (its record gone, its version running), superseded, or its deadline passed. */
async function decision(store: ConfigStore, c: PendingConfirm, signal: AbortSignal): Promise<Decision> {
  const decided = await waitFor(
    store,
    'sdn/',
    (snap): Decision | undefined => {
      if (confirmOf(snap.docs, c.version)) return undefined;
      return (runningDoc(snap.docs)?.version ?? 0) === c.version ? 'confirmed' : 'superseded';
    },
    { timeoutMs: Math.max(0, c.deadline - Date.now()), signal },
  );
  return decided ?? 'expired';
}

const linked = (outer: AbortSignal | undefined): AbortController => {
  const c = new AbortController();
  if (outer) outer.addEventListener('abort', () => c.abort(outer.reason), { once: true });
  return c;
};

/** Rolls `c` back (unless confirmed meanwhile) and follows the nodes onto the rollback version; throws saying what happened. */
async function rollBack(store: ConfigStore, c: PendingConfirm, reason: string, nodes: ApplyNodes, log: TaskLog, o: ConfirmFollowOptions): Promise<void> {
  const rb = await store.transact((snap) => {
    const r = rollbackWritesOf(snap, reason, o.keep);
    return { writes: r?.writes ?? [], result: r };
  });
  if (!rb) {
    log(`version ${c.version} was confirmed (or rolled back by another server) before the rollback: nothing to do`);
    return;
  }
  log(`rolling back: ${reason}`);
  log(`published the config of version ${rb.previous} as version ${rb.version}; every node returns to it`);
  await followApply(store, rb.version, nodes, log, { timeoutMs: o.timeoutMs, ...(o.signal ? { signal: o.signal } : {}) }).catch((e: Error) => log.warn(e.message));
  throw new Error(`version ${c.version} rolled back (${reason}); the nodes run version ${rb.version}, the config of version ${rb.previous}`);
}

export async function followConfirmed(store: ConfigStore, c: PendingConfirm, nodes: ApplyNodes, log: TaskLog, o: ConfirmFollowOptions): Promise<void> {
  log(`version ${c.version} must be confirmed within ${c.window} s (POST /cluster/sdn/confirm before ${new Date(c.deadline).toISOString()}); otherwise every node returns to the config of version ${c.previous.version ?? 0}`);
  const following = linked(o.signal);
  const waiting = linked(o.signal);
  const followed = followApply(store, c.version, nodes, log, { timeoutMs: o.timeoutMs, signal: following.signal, failFast: true }).then(
    () => null,
    (e: Error) => e,
  );
  const decided = decision(store, c, waiting.signal);
  // not awaited when a node fails first: its abort below must not be an unhandled rejection
  decided.catch(() => undefined);
  const first = await Promise.race([followed.then((error) => ({ error })), decided.then((d) => ({ d }))]);
  try {
    if ('error' in first) {
      if (first.error) {
        if (o.signal?.aborted) throw first.error;
        return await rollBack(store, c, first.error.message, nodes, log, o);
      }
      log(`every node applied version ${c.version}; waiting for the confirmation`);
    }
    const d = await decided;
    if (d === 'superseded') throw new Error(`version ${c.version} was superseded before it was confirmed (rolled back by another server?)`);
    if (d === 'expired') {
      following.abort();
      return await rollBack(store, c, `not confirmed within ${c.window} s`, nodes, log, o);
    }
    log(`version ${c.version} confirmed: it stays`);
    const error = await followed;
    if (error) throw error;
  } finally {
    following.abort();
    waiting.abort();
  }
}
