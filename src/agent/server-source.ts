/**
 * The agent talking to the API server (`--server URL`): the running config
 * comes from a long poll (`GET /nodes/<node>/sdn/agent/config?since=V`
 * answers as soon as the version differs), so do the DHCP reservations
 * and the API's live-state queries; reports and answers go back with PUTs.
 * When the server is unreachable the agent says so and tries again.
 */
import { answerError, callApi, type ApiAnswer, type ClientOptions, type ParamValue } from '../util/http-client.js';
import type { DhcpHost } from '../dhcp/plan.js';
import type { HostsOf } from '../ipam/dhcp-hosts.js';
import { parseQuery, type NodeQuery } from '../sdn/node-query.js';
import type { RunningDoc } from '../sdn/running-doc.js';
import type { QuerySource } from './queries.js';
import type { ReservationSource } from './reservations.js';
import { confirmCheck, type AgentSource } from './source.js';
import { untilAnswered } from './until-answered.js';

/** Each long poll waits this long on the server, under its limit. */
const POLL_SECONDS = 50;

async function call(client: ClientOptions, method: string, path: string, params: Readonly<Record<string, ParamValue>>, signal?: AbortSignal): Promise<ApiAnswer> {
  const a = await callApi(client, method, path, params, signal);
  if (a.status === 401 || a.status === 403) throw new Error(`${answerError(a)}: the agent's token needs SDN.Audit on /sdn and Sys.Modify on /nodes/<node>`);
  if (a.status < 200 || a.status > 299) throw new Error(answerError(a));
  return a;
}

/** Long-polls `path` until `accept` takes an answer (until-answered.ts: a server that cannot answer is asked again). */
function longPoll<T>(client: ClientOptions, path: string, params: Readonly<Record<string, ParamValue>>, accept: (a: ApiAnswer) => T | undefined, what: string, log: (line: string) => void, signal: AbortSignal): Promise<T> {
  return untilAnswered(async () => accept(await call(client, 'GET', path, { ...params, timeout: String(POLL_SECONDS) }, signal)), what, client.server, log, signal);
}

interface ConfigAnswer {
  readonly version?: unknown;
  readonly config?: unknown;
  readonly confirm?: { readonly window?: unknown; readonly previous?: ConfigAnswer } | null;
}

function docOf(a: ApiAnswer): RunningDoc | null {
  const d = a.body?.data as ConfigAnswer | null | undefined;
  if (!d || typeof d.version !== 'number' || typeof d.config !== 'string') return null;
  const c = d.confirm;
  const previous = c?.previous && typeof c.previous.version === 'number' && typeof c.previous.config === 'string' ? { version: c.previous.version, text: c.previous.config } : null;
  return { version: d.version, text: d.config, ...(c && typeof c.window === 'number' && previous ? { confirm: { window: c.window, previous } } : {}) };
}

export function serverSource(client: ClientOptions, node: string, log: (line: string) => void): AgentSource {
  const base = `/nodes/${node}/sdn/agent`;
  return {
    description: `server ${client.server}`,
    current: async () => docOf(await call(client, 'GET', `${base}/config`, {})),
    nextRunning(known, signal) {
      const accept = (a: ApiAnswer) => {
        const doc = docOf(a);
        return doc && doc.version !== known ? doc : undefined;
      };
      return longPoll(client, `${base}/config`, { since: String(known) }, accept, 'the running config', log, signal);
    },
    async checkConfirm(doc, seconds, signal) {
      // bounded: a path the apply cut may swallow packets rather than refuse them
      const bounded = AbortSignal.any([signal, AbortSignal.timeout((seconds + 2) * 1000)]);
      const a = await call(client, 'GET', `${base}/config`, { since: String(doc.version), confirming: '1', timeout: String(seconds) }, bounded);
      return confirmCheck(doc, docOf(a));
    },
    async publishStatus(status) {
      await call(client, 'PUT', `${base}/status`, { status: JSON.stringify(status) });
    },
    async publishFacts(r) {
      await call(client, 'PUT', `${base}/facts`, { facts: JSON.stringify(r.facts), ...(r.interfaces !== null ? { interfaces: r.interfaces } : {}), ...(r.frrLocal !== null ? { 'frr-local': r.frrLocal } : {}) });
    },
    close: async () => {},
  };
}

interface Reservations {
  readonly revision: string;
  readonly hosts: HostsOf;
}

function reservationsOf(a: ApiAnswer): Reservations | undefined {
  const d = a.body?.data as { revision?: unknown; zones?: unknown } | null | undefined;
  if (!d || typeof d.revision !== 'string' || d.zones === null || typeof d.zones !== 'object') return undefined;
  const zones = d.zones as Record<string, readonly DhcpHost[]>;
  return { revision: d.revision, hosts: (zone) => (Object.hasOwn(zones, zone) ? (zones[zone] ?? []) : []) };
}

/** The reservations of the server's built-in IPAM (`…/agent/dhcp-hosts`), a long poll telling when they change. */
export function serverReservations(client: ClientOptions, node: string, log: (line: string) => void): ReservationSource {
  const path = `/nodes/${node}/sdn/agent/dhcp-hosts`;
  let last: Reservations | undefined;
  // what the long poll brought, handed to the next read
  let fresh: Reservations | undefined;
  return {
    async read() {
      const answer = fresh ?? reservationsOf(await call(client, 'GET', path, {}));
      fresh = undefined;
      if (!answer) throw new Error(`${client.server} answered ${path} without { revision, zones }`);
      last = answer;
      return answer.hosts;
    },
    async changed(signal) {
      const accept = (a: ApiAnswer) => {
        const r = reservationsOf(a);
        return r && r.revision !== last?.revision ? r : undefined;
      };
      fresh = await longPoll(client, path, last ? { since: last.revision } : {}, accept, 'the DHCP reservations', log, signal);
    },
    close: () => {},
  };
}

/** The API's live-state queries to this node (`…/agent/queries`, a long poll), answered with a PUT each. */
export function serverQueries(client: ClientOptions, node: string, log: (line: string) => void): QuerySource {
  const path = `/nodes/${node}/sdn/agent/queries`;
  return {
    next(handled, signal) {
      const accept = (a: ApiAnswer) => {
        const list = Array.isArray(a.body?.data) ? (a.body.data as unknown[]).map(parseQuery) : [];
        const fresh = list.filter((q): q is NodeQuery => q !== null && !handled.has(q.id));
        return fresh.length > 0 ? fresh : undefined;
      };
      return longPoll(client, path, handled.size > 0 ? { skip: [...handled].join(',') } : {}, accept, 'live-state queries', log, signal);
    },
    async answer(id, answer) {
      await call(client, 'PUT', `${path}/${id}`, { answer: JSON.stringify(answer) });
    },
  };
}
