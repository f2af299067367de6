/**
 * The CLI's login: `weft login` keeps the ticket the server gave (with its
 * CSRF token, the server and how its certificate is trusted) in a file only
 * its owner reads, `$WEFT_SESSION_FILE` or `$XDG_CONFIG_HOME/weft/session.json`
 * (`~/.config/weft/session.json`); later commands without an API token use
 * it. A ticket lives 2 hours, as the reference's: after that, log in again.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.js';
import { CliError } from './errors.js';

export interface Session {
  readonly server: string;
  readonly username: string;
  readonly ticket: string;
  readonly csrf: string;
  readonly fingerprint?: string;
  readonly insecure?: boolean;
  /** when the ticket was issued, ms since the epoch */
  readonly issued: number;
}

export const TICKET_LIFETIME_MS = 2 * 3600 * 1000;

export function sessionFile(): string {
  return process.env.WEFT_SESSION_FILE ?? join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'weft', 'session.json');
}

export function saveSession(session: Session): string {
  const file = sessionFile();
  writeFileAtomic(file, `${JSON.stringify(session, null, 2)}\n`, 0o600);
  return file;
}

const isSession = (v: unknown): v is Session => {
  const s = v as Partial<Session> | null;
  return typeof s === 'object' && s !== null && typeof s.server === 'string' && typeof s.username === 'string' && typeof s.ticket === 'string' && typeof s.csrf === 'string' && typeof s.issued === 'number';
};

/** The stored login, undefined when there is none; an expired one is an error saying to log in again. */
export function loadSession(now = Date.now()): Session | undefined {
  const file = sessionFile();
  if (!existsSync(file)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new CliError(`cannot read the login in ${file}: ${(e as Error).message} (run 'weft login' again)`);
  }
  if (!isSession(parsed)) throw new CliError(`${file} is not a login written by 'weft login': run 'weft login' again`);
  if (now - parsed.issued >= TICKET_LIFETIME_MS) throw new CliError(`the login of ${parsed.username} to ${parsed.server} has expired (tickets last 2 hours): run 'weft login' again`);
  return parsed;
}

/** Forgets the stored login; true when there was one. */
export function removeSession(): boolean {
  const file = sessionFile();
  if (!existsSync(file)) return false;
  rmSync(file);
  return true;
}
