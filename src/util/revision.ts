/**
 * A revision that moves on with every change of some state, and a wait for
 * it to move: what a long poll answers from. The text carries a per-process
 * instance id, so a client holding a revision from before a restart never
 * mistakes it for the current one.
 */
import { randomBytes } from 'node:crypto';
import { sleepUntilWoken } from './wake-sleep.js';

export class Revision {
  private readonly instance = randomBytes(4).toString('hex');
  private changes = 0;
  private readonly waiters = new Set<() => void>();

  get current(): string {
    return `${this.instance}-${this.changes}`;
  }

  /** The state changed: the revision moves on and waiters wake. */
  bump(): void {
    this.changes++;
    for (const wake of this.waiters) wake();
    this.waiters.clear();
  }

  /** The current revision once it is not `since`, or after `timeoutMs` (whatever it is then); rejects when `signal` aborts. */
  async after(since: string | undefined, timeoutMs: number, signal?: AbortSignal): Promise<string> {
    if (since === undefined || since !== this.current) return this.current;
    let wake: (() => void) | undefined;
    try {
      await sleepUntilWoken((w) => this.waiters.add((wake = w)), Date.now() + timeoutMs, signal);
    } finally {
      if (wake) this.waiters.delete(wake);
    }
    return this.current;
  }
}
