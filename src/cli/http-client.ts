/**
 * A small client for the API: HTTPS with either a CA-verified certificate,
 * a pinned SHA-256 fingerprint (a self-signed server), or explicitly none
 * (`--insecure`); authentication with an API token.
 */
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';

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

const normFp = (fp: string) => fp.replace(/:/g, '').toUpperCase();

/**
 * Pinned connections: a resumed TLS session shows no certificate to check
 * (the fingerprint reads empty), so none is resumed; a kept-alive socket was
 * checked when it connected and is not checked again.
 */
const pinnedAgent = new HttpsAgent({ keepAlive: true, maxCachedSessions: 0 });
const checkedSockets = new WeakSet<object>();

/** A failed answer as one message: status, the server's message and each parameter's error. */
export function answerError(answer: ApiAnswer): string {
  let msg = `${answer.status} ${answer.body?.message?.trim() || answer.reason}`;
  for (const [k, v] of Object.entries(answer.body?.errors ?? {})) msg += `\n  ${k}: ${v}`;
  return msg;
}

export function callApi(o: ClientOptions, method: string, path: string, params: Readonly<Record<string, ParamValue>>, signal?: AbortSignal): Promise<ApiAnswer> {
  const base = new URL(o.server);
  const withBody = method === 'POST' || method === 'PUT';
  const query = encode(params);
  const url = new URL(`/api2/json${path.startsWith('/') ? path : `/${path}`}${!withBody && query ? `?${query}` : ''}`, base);
  const body = withBody ? query : '';
  const https = base.protocol === 'https:';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (o.token) headers.authorization = `PVEAPIToken=${o.token}`;
  if (withBody) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    headers['content-length'] = String(Buffer.byteLength(body));
  }
  return new Promise((resolve, reject) => {
    const onResponse = (res: IncomingMessage) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => {
        let parsed: ApiAnswer['body'];
        try {
          parsed = text ? (JSON.parse(text) as ApiAnswer['body']) : null;
        } catch {
          parsed = { message: text };
        }
        resolve({ status: res.statusCode ?? 0, reason: res.statusMessage ?? '', body: parsed });
      });
    };
    const req = https
      ? httpsRequest(url, { method, headers, rejectUnauthorized: !(o.fingerprint || o.insecure), ...(o.fingerprint ? { agent: pinnedAgent } : {}), ...(signal ? { signal } : {}) }, onResponse)
      : httpRequest(url, { method, headers, ...(signal ? { signal } : {}) }, onResponse);
    if (https && o.fingerprint) {
      req.on('socket', (socket) => {
        if (checkedSockets.has(socket)) return;
        socket.once('secureConnect', () => {
          const fp = (socket as TLSSocket).getPeerCertificate().fingerprint256 ?? '';
          if (normFp(fp) !== normFp(o.fingerprint ?? '')) {
            req.destroy(new Error(`server certificate fingerprint ${fp} does not match --fingerprint ${o.fingerprint}; refusing to talk to it`));
          } else checkedSockets.add(socket);
        });
      });
    }
    req.on('error', reject);
    req.end(body);
  });
}
