/**
 * The pending/apply workflow of the reference (PVE::API2::Network::SDN):
 * the global lock with its token, rollback of pending edits to the running
 * config, and apply, which compiles the edited files into a new
 * `.running-config` with the next version. Each returns the store writes of
 * one transaction, so apply and rollback land whole or not at all.
 */
import { randomUUID } from 'node:crypto';
import type { StoreWrite } from '../store/types.js';
import { SdnError } from '../util/errors.js';
import { RUNNING_SETS, STORE_KEYS, type SetName } from './kinds.js';
import { fileWrite, runningVersion, type RunningConfig, type SdnState, type TextSection } from './state.js';
import { toText } from './values.js';
import { configIds, pendingIds } from './views.js';
import { pruneWireguardKeys } from './wireguard-keys.js';

/** Every write takes the global lock when one is held: the caller must present its token. */
export function checkLockToken(state: SdnState, token: string | undefined): void {
  if (state.lock !== null && token !== state.lock) {
    throw new SdnError('invalid lock token provided! (the SDN config is locked; pass its lock-token, or release it with DELETE /cluster/sdn/lock --force 1)', 'locked');
  }
}

export function hasPendingChanges(state: SdnState): boolean {
  for (const set of ['zones', 'vnets', 'subnets', 'controllers'] as const) {
    const pending = pendingIds(state, set);
    if (Object.values(pending).some((p) => p.pending !== undefined)) return true;
  }
  return false;
}

export function acquireLock(state: SdnState, allowPending: boolean): { token: string; writes: StoreWrite[] } {
  if (state.lock !== null) throw new SdnError('could not acquire lock for SDN config: invalid lock token provided! (already locked)', 'locked');
  if (!allowPending && hasPendingChanges(state)) {
    throw new SdnError('could not acquire lock for SDN config: configuration has pending changes (apply or roll them back, or pass allow-pending 1)', 'conflict');
  }
  const token = randomUUID();
  return { token, writes: [{ key: STORE_KEYS.lock, value: token }] };
}

export function releaseLock(state: SdnState, token: string | undefined, force: boolean): StoreWrite[] {
  if (!force) checkLockToken(state, token);
  return state.lock === null ? [] : [{ key: STORE_KEYS.lock, value: null }];
}

/** The reference's compile_running_cfg: the edited files as the next running config. */
export function compileRunning(state: SdnState, bumpVersion: boolean): RunningConfig {
  const current = runningVersion(state);
  const version = current ? current + (bumpVersion ? 1 : 0) : 1;
  const out: Record<string, unknown> = { version };
  for (const set of RUNNING_SETS) out[set] = { ids: configIds(state, set) };
  return out as RunningConfig;
}

export function runningHasFrr(running: RunningConfig): boolean {
  const count = (set: SetName) => Object.keys((running[set] as { ids?: object } | undefined)?.ids ?? {}).length;
  return count('controllers') > 0 || count('fabrics') > 0;
}

export interface ApplyResult {
  readonly version: number;
  /** the running config this apply commits */
  readonly running: RunningConfig;
  readonly regenerateFrr: boolean;
  readonly writes: readonly StoreWrite[];
}

export function applyWrites(state: SdnState, token: string | undefined, releaseAfter: boolean): ApplyResult {
  checkLockToken(state, token);
  const running = compileRunning(state, true);
  const version = running.version ?? 1;
  const writes: StoreWrite[] = [
    { key: STORE_KEYS.running, value: JSON.stringify(running) },
    { key: STORE_KEYS.version, value: `${version}\n` },
    // interfaces gone from the applied config no longer need their keys
    ...pruneWireguardKeys(state, 'pending'),
  ];
  if (token && releaseAfter) writes.push({ key: STORE_KEYS.lock, value: null });
  return { version, running, regenerateFrr: runningHasFrr(state.running) || runningHasFrr(running), writes };
}

/** The section files holding `running`'s sets: what the pending config becomes on a rollback or a revert. */
export function pendingFromRunning(running: RunningConfig): StoreWrite[] {
  const writes: StoreWrite[] = [];
  for (const set of RUNNING_SETS) {
    const sections = new Map<string, TextSection>();
    const entry = running[set];
    for (const [id, section] of Object.entries(typeof entry === 'object' && entry !== null ? entry.ids : {})) {
      const values = new Map<string, string | readonly string[]>();
      for (const [k, v] of Object.entries(section)) {
        const text = toText(v);
        if (k !== 'type' && text !== undefined) values.set(k, text);
      }
      sections.set(id, { type: String(section.type), values });
    }
    writes.push(fileWrite(set, sections));
  }
  return writes;
}

export function rollbackWrites(state: SdnState, token: string | undefined, releaseAfter: boolean): StoreWrite[] {
  checkLockToken(state, token);
  // interfaces that never ran go with the edits
  const writes = [...pendingFromRunning(state.running), ...pruneWireguardKeys(state, 'running')];
  if (token && releaseAfter) writes.push({ key: STORE_KEYS.lock, value: null });
  return writes;
}
