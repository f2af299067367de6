/**
 * The agent's side of the API's live-state queries (`src/sdn/node-query.ts`):
 * wait for queries to this node (a watch on the store, or the server's long
 * poll), answer each from the node's live state (`live-state.ts`), or the
 * drift checks and repairs from the agent's own loop, wait again.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { AgentQuery, NodeQuery, QueryAnswer } from '../sdn/node-query.js';
import type { NodeHost } from './host.js';
import { liveState } from './live-state.js';
import type { FrrPaths } from './node-plan.js';

/** Answers the queries only the agent's loop can (drift, repair). */
export type AgentQueries = (ask: AgentQuery) => Promise<unknown>;

export interface QuerySource {
  /** Waits until the node has queries other than `handled` and returns them; rejects when `signal` aborts. */
  next(handled: ReadonlySet<string>, signal: AbortSignal): Promise<NodeQuery[]>;
  answer(id: string, answer: QueryAnswer): Promise<void>;
}

/** After a failed wait (the store unreachable), listen again after this pause. */
const RETRY_MS = 5000;
/** A query handled this long ago is gone from the store (the server waits seconds, then removes it). */
const FORGET_MS = 120_000;

/** true once the answer is with the server (the query is no longer pending there) */
async function answer(host: NodeHost, frr: FrrPaths, source: QuerySource, q: NodeQuery, own: AgentQueries | undefined, log: (line: string) => void): Promise<boolean> {
  const ask = q.ask;
  const asked = ask.kind === 'drift' || ask.kind === 'repair' ? (own ? own(ask) : Promise.reject(new Error('this agent does not check for drift'))) : liveState(host, frr, q);
  const reply: QueryAnswer = await asked.then(
    (data) => ({ data }),
    (e: Error) => ({ error: e.message }),
  );
  try {
    await source.answer(q.id, reply);
    return true;
  } catch (e) {
    log(`could not answer the ${q.ask.kind} query: ${(e as Error).message}`);
    return false;
  }
}

/** Answers the node's queries, each as it comes (a slow one holds up no other), until `signal` aborts. */
export async function answerQueries(host: NodeHost, frr: FrrPaths, source: QuerySource, log: (line: string) => void, signal: AbortSignal, own?: AgentQueries): Promise<void> {
  // being answered, or failed to answer: not taken up again while the server still shows the query
  const handled = new Map<string, number>();
  const answering = new Set<Promise<void>>();
  while (!signal.aborted) {
    let queries: NodeQuery[];
    try {
      queries = await source.next(new Set(handled.keys()), signal);
    } catch (e) {
      if (signal.aborted) break;
      log(`cannot receive live-state queries: ${(e as Error).message}; listening again in ${RETRY_MS / 1000} s`);
      await sleep(RETRY_MS, undefined, { signal }).catch(() => undefined);
      continue;
    }
    const now = Date.now();
    for (const [id, at] of handled) if (at < now - FORGET_MS) handled.delete(id);
    for (const q of queries) {
      handled.set(q.id, now);
      const p: Promise<void> = answer(host, frr, source, q, own, log).then((done) => {
        if (done) handled.delete(q.id);
        answering.delete(p);
      });
      answering.add(p);
    }
  }
  await Promise.all(answering);
}
