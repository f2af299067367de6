/**
 * `weft login` and `weft logout`: log in with a user's password (and its
 * second factor when it has one), keep the ticket for later commands
 * (session.ts); logout forgets it.
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { DEFAULT_SERVER, unreachable } from './credentials.js';
import { CliError } from './errors.js';
import { answerError, callApi, type ClientOptions } from '../util/http-client.js';
import { removeSession, saveSession } from './session.js';

export const LOGIN_USAGE = `usage: weft login [--user USER@REALM] [--password-file FILE] [--otp ANSWER]
                  [--server URL] [--fingerprint SHA256 | --insecure]
Logs in with a password (asked for on a terminal, else read from the
password file or the first line of stdin) and keeps the ticket for the
commands that follow (2 hours), in $WEFT_SESSION_FILE or
~/.config/weft/session.json (readable by you only). A user with second
factors answers with --otp (totp:123456, or recovery:KEY) or when asked.
An API token (WEFT_TOKEN, --token-file) takes precedence over the login.
  weft login --user root@pam --server https://host:8006 --fingerprint <sha256>
usage: weft logout     forgets the login`;

/** One line from the terminal without echo when `secret`, else the first line of stdin. */
async function ask(prompt: string, secret: boolean): Promise<string> {
  const tty = process.stdin.isTTY;
  const rl = createInterface({ input: process.stdin, output: tty ? process.stderr : undefined, terminal: tty });
  if (tty) process.stderr.write(prompt);
  if (tty && secret) {
    // readline echoes what is typed: write nothing for the typed characters
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => undefined;
  }
  try {
    for await (const line of rl) return line;
    throw new CliError(`no ${prompt.replace(/:\s*$/, '').toLowerCase()} given (stdin ended)`);
  } finally {
    rl.close();
    if (tty && secret) process.stderr.write('\n');
  }
}

interface TicketAnswer {
  readonly username: string;
  readonly ticket: string;
  readonly CSRFPreventionToken: string;
  readonly NeedTFA?: number;
}

async function requestTicket(client: ClientOptions, params: Record<string, string>): Promise<TicketAnswer> {
  const answer = await callApi(client, 'POST', '/access/ticket', params).catch((e: Error) => {
    throw new CliError(unreachable(e), 1);
  });
  if (answer.status === 401) throw new CliError('login failed: wrong user name, password or second factor', 1);
  if (answer.status < 200 || answer.status > 299) throw new CliError(answerError(answer), 1);
  return answer.body?.data as TicketAnswer;
}

export async function loginCommand(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      user: { type: 'string', default: 'root@pam' },
      'password-file': { type: 'string' },
      otp: { type: 'string' },
      server: { type: 'string' },
      fingerprint: { type: 'string' },
      insecure: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const fingerprint = values.fingerprint ?? process.env.WEFT_FINGERPRINT;
  const client: ClientOptions = { server: values.server ?? process.env.WEFT_SERVER ?? DEFAULT_SERVER, ...(fingerprint ? { fingerprint } : {}), insecure: values.insecure };
  const file = values['password-file'];
  const password = file ? readFileSync(file, 'utf8').split('\n')[0] ?? '' : await ask(`Password for ${values.user}: `, true);
  let answer = await requestTicket(client, { username: values.user, password });
  if (answer.NeedTFA) {
    const otp = values.otp ?? (process.stdin.isTTY ? await ask('Second factor (totp:123456 or recovery:KEY): ', false) : undefined);
    if (!otp) throw new CliError(`${values.user} has second factors: pass --otp totp:<code> (or recovery:<key>)`, 1);
    answer = await requestTicket(client, { username: values.user, 'tfa-challenge': answer.ticket, password: otp });
  }
  const where = saveSession({ server: client.server, username: answer.username, ticket: answer.ticket, csrf: answer.CSRFPreventionToken, ...(fingerprint ? { fingerprint } : {}), ...(values.insecure ? { insecure: true } : {}), issued: Date.now() });
  process.stderr.write(`logged in to ${client.server} as ${answer.username} for 2 hours (ticket in ${where})\n`);
  return 0;
}

export function logoutCommand(): number {
  process.stderr.write(removeSession() ? 'logged out: the ticket is forgotten\n' : 'not logged in\n');
  return 0;
}
