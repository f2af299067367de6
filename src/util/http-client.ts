/**
 * A small client for the API: HTTPS with either a CA-verified certificate,
 * a pinned SHA-256 fingerprint (a self-signed server), or explicitly none
 * (`--insecure`), over the one transport (`util/http-send.ts`);
 * authentication with an API token or a ticket from `weft login`. `server`
 * may list several servers of one cluster (comma-separated): a request goes
 * to the one that answered last and, when it cannot be reached, to the next.
 */
import { sendHttp } from './http-send.js';

export interface ClientOptions {
  /** one URL, or several servers' URLs comma-separated */
  readonly server: string;
  /** `user@realm!name=secret` */
  readonly token?: string;
  /** a ticket from `weft login` (used when there is no token) */
  readonly ticket?: { readonly ticket: string; readonly csrf: string };
  readonly fingerprint?: string;
  readonly insecure?: boolean;
}

export interface ApiAnswer {
  readonly status: number;
  readonly reason: string;
  readonly body: { data?: unknown; message?: string; errors?: Record<string, string> } | null;
}

export type ParamValue = string | readonly string[];

function encode(params: Readonly<Record<string, ParamValue>>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) for (const item of [v].flat()) q.append(k, item);
  return q.toString();
}

/** A failed answer as one message: status, the server's message and each parameter's error. */
export function answerError(answer: ApiAnswer): string {
  let msg = `${answer.status} ${answer.body?.message?.trim() || answer.reason}`;
  for (const [k, v] of Object.entries(answer.body?.errors ?? {})) msg += `\n  ${k}: ${v}`;
  return msg;
}

/** per server list, the one that answered last */
const answering = new Map<string, number>();

/**
 * Sends to the server that answered last, else to the next one listed: a
 * request that did not get through (refused, reset, unreachable) goes to
 * the next server. The requests that fail over are idempotent where it
 * matters (agents' long polls and reports); a single server is asked once.
 */
export async function callApi(o: ClientOptions, method: string, path: string, params: Readonly<Record<string, ParamValue>>, signal?: AbortSignal): Promise<ApiAnswer> {
  const servers = o.server.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const first = answering.get(o.server) ?? 0;
  let failure: Error | null = null;
  for (let i = 0; i < servers.length; i++) {
    const at = (first + i) % servers.length;
    try {
      const answer = await callOne({ ...o, server: servers[at] as string }, method, path, params, signal);
      answering.set(o.server, at);
      return answer;
    } catch (e) {
      if (signal?.aborted) throw e;
      failure = servers.length > 1 ? new Error(`${servers[at]}: ${(e as Error).message}`, { cause: e }) : (e as Error);
    }
  }
  throw failure ?? new Error('no server given');
}

async function callOne(o: ClientOptions, method: string, path: string, params: Readonly<Record<string, ParamValue>>, signal?: AbortSignal): Promise<ApiAnswer> {
  const base = new URL(o.server);
  const withBody = method === 'POST' || method === 'PUT';
  const query = encode(params);
  const url = new URL(`/api2/json${path.startsWith('/') ? path : `/${path}`}${!withBody && query ? `?${query}` : ''}`, base);
  const body = withBody ? query : '';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (o.token) headers.authorization = `PVEAPIToken=${o.token}`;
  else if (o.ticket) {
    headers.cookie = `PVEAuthCookie=${encodeURIComponent(o.ticket.ticket)}`;
    if (method !== 'GET') headers.CSRFPreventionToken = o.ticket.csrf;
  }
  if (withBody) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    headers['content-length'] = String(Buffer.byteLength(body));
  }
  const answer = await sendHttp({ method, url, headers, body, ...(o.fingerprint ? { fingerprint: o.fingerprint } : {}), ...(o.insecure ? { insecure: true } : {}), ...(signal ? { signal } : {}) });
  let parsed: ApiAnswer['body'];
  try {
    parsed = answer.text ? (JSON.parse(answer.text) as ApiAnswer['body']) : null;
  } catch {
    parsed = { message: answer.text };
  }
  return { status: answer.status, reason: answer.reason, body: parsed };
}
