/**
 * `weft get|create|set|delete <api-path> [--param value …]`, like pvesh:
 * GET, POST, PUT, DELETE on a path under /api2/json. Parameters repeat for
 * lists (`--dhcp-range A --dhcp-range B`). The server comes from --server
 * or WEFT_SERVER; the API token from --token-file, WEFT_TOKEN or
 * WEFT_TOKEN_FILE; a self-signed server is pinned with --fingerprint (or
 * WEFT_FINGERPRINT), or accepted blindly with --insecure.
 */
import { readFileSync } from 'node:fs';
import { callApi, type ParamValue } from './http-client.js';
import { CliError } from './errors.js';

export const RESOURCE_USAGE = `usage: weft get|create|set|delete <api-path> [--<param> <value> …]
             [--output-format json|text] [--server URL] [--token-file FILE]
             [--fingerprint SHA256 | --insecure]
Examples:
  weft get /cluster/sdn/vnets --pending 1
  weft create /cluster/sdn/zones --zone z1 --type simple
  weft set /cluster/sdn/vnets/v1 --alias web --digest <digest>
  weft delete /cluster/sdn/vnets/v1
  weft set /cluster/sdn            (apply pending changes)
Environment: WEFT_SERVER (default https://localhost:8006), WEFT_TOKEN
(user@realm!name=secret) or WEFT_TOKEN_FILE, WEFT_FINGERPRINT.`;

const METHODS: Readonly<Record<string, string>> = { get: 'GET', create: 'POST', set: 'PUT', delete: 'DELETE' };
const OWN_FLAGS = new Set(['output-format', 'server', 'token-file', 'fingerprint', 'insecure']);

interface Parsed {
  readonly path: string;
  readonly params: Record<string, ParamValue>;
  readonly own: Record<string, string>;
}

export function parseResourceArgs(argv: readonly string[]): Parsed {
  const [path, ...rest] = argv;
  if (!path || path.startsWith('--')) throw new CliError(`missing <api-path>\n${RESOURCE_USAGE}`);
  const params: Record<string, ParamValue> = {};
  const own: Record<string, string> = {};
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] ?? '';
    if (!arg.startsWith('--')) throw new CliError(`unexpected argument '${arg}': parameters are --name value`);
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq > 0 ? eq : undefined);
    let value: string;
    if (eq > 0) value = arg.slice(eq + 1);
    else if (name === 'insecure') value = '1';
    else {
      const next = rest[i + 1];
      if (next === undefined) throw new CliError(`--${name} needs a value`);
      value = next;
      i++;
    }
    if (OWN_FLAGS.has(name)) own[name] = value;
    else {
      const prev = params[name];
      params[name] = prev === undefined ? value : [...[prev].flat(), value];
    }
  }
  return { path, params, own };
}

function token(own: Record<string, string>): string | undefined {
  const file = own['token-file'] ?? process.env.WEFT_TOKEN_FILE;
  if (file) {
    try {
      return readFileSync(file, 'utf8').trim();
    } catch (e) {
      throw new CliError(`cannot read token file '${file}': ${(e as Error).message}`);
    }
  }
  return process.env.WEFT_TOKEN;
}

function textOf(data: unknown): string {
  if (data === null || data === undefined) return '';
  if (Array.isArray(data)) return data.map((row) => (row && typeof row === 'object' ? Object.entries(row).map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join(' ') : String(row))).join('\n') + '\n';
  if (typeof data === 'object') return Object.entries(data).map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join('\n') + '\n';
  return `${String(data)}\n`;
}

export function resourceCommand(verb: string): (argv: readonly string[]) => Promise<number> {
  return async (argv) => {
    const { path, params, own } = parseResourceArgs(argv);
    const format = own['output-format'] ?? 'text';
    if (format !== 'json' && format !== 'text') throw new CliError(`--output-format must be json or text, not '${format}'`);
    const tok = token(own);
    if (!tok) throw new CliError('no API token: set WEFT_TOKEN=user@realm!name=secret or WEFT_TOKEN_FILE (create one with POST /access/users/{userid}/token/{tokenid})');
    const fingerprint = own.fingerprint ?? process.env.WEFT_FINGERPRINT;
    const answer = await callApi(
      { server: own.server ?? process.env.WEFT_SERVER ?? 'https://localhost:8006', token: tok, ...(fingerprint ? { fingerprint } : {}), insecure: own.insecure === '1' },
      METHODS[verb] ?? 'GET',
      path,
      params,
    ).catch((e: Error) => {
      const hint = /self[- ]signed|certificate/i.test(e.message) ? ' (a self-signed server: pass --fingerprint <sha256 printed by weft server>, or --insecure)' : '';
      throw new CliError(`cannot reach the server: ${e.message}${hint}`, 1);
    });
    if (answer.status < 200 || answer.status > 299) {
      let msg = `${answer.status} ${answer.body?.message?.trim() || answer.reason}`;
      for (const [k, v] of Object.entries(answer.body?.errors ?? {})) msg += `\n  ${k}: ${v}`;
      throw new CliError(msg, 1);
    }
    const data = answer.body?.data;
    process.stdout.write(format === 'json' ? `${JSON.stringify(data ?? null, null, 2)}\n` : textOf(data));
    return 0;
  };
}
