/**
 * The answer formats under `/api2/<format>/`, shaped as pve-http-server's
 * standard formatters shape them. `json`: the HTTP status, `{ data }`, a
 * failure adds `message` (and `errors`). `extjs` (Proxmox's own web GUI):
 * ExtJS wants a `success` flag rather than HTTP statuses, so every answer is
 * HTTP 200 with `success` 1 or 0; a failure carries `message`, the real
 * `status` and `errors`. A request that fails authentication is answered
 * before any formatter runs, so it keeps its 401 in every format.
 */
import type { ErrorAnswer } from './errors.js';

export const API_FORMATS = ['json', 'extjs'] as const;
export type ApiFormat = (typeof API_FORMATS)[number];

export interface FormattedAnswer {
  readonly status: number;
  /** the body, encoded */
  readonly text: string;
  /** the status line's reason phrase, when not the status's usual one */
  readonly reason?: string;
}

/** `/api2/extjs/cluster/sdn` → `{ format: 'extjs', path: '/cluster/sdn' }`; null outside `/api2/<name>`. */
export function splitApiUrl(url: string): { readonly format: string; readonly path: string } | null {
  const pathname = url.split('?')[0] ?? '';
  // the reference's router skips empty segments (`//cluster/sdn/`)
  const segments = pathname.split('/').filter((s) => s !== '');
  const [base, format, ...rest] = segments;
  if (base !== 'api2' || format === undefined || !/^[a-z][a-z0-9]+$/.test(format)) return null;
  return { format, path: `/${rest.join('/')}` };
}

export const isApiFormat = (name: string): name is ApiFormat => (API_FORMATS as readonly string[]).includes(name);

/**
 * An answer's data already encoded as JSON: a large answer (a list of
 * thousands) encoded once and sent to every request that asks for it
 * unchanged (api/list-answer.ts).
 */
export class EncodedJson {
  constructor(readonly json: string) {}
}

export function formatSuccess(format: ApiFormat, data: unknown): FormattedAnswer {
  // the text JSON.stringify gives the body below, with the data's text as it is
  if (data instanceof EncodedJson) return { status: 200, text: `{"data":${data.json}${format === 'extjs' ? ',"success":1' : ''}}` };
  const body = { data: data ?? null };
  return { status: 200, text: JSON.stringify(format === 'extjs' ? { ...body, success: 1 } : body) };
}

export function formatFailure(format: ApiFormat, answer: ErrorAnswer): FormattedAnswer {
  if (format === 'json') return { status: answer.status, text: JSON.stringify(answer.body), reason: answer.body.message };
  return { status: 200, text: JSON.stringify({ ...answer.body, status: answer.status, success: 0 }) };
}
