/**
 * The one-time password `weft server` gives root@pam on its first start:
 * recorded in the store until the user sets a password of their own
 * (`PUT /access/password`), so a login can say the password must be changed
 * (the web UI then asks for a new one before anything else). The API does
 * not refuse other calls meanwhile: scripts and tests keep working.
 */
import type { StoreSnapshot, StoreWrite } from '../store/types.js';

const KEY = 'priv/access/one-time-password';

/** Marks `userid`'s password as one-time (the bootstrap's transaction). */
export const oneTimePasswordWrite = (userid: string): StoreWrite => ({ key: KEY, value: `${userid}\n` });

export function hasOneTimePassword(snap: StoreSnapshot, userid: string): boolean {
  return snap.docs.get(KEY)?.trim() === userid;
}

/** The writes that end `userid`'s one-time password when it sets its own. */
export function passwordSetWrites(snap: StoreSnapshot, userid: string): StoreWrite[] {
  return hasOneTimePassword(snap, userid) ? [{ key: KEY, value: null }] : [];
}
