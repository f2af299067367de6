/** What the /access route files share: the user id parameter, the access-config transaction, picking given parameters, confirming the caller. */
import { loadAccess, USERID_RE } from '../../auth/access-config.js';
import type { StoreSnapshot, StoreWrite } from '../../store/types.js';
import { verifyPassword } from '../../auth/secrets.js';
import { ParamError } from '../../util/errors.js';
import { PermissionError } from '../errors.js';
import type { TextParam } from '../params.js';
import { ROOT_USER } from '../perm-check.js';
import type { Ctx } from '../route.js';

export const USERID: TextParam = { type: 'string', pattern: USERID_RE.source.slice(1, -1), maxLength: 64, description: 'Full User ID, in the `name@realm` format.' };

/** A transaction on the access config (the snapshot too, for what lives beside it: second factors). */
export async function accessTx<T>(ctx: Ctx, fn: (a: ReturnType<typeof loadAccess>, snap: StoreSnapshot) => { writes: StoreWrite[]; result: T }): Promise<T> {
  return ctx.services.store.transact((snap) => fn(loadAccess(snap), snap));
}

/** the given ones of some parameters */
export function pick<P extends object, K extends keyof P>(params: P, keys: readonly K[]): Partial<Pick<P, K>> {
  const out: Partial<Pick<P, K>> = {};
  for (const k of keys) if (params[k] !== undefined) out[k] = params[k];
  return out;
}

/**
 * Only root@pam changes root@pam: its password (the reference's rule), and
 * in Weft also its account and its API tokens — the reference lets any user
 * administrator mint a root@pam token, which is root's every privilege.
 */
export function onlyRootChangesRoot(ctx: Ctx, userid: string): void {
  if (userid === ROOT_USER && ctx.principal?.authid !== ROOT_USER) throw new PermissionError(`only ${ROOT_USER} may change ${ROOT_USER}`);
}

/**
 * reauth_user_for_user_modification: only root@pam changes root@pam;
 * anyone else confirms the change with their own current password, given
 * as the parameter `param`.
 */
export function confirmCaller(ctx: Ctx, userid: string, shadow: Readonly<Record<string, string>>, param: string, given: string | undefined): void {
  onlyRootChangesRoot(ctx, userid);
  const authid = ctx.principal?.authid ?? '';
  if (authid === ROOT_USER) return;
  if (given === undefined) throw new ParamError({ [param]: 'password is required to modify user' });
  if (!verifyPassword(given, shadow[authid])) throw new ParamError({ [param]: 'authentication failure' });
}
