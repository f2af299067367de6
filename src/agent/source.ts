/**
 * Where an agent gets the running config and reports to: the store itself
 * (a data directory or etcd, `store-source.ts`) or the API server
 * (`server-source.ts`). Both wait for changes rather than poll: a store
 * watch, or a long poll on the server.
 */
import type { FactsReport, NodeStatus } from '../sdn/node-status.js';
import type { RunningDoc } from '../sdn/running-doc.js';

export type ConfirmCheck = 'confirmed' | 'superseded' | 'waiting';

/** What the source says of `doc` now: `current` is its running config. */
export function confirmCheck(doc: RunningDoc, current: RunningDoc | null): ConfirmCheck {
  if (!current || current.version !== doc.version) return 'superseded';
  return current.confirm ? 'waiting' : 'confirmed';
}

/** Takes the node's reports (`nodes/<node>/…` in the store). */
export interface Reporter {
  publishStatus(status: NodeStatus): Promise<void>;
  publishFacts(report: FactsReport): Promise<void>;
}

export interface AgentSource extends Reporter {
  /** for logs: where the config comes from */
  readonly description: string;
  /** the running config now; null when none was applied yet */
  current(): Promise<RunningDoc | null>;
  /** waits until the running config has a version other than `known` (0: any) and returns it; rejects when `signal` aborts */
  nextRunning(known: number, signal: AbortSignal): Promise<RunningDoc>;
  /**
   * Asks once whether `doc` (waiting for confirmation) was confirmed or
   * superseded, waiting up to `seconds` for either; rejects when the source
   * cannot be reached (agent/confirm-window.ts counts how long).
   */
  checkConfirm(doc: RunningDoc, seconds: number, signal: AbortSignal): Promise<ConfirmCheck>;
  close(): Promise<void>;
}
