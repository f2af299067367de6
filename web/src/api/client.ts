/**
 * Calls to the Weft API (`/api2/json`): parameters as a query (GET, DELETE)
 * or a JSON body (POST, PUT), the CSRF token on every change, `{ data }`
 * unwrapped, and failures as ApiError with the server's per-parameter
 * reasons, so forms can show each one at its field.
 */
const BASE = '/api2/json';

export type ParamValue = string | number | boolean | readonly string[];
export type Params = Readonly<Record<string, ParamValue | undefined>>;

export class ApiError extends Error {
  readonly status: number;
  /** the server's reason per parameter (`{ tag: 'value must have a maximum value of 4094' }`) */
  readonly errors: Readonly<Record<string, string>>;
  constructor(status: number, message: string, errors: Readonly<Record<string, string>> = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.errors = errors;
  }
}

let csrfToken: string | null = null;

/** Set at login (and from the saved session); sent as CSRFPreventionToken on changes. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

function query(params: Params): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined) continue;
    for (const item of Array.isArray(v) ? v : [v]) q.append(k, typeof item === 'boolean' ? (item ? '1' : '0') : String(item));
  }
  const text = q.toString();
  return text ? `?${text}` : '';
}

interface Answer {
  readonly data?: unknown;
  readonly message?: string;
  readonly errors?: Record<string, string>;
}

async function readAnswer(res: Response): Promise<Answer> {
  const text = await res.text();
  try {
    return JSON.parse(text) as Answer;
  } catch {
    return { message: text.trim() || res.statusText };
  }
}

async function call<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, params: Params = {}): Promise<T> {
  const inBody = method === 'POST' || method === 'PUT';
  const headers: Record<string, string> = {};
  if (method !== 'GET' && csrfToken) headers.CSRFPreventionToken = csrfToken;
  if (inBody) headers['content-type'] = 'application/json';
  const defined = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined));
  let res: Response;
  try {
    res = await fetch(`${BASE}${path}${inBody ? '' : query(params)}`, { method, headers, credentials: 'same-origin', ...(inBody ? { body: JSON.stringify(defined) } : {}) });
  } catch (e) {
    throw new ApiError(0, `cannot reach the Weft server (${(e as Error).message}); check that it is running and reload the page`);
  }
  const answer = await readAnswer(res);
  if (!res.ok) throw new ApiError(res.status, (answer.message ?? res.statusText).trim(), answer.errors ?? {});
  return answer.data as T;
}

export const api = {
  get: <T>(path: string, params?: Params) => call<T>('GET', path, params),
  post: <T>(path: string, params?: Params) => call<T>('POST', path, params),
  put: <T>(path: string, params?: Params) => call<T>('PUT', path, params),
  delete: <T>(path: string, params?: Params) => call<T>('DELETE', path, params),
};

/** A message for a failed call that says what to do next. */
export function describeError(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.status === 401) return 'Your session has ended: log in again.';
    if (e.status === 403) return `${e.message} — ask an administrator for this permission.`;
    const fields = Object.entries(e.errors).map(([k, v]) => `${k}: ${v}`);
    return fields.length ? `${e.message} ${fields.join('; ')}` : e.message;
  }
  return e instanceof Error ? e.message : String(e);
}
