/**
 * The JSON-over-HTTP client the IPAM and DNS plugins use: the method, URL,
 * headers and body are exactly the caller's (the conformance fixtures pin
 * them), a timeout, and optional SHA-256 certificate pinning (the plugins'
 * `fingerprint` option) instead of CA verification. Errors carry the status
 * and the method and URL, never the headers (they hold tokens).
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { TLSSocket } from 'node:tls';

export interface HttpRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** encoded as JSON; absent or null sends no body */
  readonly body?: unknown;
}

export interface HttpResponse {
  readonly status: number;
  /** parsed JSON, the raw text when it is not JSON, null when empty */
  readonly body: unknown;
}

export interface HttpClient {
  request(req: HttpRequest): Promise<HttpResponse>;
}

export class HttpError extends Error {
  readonly status: number;
  readonly body: unknown;
  constructor(req: HttpRequest, status: number, body: unknown, reason?: string) {
    const detail = reason ?? (typeof body === 'string' ? body : JSON.stringify(body));
    super(`${req.method} ${req.url}: ${status === 0 ? '' : `HTTP ${status} `}${(detail ?? '').slice(0, 300)}`.trimEnd());
    this.name = 'HttpError';
    this.status = status;
    this.body = body;
  }
}

export interface HttpClientOptions {
  readonly timeoutMs?: number;
  /** `AB:CD:…` SHA-256 fingerprint the server certificate must have */
  readonly fingerprint?: string;
}

function parseBody(text: string): unknown {
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function httpJsonClient(options: HttpClientOptions = {}): HttpClient {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const pin = options.fingerprint?.toUpperCase();
  return {
    request(req) {
      return new Promise((resolve, reject) => {
        const url = new URL(req.url);
        const payload = req.body === undefined || req.body === null ? undefined : Buffer.from(JSON.stringify(req.body));
        const headers: Record<string, string> = { ...req.headers };
        if (payload) headers['Content-Length'] = String(payload.length);
        const tls = url.protocol === 'https:';
        const send = tls ? httpsRequest : httpRequest;
        const r = send(url, { method: req.method, headers, timeout: timeoutMs, ...(tls && pin ? { rejectUnauthorized: false } : {}) }, (res: IncomingMessage) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            const body = parseBody(Buffer.concat(chunks).toString('utf8'));
            if (status >= 200 && status < 300) resolve({ status, body });
            else reject(new HttpError(req, status, body));
          });
          res.on('error', (e) => reject(new HttpError(req, 0, null, e.message)));
        });
        if (tls && pin) {
          r.on('socket', (socket) => {
            socket.on('secureConnect', () => {
              const got = (socket as TLSSocket).getPeerCertificate().fingerprint256?.toUpperCase();
              if (got !== pin) r.destroy(new Error(`certificate fingerprint ${got ?? '(none)'} does not match the configured one`));
            });
          });
        }
        r.on('timeout', () => r.destroy(new Error(`no answer within ${timeoutMs} ms`)));
        r.on('error', (e) => reject(e instanceof HttpError ? e : new HttpError(req, 0, null, e.message)));
        if (payload) r.write(payload);
        r.end();
      });
    },
  };
}

/** A JSON API under `baseUrl` with the backend's auth header: `call(method, path, body)` → the answer body. */
export type JsonApiCall = (method: HttpRequest['method'], path: string, body?: unknown) => Promise<unknown>;

export function jsonApi(http: HttpClient, baseUrl: string, auth: Readonly<Record<string, string>>): JsonApiCall {
  const headers = { 'Content-Type': 'application/json; charset=UTF-8', ...auth };
  return async (method, path, body) => (await http.request({ method, url: `${baseUrl}${path}`, headers, body })).body;
}
