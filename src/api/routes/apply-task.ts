/**
 * An apply's commit and its task, shared by `PUT /cluster/sdn` and a
 * revision's revert: the transaction (sdn/apply-tx.ts), then a task that
 * follows the node agents — and, with `confirm`, waits for the confirmation
 * or rolls back (sdn/confirm-follow.ts).
 */
import { followApply } from '../../sdn/apply-follow.js';
import type { Applied } from '../../sdn/apply-tx.js';
import { followConfirmed } from '../../sdn/confirm-follow.js';
import { readConfirm, type PendingConfirm } from '../../sdn/confirm-record.js';
import { withContext } from '../../util/errors.js';
import { agentNodes } from '../../sdn/node-status.js';
import { DEFAULT_KEEP_REVISIONS } from '../../sdn/revisions.js';
import { loadState, runningIds, type SdnState } from '../../sdn/state.js';
import type { StoreSnapshot, TxOutcome } from '../../store/types.js';
import type { Services } from '../route.js';

/** How long an apply's task waits for the node agents by default (`weft server --agent-timeout`). */
export const DEFAULT_AGENT_TIMEOUT_MS = 120_000;

export const keptRevisions = (services: Services): number => services.keepRevisions ?? DEFAULT_KEEP_REVISIONS;

/** Nodes named in the running config's zones (`nodes` lists). */
function zoneNodes(state: SdnState): string[] {
  const nodes = new Set<string>();
  for (const z of Object.values(runningIds(state, 'zones'))) {
    // node lists are `{ name: 1 }` sets in the running config
    if (z.nodes && typeof z.nodes === 'object' && !Array.isArray(z.nodes)) for (const n of Object.keys(z.nodes)) nodes.add(n);
  }
  return [...nodes].sort();
}

async function applyNodes(services: Services): Promise<{ agents: string[]; named: string[] }> {
  const snap = await services.store.read();
  return { agents: agentNodes(snap.docs), named: zoneNodes(loadState(snap)) };
}

/** The task following a version that waits for confirmation (after an apply, or found pending at server start). */
export async function startConfirmTask(services: Services, confirm: PendingConfirm, user: string, signal: AbortSignal, first?: string): Promise<string> {
  const nodes = await applyNodes(services);
  return services.tasks.start('reloadnetworkall', '', user, async (log) => {
    if (first) log(first);
    const timeoutMs = services.agentTimeoutMs ?? DEFAULT_AGENT_TIMEOUT_MS;
    await followConfirmed(services.store, confirm, nodes, log, { timeoutMs, keep: keptRevisions(services), signal });
    // this task rolls the version back at its deadline: stopping it would leave the nodes on an unconfirmed version
  }, { resume: { confirmVersion: confirm.version }, unstoppable: `this task rolls version ${confirm.version} back unless it is confirmed: confirm it (POST /cluster/sdn/confirm) or let its window run out` });
}

/** Commits `tx` (refusals prefixed by `context`) and starts the apply's task; returns its UPID. */
export async function startApply(services: Services, user: string, signal: AbortSignal, context: string, tx: (snap: StoreSnapshot) => TxOutcome<Applied>): Promise<string> {
  let applied: Applied;
  try {
    applied = await services.store.transact(tx);
  } catch (e) {
    throw withContext(e, context);
  }
  const committed = `committed SDN configuration version ${applied.version}${applied.regenerateFrr ? ' (FRR configuration is regenerated)' : ''}`;
  if (applied.confirm) return startConfirmTask(services, applied.confirm, user, signal, committed);
  const nodes = await applyNodes(services);
  return services.tasks.start(
    'reloadnetworkall',
    '',
    user,
    async (log, stopped) => {
      log(committed);
      await followApply(services.store, applied.version, nodes, log, { timeoutMs: services.agentTimeoutMs ?? DEFAULT_AGENT_TIMEOUT_MS, signal: AbortSignal.any([signal, stopped]) });
    },
    { resume: { applyVersion: applied.version } },
  );
}

/**
 * Ends the running tasks of a server that is gone (on etcd, where every
 * server sees every task): an apply is followed on to its end here, as its
 * own server would have, a confirmation window runs on to its end; any
 * other task fails saying its server stopped.
 * Returns one line per task taken over, for the log.
 */
export async function takeOverTasksOf(services: Services, gone: string, signal: AbortSignal): Promise<string[]> {
  const lines: string[] = [];
  for (const task of await services.tasks.runningOf(gone)) {
    const version = task.resume?.applyVersion;
    const confirm = readConfirm((await services.store.read()).docs);
    const taken = await services.tasks.takeOver(task, async (log, stopped) => {
      const timeoutMs = services.agentTimeoutMs ?? DEFAULT_AGENT_TIMEOUT_MS;
      // a confirmation window goes on here: unconfirmed, the previous version comes back at its end
      if (confirm && confirm.version === task.resume?.confirmVersion) return followConfirmed(services.store, confirm, await applyNodes(services), log, { timeoutMs, keep: keptRevisions(services), signal });
      if (version === undefined) throw new Error(`server ${gone} stopped while this task ran; it did not finish`);
      await followApply(services.store, version, await applyNodes(services), log, { timeoutMs, signal: AbortSignal.any([signal, stopped]) });
    });
    if (taken) lines.push(`took over task ${task.status.upid} of server ${gone}, which is gone`);
  }
  return lines;
}
