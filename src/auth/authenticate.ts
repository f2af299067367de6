/**
 * Who is calling: a login ticket (cookie `PVEAuthCookie`, or the same in the
 * Authorization header, or Weft's own session cookie) plus, for anything but GET, the
 * `CSRFPreventionToken` header; or an API token
 * (`Authorization: PVEAPIToken=user@realm!name=secret`). Failures are
 * AuthError (401), with the reference's short reasons.
 */
import { splitTokenId, type AccessConfig, type AccessSecrets } from './access-config.js';
import { verifyCsrfToken, verifyTicket, verifyTokenSecret } from './secrets.js';

export interface Principal {
  /** the user (for a token: its owner) */
  readonly userid: string;
  /** what permissions are evaluated for: the user, or the full token id */
  readonly authid: string;
  readonly isToken: boolean;
}

export class AuthError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuthError';
  }
}

export const COOKIE_NAME = 'PVEAuthCookie';
/**
 * The HttpOnly cookie a login answer sets (Weft's addition: the reference sets
 * none). Named apart from PVEAuthCookie, which Proxmox VE's GUI sets from its
 * own script: a browser lets no script replace an HttpOnly cookie of the same name.
 */
export const SESSION_COOKIE = 'WeftAuthCookie';
const TOKEN_NAME = 'PVEAPIToken';

/** The reference's extract_auth_value: `NAME=value` or `NAME value` up to `;`. */
export function authValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  const m = new RegExp(`(?:^|\\s|;)${name}(?:=| )([^;]*)`).exec(header);
  if (!m?.[1]) return undefined;
  try {
    return decodeURIComponent(m[1].trim());
  } catch {
    return m[1].trim();
  }
}

export interface AuthInput {
  readonly method: string;
  readonly cookie?: string;
  readonly authorization?: string;
  readonly csrf?: string;
}

function checkUser(cfg: AccessConfig, userid: string, now: number): void {
  const user = cfg.users[userid];
  if (!user) throw new AuthError(`user '${userid}' does not exist`);
  if (!user.enable) throw new AuthError(`user '${userid}' is disabled`);
  if (user.expire > 0 && user.expire < now) throw new AuthError(`account '${userid}' expired`);
}

export function authenticate(input: AuthInput, cfg: AccessConfig, secrets: AccessSecrets, now = Date.now() / 1000): Principal {
  const ticket = authValue(input.cookie, COOKIE_NAME) ?? authValue(input.authorization, COOKIE_NAME) ?? authValue(input.cookie, SESSION_COOKIE);
  if (ticket) {
    const userid = verifyTicket(secrets.authkey, ticket, now);
    if (!userid) throw new AuthError('invalid ticket');
    checkUser(cfg, userid, now);
    if (input.method !== 'GET' && !verifyCsrfToken(secrets.authkey, userid, input.csrf ?? '', now)) {
      throw new AuthError('Permission denied - invalid csrf token');
    }
    return { userid, authid: userid, isToken: false };
  }
  const apiToken = authValue(input.authorization, TOKEN_NAME);
  if (!apiToken) throw new AuthError('No ticket');
  const eq = apiToken.lastIndexOf('=');
  if (eq < 0) throw new AuthError('no tokenid specified');
  const tokenid = apiToken.slice(0, eq);
  const parts = splitTokenId(tokenid);
  if (!parts) throw new AuthError(`'${tokenid}' is not a valid token ID - not able to split into user and token parts`);
  checkUser(cfg, parts.userid, now);
  const info = cfg.tokens[tokenid];
  if (!info) throw new AuthError(`no such token '${parts.name}' for user '${parts.userid}'`);
  if (info.expire > 0 && info.expire < now) throw new AuthError(`token '${parts.name}' access expired`);
  if (!verifyTokenSecret(apiToken.slice(eq + 1), secrets.tokens[tokenid])) throw new AuthError('invalid token value!');
  return { userid: parts.userid, authid: tokenid, isToken: true };
}
