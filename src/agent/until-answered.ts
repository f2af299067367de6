/**
 * Asking an agent's source (the API server, or the store itself) until it
 * answers: the first failure is logged with its reason and the answer after
 * failures once, not every try; meanwhile it is asked again every RETRY_MS.
 */
import { setTimeout as sleep } from 'node:timers/promises';

export const RETRY_MS = 5000;

/**
 * `ask` until it gives an answer (undefined: ask again at once, e.g. a long
 * poll that timed out). `ask` calls `answering` as soon as the source
 * answers, before a long wait for the answer itself.
 */
export async function untilAnswered<T>(ask: (answering: () => void) => Promise<T | undefined>, what: string, from: string, log: (line: string) => void, signal: AbortSignal): Promise<T> {
  let failing = false;
  const answering = () => {
    if (failing) log(`${from} answers ${what} again`);
    failing = false;
  };
  for (;;) {
    try {
      const answer = await ask(answering);
      answering();
      if (answer !== undefined) return answer;
    } catch (e) {
      if (signal.aborted) throw e;
      if (!failing) log(`cannot get ${what} from ${from}: ${(e as Error).message}; trying again every ${RETRY_MS / 1000} s (told again once it answers)`);
      failing = true;
      await sleep(RETRY_MS, undefined, { signal });
    }
  }
}
