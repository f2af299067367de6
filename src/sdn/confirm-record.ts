/**
 * The record of an apply that waits for its confirmation (confirm.ts), as
 * kept in the store. Apart from confirm.ts so that a server's start, which
 * only asks whether one waits, does not load the SDN state's modules.
 */
import { parseJsonOr } from '../util/json-or.js';
import type { RunningConfig } from './state.js';

export const CONFIRM_KEY = 'sdn/.weft/confirm.json';

export interface PendingConfirm {
  /** the applied version that waits for confirmation */
  readonly version: number;
  /** the running config it replaced (version 0 and no sets when nothing ran before) */
  readonly previous: RunningConfig;
  /** seconds the apply gave */
  readonly window: number;
  /** unix milliseconds */
  readonly deadline: number;
  readonly user: string;
}

export function readConfirm(docs: ReadonlyMap<string, string>): PendingConfirm | null {
  const c = parseJsonOr<PendingConfirm | null>(docs.get(CONFIRM_KEY), null);
  return c && typeof c === 'object' && typeof c.version === 'number' && typeof c.deadline === 'number' && typeof c.previous === 'object' ? c : null;
}
