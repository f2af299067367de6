/**
 * `weft get|create|set|delete <api-path> [--param value …]`, like pvesh:
 * GET, POST, PUT, DELETE on a path under /api2/json. Parameters repeat for
 * lists (`--dhcp-range A --dhcp-range B`). The server comes from --server
 * or WEFT_SERVER; the API token from --token-file, WEFT_TOKEN or
 * WEFT_TOKEN_FILE; a self-signed server is pinned with --fingerprint (or
 * WEFT_FINGERPRINT), or accepted blindly with --insecure.
 */
import { clientOptions, unreachable } from './credentials.js';
import { answerError, callApi, type ClientOptions, type ParamValue } from '../util/http-client.js';
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

function textOf(data: unknown): string {
  if (data === null || data === undefined) return '';
  if (Array.isArray(data)) return data.length === 0 ? '' : data.map((row) => (row && typeof row === 'object' ? Object.entries(row).map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join(' ') : String(row))).join('\n') + '\n';
  if (typeof data === 'object') return Object.entries(data).map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join('\n') + '\n';
  return `${String(data)}\n`;
}

/**
 * An empty list for a token that may read nothing says so: a token with
 * privilege separation (the default) has only the ACLs given to it, and a
 * new one has none — every list then reads as empty, which looks like an
 * empty config.
 */
async function explainEmpty(client: ClientOptions): Promise<void> {
  const tokenid = client.token?.split('=')[0] ?? '';
  const answer = await callApi(client, 'GET', '/access/permissions', {}).catch(() => undefined);
  const perms = answer?.body?.data;
  if (answer?.status !== 200 || (perms && typeof perms === 'object' && Object.keys(perms).length > 0)) return;
  process.stderr.write(
    `weft: the answer is empty, and the token ${tokenid} has no privileges: with privilege separation a token has only the ACLs given to it ` +
      `(e.g. weft set /access/acl --path / --roles PVEAuditor --tokens '${tokenid}'), or make the token without it (--privsep 0)\n`,
  );
}

export function resourceCommand(verb: string): (argv: readonly string[]) => Promise<number> {
  return async (argv) => {
    const { path, params, own } = parseResourceArgs(argv);
    const format = own['output-format'] ?? 'text';
    if (format !== 'json' && format !== 'text') throw new CliError(`--output-format must be json or text, not '${format}'`);
    const client = clientOptions({
      ...(own.server ? { server: own.server } : {}),
      ...(own['token-file'] ? { tokenFile: own['token-file'] } : {}),
      ...(own.fingerprint ? { fingerprint: own.fingerprint } : {}),
      insecure: own.insecure === '1',
    });
    const answer = await callApi(client, METHODS[verb] ?? 'GET', path, params).catch((e: Error) => {
      throw new CliError(unreachable(e), 1);
    });
    if (answer.status === 401 && client.ticket) throw new CliError(`${answerError(answer)}\nthe server refused the login's ticket: run 'weft login' again`, 1);
    if (answer.status < 200 || answer.status > 299) throw new CliError(answerError(answer), 1);
    const data = answer.body?.data;
    if (verb === 'get' && Array.isArray(data) && data.length === 0 && client.token) await explainEmpty(client);
    process.stdout.write(format === 'json' ? `${JSON.stringify(data ?? null, null, 2)}\n` : textOf(data));
    return 0;
  };
}
