/**
 * The JSON-over-HTTP client the IPAM and DNS plugins use: the method, URL,
 * headers and body are exactly the caller's (the conformance fixtures pin
 * them), a timeout, and optional SHA-256 certificate pinning (the plugins'
 * `fingerprint` option) instead of CA verification, over the one transport
 * (`http-send.ts`). Errors carry the status
 * and the method and URL, never the headers (they hold tokens).
 */
import { sendHttp } from './http-send.js';

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
  return {
    async request(req) {
      const payload = req.body === undefined || req.body === null ? undefined : Buffer.from(JSON.stringify(req.body));
      const headers: Record<string, string> = { ...req.headers };
      if (payload) headers['Content-Length'] = String(payload.length);
      let answer;
      try {
        answer = await sendHttp({ method: req.method, url: new URL(req.url), headers, ...(payload ? { body: payload } : {}), timeoutMs, ...(options.fingerprint ? { fingerprint: options.fingerprint } : {}) });
      } catch (e) {
        throw new HttpError(req, 0, null, (e as Error).message);
      }
      const body = parseBody(answer.text);
      if (answer.status >= 200 && answer.status < 300) return { status: answer.status, body };
      throw new HttpError(req, answer.status, body);
    },
  };
}

/** A JSON API under `baseUrl` with the backend's auth header: `call(method, path, body)` → the answer body. */
export type JsonApiCall = (method: HttpRequest['method'], path: string, body?: unknown) => Promise<unknown>;

export function jsonApi(http: HttpClient, baseUrl: string, auth: Readonly<Record<string, string>>): JsonApiCall {
  const headers = { 'Content-Type': 'application/json; charset=UTF-8', ...auth };
  return async (method, path, body) => (await http.request({ method, url: `${baseUrl}${path}`, headers, body })).body;
}
