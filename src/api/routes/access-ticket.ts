/**
 * Logging in: `POST /access/ticket` as the reference's create_ticket. A
 * password (or a valid ticket of the same user, which renews itself) gives
 * a ticket; for a user with second factors (auth/tfa.ts) it gives instead a
 * TFA ticket carrying the challenge (`NeedTFA: 1`), answered by a second
 * call with that ticket as `tfa-challenge` and the answer (`totp:<code>` or
 * `recovery:<key>`) as `password` — or at once with the answer as `otp`.
 * Every failure is the same 401 "authentication failure".
 */
import { loadAccess, type AccessConfig, type AccessSecrets } from '../../auth/access-config.js';
import { apiCapabilities } from '../../auth/api-capabilities.js';
import { AuthError, SESSION_COOKIE } from '../../auth/authenticate.js';
import { hasOneTimePassword } from '../../auth/one-time-password.js';
import { createCsrfToken, createTfaTicket, createTicket, verifyPassword, verifyTfaTicket, verifyTicket } from '../../auth/secrets.js';
import { challengeFor, loadTfa, tfaWrite, verifyResponse, type TfaChallenge } from '../../auth/tfa.js';
import { optBool, optStr, str } from '../params.js';
import type { StoreSnapshot } from '../../store/types.js';
import type { LoginAnswer } from '../answers.js';
import { route, type Ctx, type RouteDef } from '../route.js';

const failure = () => new AuthError('authentication failure');

/** The login's second factor: the answer checked and the TFA state kept (a used key, a failure counted) either way. */
async function answerChallenge(ctx: Ctx, userid: string, challenge: TfaChallenge, response: string): Promise<void> {
  const ok = await ctx.services.store.transact((snap) => {
    const before = loadTfa(snap);
    const r = verifyResponse(before, userid, challenge, response, Date.now() / 1000);
    return { writes: r.cfg === before ? [] : [tfaWrite(r.cfg)], result: r.ok };
  });
  if (!ok) throw failure();
}

function loggedIn(ctx: Ctx, snap: StoreSnapshot, config: AccessConfig, secrets: AccessSecrets, userid: string): LoginAnswer {
  const ticket = createTicket(secrets.authkey, userid);
  // HttpOnly: page scripts never see the ticket; the web UI keeps the answer's CSRF token
  ctx.setCookie(`${SESSION_COOKIE}=${encodeURIComponent(ticket)}; path=/; secure; HttpOnly; SameSite=Lax;`);
  return {
    username: userid,
    ticket,
    CSRFPreventionToken: createCsrfToken(secrets.authkey, userid),
    cap: apiCapabilities(config, userid),
    // Weft's: still the one-time password of the first start; the web UI asks for a new one
    ...(hasOneTimePassword(snap, userid) ? { NeedPasswordChange: 1 as const } : {}),
  };
}

function parseChallenge(text: string | null): TfaChallenge {
  if (text === null) throw failure();
  try {
    return JSON.parse(text) as TfaChallenge;
  } catch {
    throw failure();
  }
}

export const ACCESS_TICKET_ROUTES: readonly RouteDef[] = [
  route({ method: 'GET', path: '/access/ticket', params: {}, world: true, credentialsOnly: true, handler: () => null }),
  // Weft's addition: the ticket cookie is HttpOnly, so a page cannot remove it itself to log out
  route({
    method: 'DELETE',
    path: '/access/ticket',
    params: {},
    world: true,
    credentialsOnly: true,
    handler(ctx) {
      ctx.setCookie(`${SESSION_COOKIE}=; path=/; secure; HttpOnly; SameSite=Lax; expires=Thu, 01 Jan 1970 00:00:00 GMT`);
      return null;
    },
  }),
  route({
    method: 'POST',
    path: '/access/ticket',
    world: true,
    // a password or ticket login reads the users and keys; a second factor's answer writes (and fails while the store does not answer)
    credentialsOnly: true,
    params: {
      username: str('User name', { maxLength: 64 }),
      password: str('The secret password. This can also be a valid ticket.'),
      realm: optStr('You can optionally pass the realm using this parameter.', { maxLength: 32 }),
      otp: optStr('One-time password for Two-factor authentication.'),
      path: optStr('Verify ticket, and check if user have access privs on path', { maxLength: 64 }),
      privs: optStr('Verify ticket, and check if user have access privs on path', { maxLength: 64 }),
      'new-format': optBool('This parameter is now ignored and assumed to be 1.', true),
      'tfa-challenge': optStr('The signed TFA challenge string the user wants to respond to.'),
    },
    async handler(ctx): Promise<LoginAnswer> {
      const snap = ctx.snapshot;
      const { config, secrets } = loadAccess(snap);
      const { username, realm, password } = ctx.params;
      const userid = realm && !username.includes('@') ? `${username}@${realm}` : username;
      const user = Object.hasOwn(config.users, userid) ? config.users[userid] : undefined;
      if (!user || !user.enable || (user.expire !== 0 && user.expire <= Date.now() / 1000)) throw failure();

      const tfaTicket = ctx.params['tfa-challenge'];
      if (tfaTicket !== undefined) {
        // the second step: the answer is in `password`
        if (ctx.params.otp !== undefined) throw failure();
        await answerChallenge(ctx, userid, parseChallenge(verifyTfaTicket(secrets.authkey, tfaTicket, userid)), password);
        return loggedIn(ctx, snap, config, secrets, userid);
      }
      // a valid ticket renews itself, as in the reference (its login passed the second factor)
      if (verifyTicket(secrets.authkey, password) === userid) return loggedIn(ctx, snap, config, secrets, userid);
      if (!verifyPassword(password, secrets.shadow[userid])) throw failure();
      const challenge = challengeFor(loadTfa(snap), userid);
      if (challenge) {
        const otp = ctx.params.otp;
        if (otp === undefined) {
          return { username: userid, ticket: createTfaTicket(secrets.authkey, userid, JSON.stringify(challenge)), CSRFPreventionToken: createCsrfToken(secrets.authkey, userid), NeedTFA: 1 as const };
        }
        await answerChallenge(ctx, userid, challenge, otp);
      }
      return loggedIn(ctx, snap, config, secrets, userid);
    },
  }),
];
