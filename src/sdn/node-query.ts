/**
 * Asking a node about its live state (its bridges and their ports, FRR's
 * routes). The API server is not on every node, so the node's agent answers:
 * the API writes a query under `nodes/<node>/queries/`, the agent (watching
 * that folder, or long-polling the API with `--server`) writes its answer
 * under `nodes/<node>/answers/`, and the API, woken by a watch, takes the
 * answer and removes both. No answer in time: an error naming the node.
 */
import { randomBytes } from 'node:crypto';
import type { NodeName } from '../model/values.js';
import type { ConfigStore, StoreWrite } from '../store/types.js';
import { waitFor } from '../store/wait.js';
import { parseJsonOr } from '../util/json-or.js';
import { SdnError } from '../util/errors.js';
import { agentNodes, nodeKeys, parseNodeStatus } from './node-status.js';

/** What a node is asked. */
export type LiveQuery =
  /** these bridges and their ports (a bridge the node lacks is reported without ports) */
  | { readonly kind: 'bridges'; readonly bridges: readonly string[] }
  /** the bridges of the node's /etc/network/interfaces and their ports (the reference's zone `localnetwork`) */
  | { readonly kind: 'local-bridges' }
  /** the routes FRR installed in VRF `vrf` */
  | { readonly kind: 'ip-vrf'; readonly vrf: string }
  /** the best EVPN type-2 (MAC/IP) routes of VNI `vni` */
  | { readonly kind: 'mac-vrf'; readonly vni: number }
  | FabricQuery;

/** A fabric's routes, neighbors or interfaces on the node, as FRR has them. */
export interface FabricQuery {
  readonly kind: 'fabric';
  readonly what: 'routes' | 'neighbors' | 'interfaces';
  readonly fabric: string;
  /** the protocols whose state FRR reports per fabric */
  readonly protocol: 'openfabric' | 'ospf';
  /** the node's interfaces in the fabric, its `dummy_<fabric>` included; null when the node is not in the fabric */
  readonly interfaces: readonly string[] | null;
}

/** What only the agent's own loop answers: check for drift now, or repair it (re-apply what drifted). */
export type AgentQuery = { readonly kind: 'drift' } | { readonly kind: 'repair' };

export interface NodeQuery {
  readonly id: string;
  /** ms since the epoch, on the asking server's clock */
  readonly time: number;
  /** how long the server waits: the agent bounds its commands by it */
  readonly timeoutMs: number;
  readonly ask: LiveQuery | AgentQuery;
}

export type QueryAnswer = { readonly data: unknown } | { readonly error: string };

/** How long the API waits for a node's answer by default. */
export const DEFAULT_QUERY_TIMEOUT_MS = 5000;
/** Queries older than this are left over (a server stopped while waiting) and removed. */
const LEFT_OVER_MS = 60_000;

const folder = (node: string, what: 'queries' | 'answers') => `nodes/${node}/${what}/`;
export const queryKeys = (node: string, id: string) => ({ query: `${folder(node, 'queries')}${id}.json`, answer: `${folder(node, 'answers')}${id}.json` }) as const;
export const queriesPrefix = (node: string) => folder(node, 'queries');

/** A query as stored (text) or as the server hands it out (a value); null for anything else. */
export function parseQuery(value: unknown): NodeQuery | null {
  const q = (typeof value === 'string' ? parseJsonOr<unknown>(value, undefined) : value) as Partial<NodeQuery> | undefined;
  const ok = q && typeof q === 'object' && typeof q.id === 'string' && typeof q.time === 'number' && typeof q.timeoutMs === 'number' && typeof q.ask?.kind === 'string';
  return ok ? (q as NodeQuery) : null;
}

/** `{ data }` or `{ error: text }`; undefined for anything else (absent, torn). */
export function parseAnswer(value: unknown): QueryAnswer | undefined {
  const a = (typeof value === 'string' ? parseJsonOr<unknown>(value, undefined) : value) as Partial<{ data: unknown; error: unknown }> | undefined;
  if (!a || typeof a !== 'object') return undefined;
  if (typeof a.error === 'string') return { error: a.error };
  return 'data' in a ? { data: a.data } : undefined;
}

/** The node's queries that have no answer yet, oldest first. */
function pendingQueries(docs: ReadonlyMap<string, string>, node: string): NodeQuery[] {
  const prefix = queriesPrefix(node);
  const out: NodeQuery[] = [];
  for (const [key, text] of docs) {
    if (!key.startsWith(prefix)) continue;
    const q = parseQuery(text);
    if (q && `${prefix}${q.id}.json` === key && !docs.has(queryKeys(node, q.id).answer)) out.push(q);
  }
  return out.sort((a, b) => a.time - b.time);
}

/** The node's pending queries other than `skip` (those being answered); undefined when there are none, as a wait's check wants it. */
export function queriesBesides(docs: ReadonlyMap<string, string>, node: string, skip: ReadonlySet<string>): NodeQuery[] | undefined {
  const queries = pendingQueries(docs, node).filter((q) => !skip.has(q.id));
  return queries.length > 0 ? queries : undefined;
}

/**
 * The answer's write; none when the query is gone (the server gave up) or
 * answered already. An agent in another process over the same data directory
 * checks and writes in two steps: its answer may land just after the query
 * went, and the next question to the node clears it.
 */
export function answerWrites(docs: ReadonlyMap<string, string>, node: string, id: string, answer: QueryAnswer): StoreWrite[] {
  const keys = queryKeys(node, id);
  return docs.has(keys.query) && !docs.has(keys.answer) ? [{ key: keys.answer, value: JSON.stringify(answer) }] : [];
}

/** Left-over queries of `node` (older than LEFT_OVER_MS) and the answers whose query is gone or goes now. */
function leftOvers(docs: ReadonlyMap<string, string>, node: string, now: number): StoreWrite[] {
  const queries = queriesPrefix(node);
  const answers = folder(node, 'answers');
  const keys = [...docs.keys()];
  const stale = new Set(
    keys.filter((key) => {
      const q = key.startsWith(queries) ? parseQuery(docs.get(key)) : undefined;
      return q !== undefined && (q === null || q.time < now - LEFT_OVER_MS);
    }),
  );
  const orphans = keys.filter((key) => {
    const query = `${queries}${key.slice(answers.length)}`;
    return key.startsWith(answers) && (!docs.has(query) || stale.has(query));
  });
  return [...stale, ...orphans].map((key) => ({ key, value: null }));
}

function notAnswered(node: string, timeoutMs: number, status: string | undefined): SdnError {
  const last = parseNodeStatus(status);
  const seen = last ? `; its agent last reported at ${new Date(last.time * 1000).toISOString()}` : '';
  return new SdnError(`node '${node}' did not answer within ${timeoutMs / 1000} s: its live state comes from its agent, is 'weft agent --node ${node}' running there${seen}?`);
}

export interface AskOptions {
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

/** Asks `node`'s agent and waits for its answer; throws SdnError when no agent answers in time or it answers an error. */
export async function askNode(store: ConfigStore, node: NodeName, ask: LiveQuery | AgentQuery, opts: AskOptions): Promise<unknown> {
  const query: NodeQuery = { id: randomBytes(8).toString('hex'), time: Date.now(), timeoutMs: opts.timeoutMs, ask };
  const keys = queryKeys(node, query.id);
  await store.transact((snap) => {
    // a node whose agent never reported would only make the caller wait
    if (!agentNodes(snap.docs).includes(node)) throw new SdnError(`no weft agent has reported from node '${node}': the node's live state comes from its agent; start 'weft agent --node ${node}' there`);
    return { writes: [...leftOvers(snap.docs, node, query.time), { key: keys.query, value: JSON.stringify(query) }], result: null };
  });
  try {
    const answer = await waitFor(store, folder(node, 'answers'), (snap) => parseAnswer(snap.docs.get(keys.answer)), opts);
    if (!answer) throw notAnswered(node, opts.timeoutMs, (await store.read()).docs.get(nodeKeys(node).status));
    if ('error' in answer) throw new SdnError(`node '${node}': ${answer.error}`);
    return answer.data;
  } finally {
    await store
      .transact((snap) => ({ writes: [keys.query, keys.answer].filter((k) => snap.docs.has(k)).map((key) => ({ key, value: null })), result: null }))
      .catch(() => undefined);
  }
}
