/**
 * A request's raw parameters, gathered as the reference's HTTP server
 * gathers them (pve-http-server's extract_params, pve-manager's
 * rest_handler): the body (form or JSON), then the query string over it,
 * without ExtJS's cache-buster `_dc`, then the path's parameters, which a
 * body or query value may repeat but not contradict. Everything lives in
 * Maps, so a parameter named `__proto__` or `toString` is just a name.
 */
import { ParamError } from '../util/errors.js';

/** name → text, texts (a repeated key), a JSON value, or null (a key without `=`) */
export type RawParams = ReadonlyMap<string, unknown>;

const PERCENT = /%[0-9a-fA-F]{2}/g;

/** `+` is a blank; `%XX` are bytes of UTF-8 text (malformed bytes become U+FFFD). */
function decodeComponent(text: string): string {
  const s = text.replace(/\+/g, ' ');
  if (!s.includes('%')) return s;
  const parts: Buffer[] = [];
  let last = 0;
  for (const m of s.matchAll(PERCENT)) {
    parts.push(Buffer.from(s.slice(last, m.index), 'utf8'), Buffer.from([Number.parseInt(m[0].slice(1), 16)]));
    last = m.index + m[0].length;
  }
  parts.push(Buffer.from(s.slice(last), 'utf8'));
  return Buffer.concat(parts).toString('utf8');
}

/**
 * `application/x-www-form-urlencoded` text (a body or a query string). As in
 * the reference, `&` and `;` both separate pairs and a repeated key gives
 * the list of its values (joined later for `-list` formats).
 */
export function decodeUrlEncoded(text: string): Map<string, string | string[] | null> {
  const out = new Map<string, string | string[] | null>();
  for (const pair of text.split(/[&;]/)) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = decodeComponent(eq < 0 ? pair : pair.slice(0, eq));
    if (eq < 0) {
      out.set(key, null);
      continue;
    }
    const value = decodeComponent(pair.slice(eq + 1));
    const prev = out.get(key);
    out.set(key, prev === undefined || prev === null ? value : [...[prev].flat(), value]);
  }
  return out;
}

/** A JSON body: an object (empty text: no parameters). */
export function decodeJsonBody(text: string): Map<string, unknown> {
  if (text.trim() === '') return new Map();
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new ParamError({ body: `malformed JSON: ${(e as Error).message}` });
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new ParamError({ body: 'an object is required' });
  // JSON.parse makes `__proto__` an own key, so entries() sees every key sent
  return new Map(Object.entries(data));
}

const CACHE_BUSTER = '_dc';

export interface RequestParts {
  /** the decoded body, null without one */
  readonly body: RawParams | null;
  /** the query string, without `?` */
  readonly query: string;
  /** the path's parameters, decoded by the router */
  readonly path: Readonly<Record<string, string>>;
}

export function gatherParams(parts: RequestParts): Map<string, unknown> {
  const out = new Map<string, unknown>(parts.body ?? []);
  for (const [k, v] of decodeUrlEncoded(parts.query)) out.set(k, v);
  out.delete(CACHE_BUSTER);
  for (const [k, v] of Object.entries(parts.path)) {
    const given = out.get(k);
    if (given !== undefined && given !== null && (typeof given === 'object' || String(given) !== v)) {
      throw new ParamError({ [k]: 'duplicate parameter (already defined in URI) with conflicting values!' });
    }
    out.set(k, v);
  }
  return out;
}
