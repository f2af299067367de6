/** What the /access route files share: the user id parameter, the access-config transaction, picking given parameters. */
import { loadAccess, USERID_RE } from '../../auth/access-config.js';
import type { PropertySchema } from '../../model/schema.js';
import type { StoreWrite } from '../../store/types.js';
import { PermissionError } from '../errors.js';
import { ROOT_USER } from '../perm-check.js';
import type { Ctx } from '../route.js';

export const USERID: PropertySchema = { type: 'string', pattern: USERID_RE.source.slice(1, -1), maxLength: 64, description: 'Full User ID, in the `name@realm` format.' };

export async function accessTx<T>(ctx: Ctx, fn: (a: ReturnType<typeof loadAccess>) => { writes: StoreWrite[]; result: T }): Promise<T> {
  return ctx.services.store.transact((snap) => fn(loadAccess(snap)));
}

export const pick = (ctx: Ctx, keys: readonly string[]): Record<string, unknown> => Object.fromEntries(Object.entries(ctx.params).filter(([k]) => keys.includes(k)));

/**
 * Only root@pam changes root@pam: its password (the reference's rule), and
 * in Weft also its account and its API tokens — the reference lets any user
 * administrator mint a root@pam token, which is root's every privilege.
 */
export function onlyRootChangesRoot(ctx: Ctx, userid: string): void {
  if (userid === ROOT_USER && ctx.principal?.authid !== ROOT_USER) throw new PermissionError(`only ${ROOT_USER} may change ${ROOT_USER}`);
}
