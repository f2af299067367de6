/** The agent reading the store directly: a data directory on this machine, or etcd (cluster mode). */
import { answerWrites, queriesBesides, queriesPrefix } from '../sdn/node-query.js';
import { factsWrites, statusWrite } from '../sdn/node-status.js';
import { runningDoc } from '../sdn/running-doc.js';
import type { ConfigStore, StoreWrite } from '../store/types.js';
import { waitFor } from '../store/wait.js';
import type { QuerySource } from './queries.js';
import { confirmCheck, type AgentSource } from './source.js';
import { untilAnswered } from './until-answered.js';

/**
 * One transaction per document, each skipped when unchanged: in a data
 * directory a multi-document transaction goes through the journal, which is
 * the running server's own.
 */
async function write(store: ConfigStore, writes: readonly StoreWrite[]): Promise<void> {
  for (const w of writes) await store.transact((snap) => ({ writes: (snap.docs.get(w.key) ?? null) === w.value ? [] : [w], result: null }));
}

/** A wait on the store that tells `answering` once the store answers (a read), before the wait, which may be long. */
async function answeringWait<T>(store: ConfigStore, answering: () => void, wait: () => Promise<T | undefined>): Promise<T | undefined> {
  await store.read();
  answering();
  return wait();
}

/** The agent's source on `store`; a store that stops answering (etcd) is asked again, logged once (until-answered.ts). */
export function storeSource(store: ConfigStore, log: (line: string) => void): AgentSource {
  return {
    description: `${store.kind} store ${store.location}`,
    current: async () => runningDoc((await store.read()).docs),
    nextRunning(known, signal) {
      const newer = (snap: { docs: ReadonlyMap<string, string> }) => {
        const d = runningDoc(snap.docs);
        return d && d.version !== known ? d : undefined;
      };
      return untilAnswered((answering) => answeringWait(store, answering, () => waitFor(store, 'sdn/', newer, { signal })), 'the running config', store.location, log, signal);
    },
    async checkConfirm(doc, seconds, signal) {
      const check = (snap: { docs: ReadonlyMap<string, string> }) => {
        const c = confirmCheck(doc, runningDoc(snap.docs));
        return c === 'waiting' ? undefined : c;
      };
      return (await waitFor(store, 'sdn/', check, { timeoutMs: seconds * 1000, signal })) ?? 'waiting';
    },
    publishStatus: (status) => write(store, [statusWrite(status)]),
    publishFacts: (report) => write(store, factsWrites(report)),
    close: () => store.close(),
  };
}

/** The node's live-state queries, woken by a watch on its queries folder; each answer is one document. */
export function storeQueries(store: ConfigStore, node: string, log: (line: string) => void): QuerySource {
  return {
    next: (handled, signal) =>
      untilAnswered((answering) => answeringWait(store, answering, () => waitFor(store, queriesPrefix(node), (snap) => queriesBesides(snap.docs, node, handled), { signal })), 'live-state queries', store.location, log, signal),
    answer: (id, answer) => store.transact((snap) => ({ writes: answerWrites(snap.docs, node, id, answer), result: undefined })),
  };
}
