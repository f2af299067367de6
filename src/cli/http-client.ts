/**
 * A small client for the API: HTTPS with either a CA-verified certificate,
 * a pinned SHA-256 fingerprint (a self-signed server), or explicitly none
 * (`--insecure`), over the one transport (`util/http-send.ts`);
 * authentication with an API token.
 */
import { sendHttp } from '../util/http-send.js';

export interface ClientOptions {
  readonly server: string;
  /** `user@realm!name=secret` */
  readonly token?: string;
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

export async function callApi(o: ClientOptions, method: string, path: string, params: Readonly<Record<string, ParamValue>>, signal?: AbortSignal): Promise<ApiAnswer> {
  const base = new URL(o.server);
  const withBody = method === 'POST' || method === 'PUT';
  const query = encode(params);
  const url = new URL(`/api2/json${path.startsWith('/') ? path : `/${path}`}${!withBody && query ? `?${query}` : ''}`, base);
  const body = withBody ? query : '';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (o.token) headers.authorization = `PVEAPIToken=${o.token}`;
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
