/**
 * `/cluster/sdn` itself: the index, apply (`PUT`, a task), the global lock,
 * rollback and dry-run.
 */
import { parseFacts, type NodeFacts } from '../../ir/facts.js';
import { SdnError, withContext } from '../../util/errors.js';
import { STORE_KEYS } from '../../sdn/kinds.js';
import { applyTx } from '../../sdn/apply-tx.js';
import { nodeKeys } from '../../sdn/node-status.js';
import { loadState } from '../../sdn/state.js';
import { acquireLock, releaseLock, rollbackWrites } from '../../sdn/workflow.js';
import { LOCK_TOKEN, NODE_PARAM, optBool } from '../params.js';
import type { DryRunAnswer } from '../answers.js';
import { route, type RouteDef, type Services } from '../route.js';
import { startApply } from './apply-task.js';
import { APPLY_PARAMS, applyRequest, RELEASE_LOCK } from './apply-params.js';
import { optText, readState, sdnWrite } from './sdn-tx.js';
import type { NodeName } from '../../model/values.js';

/** What a node's agent published for rendering its files (dry-run, revision diffs). */
export async function nodeFacts(services: Services, node: NodeName): Promise<{ facts: NodeFacts; reported: boolean; interfaces?: string; frrLocal?: string }> {
  const docs = (await services.store.read()).docs;
  const keys = nodeKeys(node);
  const factsText = docs.get(keys.facts);
  let facts: NodeFacts = { nodename: node, routeSource: null, bridgePorts: {} };
  if (factsText) {
    const parsed = parseFacts(JSON.parse(factsText) as unknown, `nodes/${node}/facts.json`);
    if (parsed.facts) facts = parsed.facts;
  }
  const interfaces = docs.get(keys.interfaces);
  const frrLocal = docs.get(keys.frrLocal);
  return { facts, reported: factsText !== undefined, ...(interfaces !== undefined ? { interfaces } : {}), ...(frrLocal !== undefined ? { frrLocal } : {}) };
}

export const WORKFLOW_ROUTES: readonly RouteDef[] = [
  route({
    method: 'GET',
    path: '/cluster/sdn',
    params: {},
    permission: { path: '/sdn', privs: ['SDN.Audit'] },
    handler: () => ['vnets', 'zones', 'controllers', 'ipams', 'dns', 'fabrics', 'prefix-lists', 'route-maps'].map((id) => ({ id })),
  }),
  route({
    method: 'PUT',
    path: '/cluster/sdn',
    params: APPLY_PARAMS,
    permission: { path: '/sdn', privs: ['SDN.Allocate'] },
    async handler(ctx) {
      const req = applyRequest(ctx);
      return startApply(ctx.services, req.user, ctx.closing, 'could not commit SDN config', (snap) => applyTx(snap, req));
    },
  }),
  route({
    method: 'POST',
    path: '/cluster/sdn/lock',
    params: { 'allow-pending': optBool('if true, allow acquiring lock even though there are pending changes', false) },
    permission: { path: '/sdn', privs: ['SDN.Allocate'] },
    async handler(ctx) {
      return ctx.services.store.transact((snap) => {
        const r = acquireLock(loadState(snap), ctx.params['allow-pending'] === true);
        return { writes: r.writes, result: r.token };
      });
    },
  }),
  route({
    method: 'DELETE',
    path: '/cluster/sdn/lock',
    params: { 'lock-token': LOCK_TOKEN, force: optBool('if true, allow releasing lock without providing the token', false) },
    permission: { path: '/sdn', privs: ['SDN.Allocate'] },
    async handler(ctx) {
      try {
        await ctx.services.store.transact((snap) => ({ writes: releaseLock(loadState(snap), optText(ctx.params['lock-token']), ctx.params.force === true), result: null }));
      } catch (e) {
        throw withContext(e, 'could not release lock');
      }
      return null;
    },
  }),
  route({
    method: 'POST',
    path: '/cluster/sdn/rollback',
    params: { 'lock-token': LOCK_TOKEN, 'release-lock': RELEASE_LOCK },
    permission: { path: '/sdn', privs: ['SDN.Allocate'] },
    async handler(ctx) {
      const token = optText(ctx.params['lock-token']);
      await sdnWrite(ctx.services, token, 'could not rollback SDN configuration', (state) => ({
        writes: rollbackWrites(state, token, ctx.params['release-lock'] !== false),
        result: null,
      }));
      return null;
    },
  }),
  route({
    method: 'GET',
    path: '/cluster/sdn/dry-run',
    params: { node: NODE_PARAM },
    permission: { path: '/nodes/{node}', privs: ['Sys.Audit'] },
    async handler(ctx): Promise<DryRunAnswer> {
      const state = await readState(ctx);
      const node = await nodeFacts(ctx.services, ctx.params.node);
      // the renderers are loaded with the first dry-run, not with every server start
      const { dryRun } = await import('../../sdn/dry-run.js');
      try {
        return dryRun(state, node);
      } catch (e) {
        throw e instanceof SdnError ? e : new SdnError(`dry-run failed: ${(e as Error).message}`);
      }
    },
  }),
];

export { STORE_KEYS };
