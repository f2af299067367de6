/**
 * Password and token-secret hashing, and the HMAC-signed login ticket and
 * CSRF token. Ticket: `PVE:<userid>:<HEXTIME>::<signature>`, valid two
 * hours (the reference's lifetime); CSRF token: `<HEXTIME>:<signature>`
 * bound to the user. Both verify with constant-time comparison. A login
 * that still owes its second factor gets a TFA ticket instead:
 * `PVE:!tfa!<challenge, URI-encoded>:<HEXTIME>::<signature>`, signed over
 * the user too (the reference's additional authenticated data), which
 * authenticates nothing and is only good for answering the challenge.
 */
import { createHash, createHmac, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

export const TICKET_LIFETIME_S = 2 * 3600;
/** tolerated clock skew between cluster nodes */
const GRACE_S = 300;

const hexTime = (t: number) => Math.floor(t).toString(16).toUpperCase().padStart(8, '0');

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const sign = (key: string, data: string) => createHmac('sha256', key).update(data).digest('base64url');

export function newAuthKey(): string {
  return randomBytes(32).toString('base64url');
}

export function hashPassword(password: string): string {
  const salt = randomBytes(16).toString('base64url');
  return `scrypt$${salt}$${scryptSync(password, salt, 32).toString('base64url')}`;
}

export function verifyPassword(password: string, stored: string | undefined): boolean {
  const [scheme, salt, hash] = (stored ?? '').split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  return sameText(scryptSync(password, salt, 32).toString('base64url'), hash);
}

export const hashTokenSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');

export function verifyTokenSecret(secret: string, stored: string | undefined): boolean {
  return stored !== undefined && sameText(hashTokenSecret(secret), stored);
}

export function createTicket(key: string, userid: string, now = Date.now() / 1000): string {
  const data = `PVE:${userid}:${hexTime(now)}`;
  return `${data}::${sign(key, data)}`;
}

const TFA_PREFIX = '!tfa!';

/** A ticket's data (the user, or a TFA challenge) when its signature over `signed(data)` holds and it is unexpired. */
function ticketData(key: string, ticket: string, signed: (data: string) => string, now: number): string | null {
  const m = /^(PVE:(.+):([0-9A-F]{8}))::(.+)$/.exec(ticket);
  if (!m || !key) return null;
  const [, data = '', inner = '', time = '', sig = ''] = m;
  const age = now - parseInt(time, 16);
  if (age < -GRACE_S || age > TICKET_LIFETIME_S) return null;
  return sameText(sign(key, signed(data)), sig) ? inner : null;
}

/** The user of a valid, unexpired login ticket, else null (a TFA ticket is none). */
export function verifyTicket(key: string, ticket: string, now = Date.now() / 1000): string | null {
  const userid = ticketData(key, ticket, (data) => data, now);
  return userid === null || userid.startsWith(TFA_PREFIX) ? null : userid;
}

export function createTfaTicket(key: string, userid: string, challenge: string, now = Date.now() / 1000): string {
  const data = `PVE:${TFA_PREFIX}${encodeURIComponent(challenge)}:${hexTime(now)}`;
  return `${data}::${sign(key, `${data}:${userid}`)}`;
}

/** The challenge of a valid, unexpired TFA ticket issued to `userid`, else null. */
export function verifyTfaTicket(key: string, ticket: string, userid: string, now = Date.now() / 1000): string | null {
  const inner = ticketData(key, ticket, (data) => `${data}:${userid}`, now);
  if (inner === null || !inner.startsWith(TFA_PREFIX)) return null;
  try {
    return decodeURIComponent(inner.slice(TFA_PREFIX.length));
  } catch {
    return null;
  }
}

export function createCsrfToken(key: string, userid: string, now = Date.now() / 1000): string {
  const time = hexTime(now);
  return `${time}:${sign(key, `${time}:${userid}`)}`;
}

export function verifyCsrfToken(key: string, userid: string, token: string, now = Date.now() / 1000): boolean {
  const m = /^([0-9A-F]{8}):(\S+)$/.exec(token);
  if (!m || !key) return false;
  const age = now - parseInt(m[1] ?? '0', 16);
  if (age < -GRACE_S || age > TICKET_LIFETIME_S) return false;
  return sameText(sign(key, `${m[1]}:${userid}`), m[2] ?? '');
}
