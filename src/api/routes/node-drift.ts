/**
 * Drift (Weft extensions): whether a node still matches what its agent
 * applied, checked now by the agent (`GET /nodes/{node}/sdn/drift`), and a
 * repair that re-applies what drifted (`POST /nodes/{node}/sdn/repair`).
 * Both ask the node's agent (`src/sdn/node-query.ts`) and answer its
 * findings: none when the node matches. The agent also checks on a timer and
 * puts its findings into the node status (`GET /nodes/{node}/sdn/agent`).
 */
import { askNode, type AgentQuery } from '../../sdn/node-query.js';
import { DEFAULT_AGENT_TIMEOUT_MS } from './apply-task.js';
import { NODE_PARAM } from '../params.js';
import { route, type NodeCtx, type RouteDef } from '../route.js';

/** A check runs frr-reload.py --test (Python) besides ip and systemctl: more than a live-state read. */
const CHECK_TIMEOUT_MS = 30_000;

async function ask(ctx: NodeCtx, query: AgentQuery, timeoutMs: number): Promise<unknown> {
  return askNode(ctx.services.store, ctx.params.node, query, { timeoutMs, signal: ctx.closing });
}

export const NODE_DRIFT_ROUTES: readonly RouteDef[] = [
  route({
    method: 'GET',
    path: '/nodes/{node}/sdn/drift',
    params: { node: NODE_PARAM },
    permission: { path: '/nodes/{node}', privs: ['Sys.Audit'] },
    handler: (ctx) => ask(ctx, { kind: 'drift' }, CHECK_TIMEOUT_MS),
  }),
  route({
    method: 'POST',
    path: '/nodes/{node}/sdn/repair',
    params: { node: NODE_PARAM },
    permission: { path: '/nodes/{node}', privs: ['Sys.Modify'] },
    // a repair reloads what drifted (ifreload, FRR, dnsmasq): it may take as long as an apply
    handler: (ctx) => ask(ctx, { kind: 'repair' }, ctx.services.agentTimeoutMs ?? DEFAULT_AGENT_TIMEOUT_MS),
  }),
];
