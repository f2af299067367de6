/**
 * The API's live-state queries as `weft agent --server` sees them
 * (`src/sdn/node-query.ts`): a long poll for the node's unanswered queries,
 * and a PUT per answer. Only what an agent holds may answer for a node:
 * Sys.Modify on /nodes/<node>.
 */
import { answerWrites, parseAnswer, queriesBesides, queriesPrefix } from '../../sdn/node-query.js';
import { ParamError } from '../../util/errors.js';
import { waitFor } from '../../store/wait.js';
import { NODE_PARAM, optInt, optStr, str } from '../params.js';
import { route, type RouteDef } from '../route.js';
import { MAX_POLL_SECONDS } from './agent.js';

export const AGENT_QUERY_ROUTES: readonly RouteDef[] = [
  route({
    method: 'GET',
    path: '/nodes/{node}/sdn/agent/queries',
    params: {
      node: NODE_PARAM,
      skip: optStr('Queries the agent is answering already (comma-separated ids): answer only once there are others.'),
      timeout: optInt('Wait at most this many seconds for a query (long poll).', 0, MAX_POLL_SECONDS),
    },
    permission: { path: '/nodes/{node}', privs: ['Sys.Modify'] },
    async handler(ctx) {
      const node = ctx.params.node;
      const skip = new Set((ctx.params.skip ?? '').split(',').filter(Boolean));
      const timeoutMs = (ctx.params.timeout ?? 0) * 1000;
      return (await waitFor(ctx.services.store, queriesPrefix(node), (snap) => queriesBesides(snap.docs, node, skip), { timeoutMs, signal: ctx.closing }).catch(() => undefined)) ?? [];
    },
  }),
  route({
    method: 'PUT',
    path: '/nodes/{node}/sdn/agent/queries/{id}',
    params: {
      node: NODE_PARAM,
      id: str('The query being answered.', { pattern: '[0-9a-f]{1,64}' }),
      answer: str('The answer (JSON): { "data": … } or { "error": "why not" }.'),
    },
    permission: { path: '/nodes/{node}', privs: ['Sys.Modify'] },
    async handler(ctx) {
      const node = ctx.params.node;
      const answer = parseAnswer(ctx.params.answer);
      if (!answer) throw new ParamError({ answer: 'not an answer: { "data": … } or { "error": "…" } (JSON)' });
      // a query the server gave up on meanwhile takes no answer
      await ctx.services.store.transact((snap) => ({ writes: answerWrites(snap.docs, node, ctx.params.id, answer), result: null }));
      return null;
    },
  }),
];
