/**
 * Weft's apply history and confirm-or-roll-back (extensions beside the
 * reference's `/cluster/sdn`): the kept revisions, one revision's config, the
 * diff between two (per section set and per node's rendered files, as the
 * dry run shows them), a revert (the revision's config applied as usual),
 * and the confirmation of an apply given `confirm=SECONDS`.
 */
import { revertTx } from '../../sdn/apply-tx.js';
import { confirmWrites } from '../../sdn/confirm.js';
import { readConfirm } from '../../sdn/confirm-record.js';
import { SdnError } from '../../util/errors.js';
import { RUNNING_SETS, type SetName } from '../../sdn/kinds.js';
import { agentNodes } from '../../sdn/node-status.js';
import { changeSets, listRevisions, readRevision, revisionNumbers, sectionsOf, type Revision } from '../../sdn/revisions.js';
import { runningDoc } from '../../sdn/running-doc.js';
import { loadState } from '../../sdn/state.js';
import type { IntegerProp } from '../../model/property-schema.js';
import { NODE_PARAM, optInt } from '../params.js';
import type { PendingConfirm, RevisionDiff, RevisionRow, SectionChanges } from '../answers.js';
import { route, type RouteDef } from '../route.js';
import { APPLY_PARAMS, applyRequest } from './apply-params.js';
import { startApply } from './apply-task.js';
import { nodeFacts } from './sdn-workflow.js';

const REVISION_PARAM: Omit<IntegerProp, 'optional'> = { type: 'integer', minimum: 1, description: 'The revision number (the running-config version that apply made).' };
const AUDIT = { path: '/sdn', privs: ['SDN.Audit'] } as const;
const ALLOCATE = { path: '/sdn', privs: ['SDN.Allocate'] } as const;

function kept(docs: ReadonlyMap<string, string>, n: number): Revision {
  const r = readRevision(docs, n);
  if (!r) {
    const numbers = revisionNumbers(docs);
    const range = numbers.length ? `kept: ${numbers[numbers.length - 1]} to ${numbers[0]}` : 'none is kept yet: every apply records one';
    throw new SdnError(`revision ${n} is not kept (${range})`, 'not-found');
  }
  return r;
}

/** Per running set: the sections added, changed (before and after) and deleted from `a` to `b`. */
function sectionDiff(a: Revision, b: Revision): Partial<Record<SetName, SectionChanges>> {
  const out: Partial<Record<SetName, SectionChanges>> = {};
  const sets = changeSets(a.config, b.config);
  for (const set of RUNNING_SETS) {
    const c = sets[set];
    if (!c) continue;
    // the change set's ids are the keys of these sections
    const before = (id: string) => sectionsOf(a.config, set)[id] ?? {};
    const after = (id: string) => sectionsOf(b.config, set)[id] ?? {};
    out[set] = {
      added: c.added.map((id) => ({ id, after: after(id) })),
      changed: c.changed.map((id) => ({ id, before: before(id), after: after(id) })),
      deleted: c.deleted.map((id) => ({ id, before: before(id) })),
    };
  }
  return out;
}

export const REVISION_ROUTES: readonly RouteDef[] = [
  route({
    method: 'GET',
    path: '/cluster/sdn/revisions',
    params: { start: optInt('Skip this many of the newest revisions.', 0), limit: optInt('List at most this many (0: all).', 0) },
    permission: AUDIT,
    async handler(ctx): Promise<RevisionRow[]> {
      const { docs } = await ctx.services.store.read();
      const running = runningDoc(docs)?.version ?? 0;
      const confirm = readConfirm(docs);
      return listRevisions(docs, ctx.params.start ?? 0, ctx.params.limit ?? 0).map((meta) => ({ ...meta, running: meta.revision === running, ...(confirm?.version === meta.revision ? { 'confirm-deadline': Math.floor(confirm.deadline / 1000) } : {}) }));
    },
  }),
  route({
    method: 'GET',
    path: '/cluster/sdn/revisions/{revision}',
    params: { revision: REVISION_PARAM },
    permission: AUDIT,
    handler: async (ctx) => kept((await ctx.services.store.read()).docs, ctx.params.revision),
  }),
  route({
    method: 'GET',
    path: '/cluster/sdn/revisions/{revision}/diff',
    params: {
      revision: REVISION_PARAM,
      from: optInt('The revision to compare with (default: the kept revision before this one).', 1),
      node: { ...NODE_PARAM, optional: true, description: "Render only this node's files (default: every node whose agent published its facts)." },
    },
    permission: AUDIT,
    async handler(ctx): Promise<RevisionDiff> {
      const snap = await ctx.services.store.read();
      const to = kept(snap.docs, ctx.params.revision);
      const older = revisionNumbers(snap.docs).find((n) => n < to.revision);
      const fromNumber = ctx.params.from ?? older;
      if (fromNumber === undefined) throw new SdnError(`revision ${to.revision} is the oldest kept: pass from=N to compare it with another`, 'not-found');
      const from = kept(snap.docs, fromNumber);
      const state = loadState(snap);
      const nodes = ctx.params.node === undefined ? agentNodes(snap.docs) : [ctx.params.node];
      // the renderers are loaded with the first diff, not with every server start
      const { renderedDiff } = await import('../../sdn/dry-run.js');
      const files = [];
      for (const node of nodes) {
        const names = [`revision ${from.revision}`, `revision ${to.revision}`] as const;
        files.push({ node, ...renderedDiff(state, from.config, to.config, await nodeFacts(ctx.services, node), names) });
      }
      return { from: from.revision, to: to.revision, sections: sectionDiff(from, to), nodes: files };
    },
  }),
  route({
    method: 'POST',
    path: '/cluster/sdn/revisions/{revision}/revert',
    params: { revision: REVISION_PARAM, ...APPLY_PARAMS },
    permission: ALLOCATE,
    // the revision's config becomes the pending config and is applied as PUT /cluster/sdn applies (a task)
    async handler(ctx) {
      const req = applyRequest(ctx);
      const n = ctx.params.revision;
      return startApply(ctx.services, req.user, ctx.closing, `could not revert to revision ${n}`, (snap) => revertTx(snap, n, req));
    },
  }),
  route({
    method: 'GET',
    path: '/cluster/sdn/confirm',
    params: {},
    permission: AUDIT,
    // the apply waiting for confirmation, for the UI's countdown; null when none
    async handler(ctx): Promise<PendingConfirm | null> {
      const c = readConfirm((await ctx.services.store.read()).docs);
      return c ? { version: c.version, previous: c.previous.version ?? 0, window: c.window, deadline: Math.floor(c.deadline / 1000), remaining: Math.max(0, Math.ceil((c.deadline - Date.now()) / 1000)), user: c.user } : null;
    },
  }),
  route({
    method: 'POST',
    path: '/cluster/sdn/confirm',
    params: {},
    permission: ALLOCATE,
    async handler(ctx) {
      return ctx.services.store.transact((snap) => {
        const c = confirmWrites(snap.docs);
        return { writes: c.writes, result: c.version };
      });
    },
  }),
];
