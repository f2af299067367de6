/**
 * Sleeping until woken: the building block of waits that a watch or an
 * event ends, never a polling timer.
 */

/**
 * Resolves when the `wake` function handed to `register` is called, at
 * `deadline` (epoch ms; Infinity: none), or rejects when `signal` aborts.
 */
export function sleepUntilWoken(register: (wake: () => void) => void, deadline: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = Number.isFinite(deadline) ? setTimeout(done, Math.max(0, deadline - Date.now())) : null;
    const onAbort = () => {
      cleanup();
      reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
    };
    function cleanup() {
      if (timer) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
    function done() {
      cleanup();
      resolve();
    }
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    register(done);
  });
}
