/**
 * The one map from failures to HTTP answers, shaped as the reference's JSON
 * formatter shapes them: `{ data: null, message }` plus `errors` (one reason
 * per parameter) for parameter failures; the status line's reason phrase
 * carries the message too, since some clients (proxmoxer) show only that.
 */
import { AuthError } from '../auth/authenticate.js';
import { ParamError, SdnError } from '../util/errors.js';

export class PermissionError extends Error {
  constructor(what: string) {
    super(`Permission check failed (${what})`);
    this.name = 'PermissionError';
  }
}

export class NotImplementedError extends Error {
  constructor(method: string, path: string) {
    super(`Method '${method} ${path}' not implemented`);
    this.name = 'NotImplementedError';
  }
}

/** The few refusals the reference raises with HTTP 404 (most of its not-found cases are 500s) */
export class NotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotFoundError';
  }
}

export interface ErrorAnswer {
  readonly status: number;
  readonly body: { readonly data: null; readonly message: string; readonly errors?: Readonly<Record<string, string>> };
}

export function errorAnswer(e: unknown): ErrorAnswer {
  if (e instanceof ParamError) return { status: 400, body: { data: null, message: `${e.message}\n`, errors: e.errors } };
  if (e instanceof AuthError) return { status: 401, body: { data: null, message: `${e.message}\n` } };
  if (e instanceof PermissionError) return { status: 403, body: { data: null, message: `${e.message}\n` } };
  if (e instanceof NotImplementedError) return { status: 501, body: { data: null, message: `${e.message}\n` } };
  if (e instanceof NotFoundError) return { status: 404, body: { data: null, message: `${e.message}\n` } };
  // the reference answers every other refusal with 500 and the message; clients rely on that
  if (e instanceof SdnError) return { status: 500, body: { data: null, message: `${e.message}\n` } };
  return { status: 500, body: { data: null, message: `internal error: ${(e as Error)?.message ?? String(e)} (see the server log)\n` } };
}

/** A reason phrase must be one line of visible ASCII. */
export function reasonPhrase(message: string): string {
  return message.replace(/[^\x20-\x7e]+/g, ' ').trim().slice(0, 200) || 'Error';
}
