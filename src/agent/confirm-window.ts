/**
 * A node's side of confirm-or-roll-back: after applying a version that
 * waits for confirmation, the agent keeps asking its source whether it was
 * confirmed. If the source stays unreachable for the whole window — the
 * change may have cut this node off, so no rollback from the server could
 * reach it — the agent returns to the previous version by itself.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { RunningDoc } from '../sdn/running-doc.js';
import type { AgentSource } from './source.js';

/** under the server's longest wait (api/routes/agent.ts MAX_POLL_SECONDS) and proxies' idle cut */
const MAX_ASK_SECONDS = 30;

export type ConfirmOutcome = 'confirmed' | 'superseded' | 'unreachable';

/** Waits for `doc`'s confirmation; 'unreachable' once `source` could not be reached for the window in a row. */
export async function awaitConfirmation(source: AgentSource, doc: RunningDoc & { readonly confirm: NonNullable<RunningDoc['confirm']> }, log: (line: string) => void, signal: AbortSignal): Promise<ConfirmOutcome> {
  const windowMs = doc.confirm.window * 1000;
  // several questions per window, so one lost answer does not count as the whole window
  const askSeconds = Math.min(MAX_ASK_SECONDS, Math.max(1, Math.floor(doc.confirm.window / 4)));
  let contact = Date.now();
  let lost = false;
  log(`version ${doc.version} waits for confirmation (${doc.confirm.window} s); without contact to ${source.description} for that long this node returns to version ${doc.confirm.previous.version}`);
  for (;;) {
    try {
      const answer = await source.checkConfirm(doc, askSeconds, signal);
      contact = Date.now();
      if (lost) log(`${source.description} is reachable again`);
      lost = false;
      if (answer !== 'waiting') return answer;
    } catch (e) {
      if (signal.aborted) throw e;
      const left = windowMs - (Date.now() - contact);
      if (left <= 0) return 'unreachable';
      if (!lost) log(`cannot reach ${source.description} while version ${doc.version} waits for confirmation: ${(e as Error).message}`);
      lost = true;
      await sleep(Math.min(1000, left), undefined, { signal });
    }
  }
}
