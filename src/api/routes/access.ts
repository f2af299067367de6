/**
 * `/access`: the index, realms, passwords and effective permissions;
 * login in access-ticket.ts, users and tokens in access-users.ts, the ACL
 * in access-acl.ts, roles in access-roles.ts, second factors in
 * access-tfa.ts. The checks are the reference's
 * (PVE::API2::AccessControl), on what Weft has (no groups API, realms pam
 * and pve).
 */
import { loadAccess, shadowWrite, splitTokenId } from '../../auth/access-config.js';
import { hasAll, privileges } from '../../auth/permissions.js';
import { passwordSetWrites } from '../../auth/one-time-password.js';
import { hashPassword } from '../../auth/secrets.js';
import { SdnError } from '../../util/errors.js';
import { PermissionError } from '../errors.js';
import { optStr, str } from '../params.js';
import { ROOT_USER } from '../perm-check.js';
import { route, type Ctx, type RouteDef } from '../route.js';
import { ACCESS_ACL_ROUTES } from './access-acl.js';
import { ACCESS_ROLE_ROUTES } from './access-roles.js';
import { ACCESS_TFA_ROUTES } from './access-tfa.js';
import { ACCESS_TICKET_ROUTES } from './access-ticket.js';
import { accessTx, confirmCaller, USERID } from './access-shared.js';
import { ACCESS_USER_ROUTES } from './access-users.js';

/** Weft's two realms: both keep their passwords in Weft's store (no Linux PAM, no LDAP). */
const REALMS = [
  { realm: 'pam', type: 'pam', comment: 'Weft administrator (root@pam)' },
  { realm: 'pve', type: 'pve', comment: 'Weft users' },
];

/** The paths get_effective_permissions always looks at, besides the ACL's. */
const EFFECTIVE_PATHS = ['/', '/access', '/access/groups', '/nodes', '/pool', '/sdn', '/storage', '/vms'];

/**
 * The reference's change_password rules: reauth_user_for_user_modification
 * with `confirmation-password`, and nobody but root changes another pam
 * user's password.
 */
function reauthenticate(ctx: Ctx, userid: string, shadow: Readonly<Record<string, string>>, confirmation: string | undefined): void {
  confirmCaller(ctx, userid, shadow, 'confirmation-password', confirmation);
  const authid = ctx.principal?.authid ?? '';
  if (authid !== ROOT_USER && authid !== userid && userid.endsWith('@pam')) throw new PermissionError(`only ${ROOT_USER} changes the password of another pam user`);
}

export const ACCESS_ROUTES: readonly RouteDef[] = [
  route({ method: 'GET', path: '/access', params: {}, credentialsOnly: true, handler: () => ['users', 'acl', 'roles', 'domains', 'ticket', 'permissions', 'password', 'tfa'].map((subdir) => ({ subdir })) }),
  // the login window lists the realms before anyone is logged in
  route({ method: 'GET', path: '/access/domains', params: {}, world: true, credentialsOnly: true, handler: () => REALMS }),
  ...ACCESS_TICKET_ROUTES,
  route({
    method: 'PUT',
    path: '/access/password',
    params: { userid: USERID, password: str('The new password.', { minLength: 8, maxLength: 64 }), 'confirmation-password': optStr('The current password of the user performing the change.') },
    permission: { or: [{ useridParam: 'self' }, { and: [{ useridParam: 'Realm.AllocateUser' }, { useridGroup: ['User.Modify'] }] }] },
    allowToken: false,
    async handler(ctx) {
      const { userid, password } = ctx.params;
      await accessTx(ctx, ({ config, secrets }, snap) => {
        if (!config.users[userid]) throw new SdnError(`no such user ('${userid}')`, 'not-found');
        reauthenticate(ctx, userid, secrets.shadow, ctx.params['confirmation-password']);
        return { writes: [shadowWrite({ ...secrets.shadow, [userid]: hashPassword(password) }), ...passwordSetWrites(snap, userid)], result: null };
      });
      return null;
    },
  }),
  route({
    method: 'GET',
    path: '/access/permissions',
    params: { path: optStr('Only dump this specific path, not the whole tree.'), userid: optStr('User ID or full API token ID') },
    async handler(ctx) {
      const { config } = loadAccess(await ctx.services.store.read());
      const authid = ctx.principal?.authid ?? '';
      const who = ctx.params.userid ?? authid;
      // one's own privileges and those of one's tokens; anyone else's with Sys.Audit on /access
      if (who !== authid && splitTokenId(who)?.userid !== authid && !hasAll(config, authid, '/access', ['Sys.Audit'])) throw new PermissionError('/access, Sys.Audit');
      const paths = ctx.params.path ? [ctx.params.path] : [...new Set([...EFFECTIVE_PATHS, ...config.acl.map((e) => e.path)])];
      const out: Record<string, Record<string, number>> = {};
      for (const p of paths) {
        const privs = privileges(config, who, p);
        if (privs.size > 0 || ctx.params.path) out[p] = Object.fromEntries([...privs].map(([x, propagate]) => [x, propagate ? 1 : 0]));
      }
      return out;
    },
  }),
  ...ACCESS_USER_ROUTES,
  ...ACCESS_ACL_ROUTES,
  ...ACCESS_ROLE_ROUTES,
  ...ACCESS_TFA_ROUTES,
];
