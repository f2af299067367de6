/**
 * How a command finds the API and proves who it is: the server from --server
 * or WEFT_SERVER, an API token from --token-file, WEFT_TOKEN_FILE or
 * WEFT_TOKEN, else the ticket `weft login` kept (session.ts), a self-signed server pinned with --fingerprint (or
 * WEFT_FINGERPRINT) or accepted blindly with --insecure.
 */
import { readFileSync } from 'node:fs';
import { CliError } from './errors.js';
import type { ClientOptions } from '../util/http-client.js';
import { loadSession } from './session.js';

export const DEFAULT_SERVER = 'https://localhost:8006';

export interface CredentialFlags {
  readonly server?: string;
  readonly tokenFile?: string;
  readonly fingerprint?: string;
  readonly insecure?: boolean;
}

function readToken(tokenFile: string | undefined): string | undefined {
  const file = tokenFile ?? process.env.WEFT_TOKEN_FILE;
  if (file) {
    try {
      return readFileSync(file, 'utf8').trim();
    } catch (e) {
      throw new CliError(`cannot read token file '${file}': ${(e as Error).message}`);
    }
  }
  return process.env.WEFT_TOKEN;
}

export function clientOptions(flags: CredentialFlags): ClientOptions {
  const token = readToken(flags.tokenFile);
  const fingerprint = flags.fingerprint ?? process.env.WEFT_FINGERPRINT;
  const server = flags.server ?? process.env.WEFT_SERVER;
  if (token) return { server: server ?? DEFAULT_SERVER, token, ...(fingerprint ? { fingerprint } : {}), insecure: flags.insecure === true };
  const session = loadSession();
  if (!session) throw new CliError("not logged in: run 'weft login', or set WEFT_TOKEN=user@realm!name=secret or WEFT_TOKEN_FILE (an API token, made in the web UI's API tokens page)");
  if (server && server.replace(/\/+$/, '') !== session.server.replace(/\/+$/, '')) throw new CliError(`logged in to ${session.server}, not ${server}: run 'weft login --server ${server}'`);
  const pin = fingerprint ?? session.fingerprint;
  return { server: session.server, ticket: { ticket: session.ticket, csrf: session.csrf }, ...(pin ? { fingerprint: pin } : {}), insecure: flags.insecure === true || session.insecure === true };
}

/** Why a request did not reach the server, with what to do about a certificate. */
export function unreachable(e: Error): string {
  const hint = /self[- ]signed|certificate/i.test(e.message) ? ' (a self-signed server: pass --fingerprint <sha256 printed by weft server>, or --insecure)' : '';
  return `cannot reach the server: ${e.message}${hint}`;
}
