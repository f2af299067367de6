/**
 * Waiting for something to show up in the store, woken by its watch rather
 * than by polling: `check` runs on a fresh snapshot now and after every
 * change under `prefix`, until it answers, the time is up or the caller
 * aborts. A store that does not answer fails the wait (its read's error).
 */
import { sleepUntilWoken as sleep } from '../util/wake-sleep.js';
import type { ConfigStore, StoreSnapshot } from './types.js';

export interface WaitOptions {
  /** give up after this long (answer undefined); default: wait forever */
  readonly timeoutMs?: number;
  /** rejects with the abort reason */
  readonly signal?: AbortSignal;
}

export async function waitFor<T>(store: ConfigStore, prefix: string, check: (snapshot: StoreSnapshot) => T | undefined, opts: WaitOptions = {}): Promise<T | undefined> {
  const deadline = opts.timeoutMs === undefined ? Infinity : Date.now() + opts.timeoutMs;
  let changes = 0;
  let wake: (() => void) | null = null;
  let ready = false;
  let onReady: (() => void) | null = null;
  const stop = store.watch(
    prefix,
    () => {
      changes++;
      wake?.();
    },
    () => {
      ready = true;
      onReady?.();
    },
  );
  try {
    // a snapshot read before the watch is live could miss a change made in between
    if (!ready) {
      // a store that does not answer never readies its watch: a read, bounded, tells so
      const probe: { failure?: { readonly error: unknown } } = {};
      store.read().catch((error: unknown) => {
        probe.failure = { error };
        onReady?.();
      });
      await sleep((w) => (onReady = w), deadline, opts.signal);
      if (!ready && probe.failure) throw probe.failure.error;
    }
    for (;;) {
      const seen = changes;
      const answer = check(await store.read());
      if (answer !== undefined || Date.now() >= deadline) return answer;
      if (changes === seen) await sleep((w) => (wake = w), deadline, opts.signal);
      wake = null;
    }
  } finally {
    stop();
  }
}
