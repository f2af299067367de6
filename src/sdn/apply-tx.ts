/**
 * One apply as one store transaction: the reference's commit (workflow.ts:
 * `.running-config` and `.version`), plus Weft's revision record and, with
 * `confirm`, the record of what to return to. A revert is the same apply
 * with the revision's config written as the pending config first.
 */
import type { StoreSnapshot, StoreWrite, TxOutcome } from '../store/types.js';
import { SdnError } from '../util/errors.js';
import { confirmWrite, MAX_CONFIRM_SECONDS, refuseWhilePending } from './confirm.js';
import type { PendingConfirm } from './confirm-record.js';
import { readRevision, revisionWrites } from './revisions.js';
import { checkLockToken, applyWrites, pendingFromRunning, type ApplyResult } from './workflow.js';
import { loadState } from './state.js';

export interface ApplyRequest {
  readonly token: string | undefined;
  readonly releaseLock: boolean;
  readonly user: string;
  /** how many revisions to keep (`weft server --keep-revisions`) */
  readonly keep: number;
  /** seconds to wait for `POST /cluster/sdn/confirm` before rolling back; absent: the reference's apply */
  readonly confirm?: number;
  readonly note?: string;
}

export interface Applied extends ApplyResult {
  readonly confirm: PendingConfirm | null;
}

export function applyTx(snap: StoreSnapshot, req: ApplyRequest): TxOutcome<Applied> {
  const state = loadState(snap);
  refuseWhilePending(snap.docs);
  const r = applyWrites(state, req.token, req.releaseLock);
  if (req.confirm !== undefined && (!Number.isInteger(req.confirm) || req.confirm < 1 || req.confirm > MAX_CONFIRM_SECONDS)) {
    throw new SdnError(`confirm: a whole number of seconds from 1 to ${MAX_CONFIRM_SECONDS}`);
  }
  const now = Date.now();
  const confirm: PendingConfirm | null = req.confirm === undefined ? null : { version: r.version, previous: state.running, window: req.confirm, deadline: now + req.confirm * 1000, user: req.user };
  const writes: StoreWrite[] = [
    ...r.writes,
    ...revisionWrites(snap.docs, r.running, { time: Math.floor(now / 1000), user: req.user, ...(req.note ? { note: req.note } : {}), before: state.running }, req.keep),
    ...(confirm ? [confirmWrite(confirm)] : []),
  ];
  return { writes, result: { ...r, confirm } };
}

/** The snapshot as it would be after `writes` (a transaction composed of two steps). */
function withWrites(snap: StoreSnapshot, writes: readonly StoreWrite[]): StoreSnapshot {
  const docs = new Map(snap.docs);
  for (const w of writes) {
    if (w.value === null) docs.delete(w.key);
    else docs.set(w.key, w.value);
  }
  return { revision: `${snap.revision}+revert`, docs };
}

/** Revision `n`'s config becomes the pending config and is applied, in one transaction. */
export function revertTx(snap: StoreSnapshot, n: number, req: ApplyRequest): TxOutcome<Applied> {
  const revision = readRevision(snap.docs, n);
  if (!revision) throw new SdnError(`revision ${n} is not kept (GET /cluster/sdn/revisions lists those that are)`, 'not-found');
  // the lock is checked before anything is written, as an apply does
  checkLockToken(loadState(snap), req.token);
  const files = pendingFromRunning(revision.config);
  const applied = applyTx(withWrites(snap, files), { ...req, note: req.note ?? `revert to revision ${n}` });
  return { writes: [...files, ...applied.writes], result: applied.result };
}
