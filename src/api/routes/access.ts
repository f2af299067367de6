/**
 * `/access`: the index, realms, login tickets, passwords and effective
 * permissions; users and tokens are in access-users.ts, the ACL in
 * access-acl.ts, roles in access-roles.ts. The checks are the reference's
 * (PVE::API2::AccessControl), on what Weft has (no groups API, realms pam
 * and pve).
 */
import { loadAccess, shadowWrite, splitTokenId } from '../../auth/access-config.js';
import { apiCapabilities } from '../../auth/api-capabilities.js';
import { AuthError, SESSION_COOKIE } from '../../auth/authenticate.js';
import { hasAll, privileges } from '../../auth/permissions.js';
import { createCsrfToken, createTicket, hashPassword, verifyPassword, verifyTicket } from '../../auth/secrets.js';
import { ParamError, SdnError } from '../../sdn/errors.js';
import { PermissionError } from '../errors.js';
import { optBool, optStr, str } from '../params.js';
import { ROOT_USER } from '../perm-check.js';
import { route, type Ctx, type RouteDef } from '../route.js';
import { ACCESS_ACL_ROUTES } from './access-acl.js';
import { ACCESS_ROLE_ROUTES } from './access-roles.js';
import { accessTx, onlyRootChangesRoot, USERID } from './access-shared.js';
import { ACCESS_USER_ROUTES } from './access-users.js';

/** Weft's two realms: both keep their passwords in Weft's store (no Linux PAM, no LDAP). */
const REALMS = [
  { realm: 'pam', type: 'pam', comment: 'Weft administrator (root@pam)' },
  { realm: 'pve', type: 'pve', comment: 'Weft users' },
];

/** The paths get_effective_permissions always looks at, besides the ACL's. */
const EFFECTIVE_PATHS = ['/', '/access', '/access/groups', '/nodes', '/pool', '/sdn', '/storage', '/vms'];

/**
 * The reference's reauth_user_for_user_modification and change_password
 * rules: only root@pam changes root@pam; anyone else confirms with their own
 * current password; nobody but root changes another pam user's password.
 */
function reauthenticate(ctx: Ctx, userid: string, shadow: Readonly<Record<string, string>>): void {
  const authid = ctx.principal?.authid ?? '';
  onlyRootChangesRoot(ctx, userid);
  if (authid === ROOT_USER) return;
  const confirmation = ctx.params['confirmation-password'];
  if (confirmation === undefined) throw new ParamError({ 'confirmation-password': 'password is required to modify user' });
  if (!verifyPassword(String(confirmation), shadow[authid])) throw new ParamError({ 'confirmation-password': 'authentication failure' });
  if (authid !== userid && userid.endsWith('@pam')) throw new PermissionError(`only ${ROOT_USER} changes the password of another pam user`);
}

export const ACCESS_ROUTES: readonly RouteDef[] = [
  route({ method: 'GET', path: '/access', params: {}, handler: () => ['users', 'acl', 'roles', 'domains', 'ticket', 'permissions', 'password'].map((subdir) => ({ subdir })) }),
  // the login window lists the realms before anyone is logged in
  route({ method: 'GET', path: '/access/domains', params: {}, world: true, handler: () => REALMS }),
  route({ method: 'GET', path: '/access/ticket', params: {}, world: true, handler: () => null }),
  // Weft's addition: the ticket cookie is HttpOnly, so a page cannot remove it itself to log out
  route({
    method: 'DELETE',
    path: '/access/ticket',
    params: {},
    world: true,
    handler(ctx) {
      ctx.setCookie(`${SESSION_COOKIE}=; path=/; secure; HttpOnly; SameSite=Lax; expires=Thu, 01 Jan 1970 00:00:00 GMT`);
      return null;
    },
  }),
  route({
    method: 'POST',
    path: '/access/ticket',
    world: true,
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
    async handler(ctx) {
      const { config, secrets } = loadAccess(await ctx.services.store.read());
      let userid = String(ctx.params.username);
      if (ctx.params.realm && !userid.includes('@')) userid = `${userid}@${String(ctx.params.realm)}`;
      const password = String(ctx.params.password);
      const user = config.users[userid];
      // a valid ticket renews itself, as in the reference
      const ok = user && user.enable && (user.expire === 0 || user.expire > Date.now() / 1000) && (verifyPassword(password, secrets.shadow[userid]) || verifyTicket(secrets.authkey, password) === userid);
      if (!ok) throw new AuthError('authentication failure');
      const ticket = createTicket(secrets.authkey, userid);
      // HttpOnly: page scripts never see the ticket; the web UI keeps the answer's CSRF token
      ctx.setCookie(`${SESSION_COOKIE}=${encodeURIComponent(ticket)}; path=/; secure; HttpOnly; SameSite=Lax;`);
      return { username: userid, ticket, CSRFPreventionToken: createCsrfToken(secrets.authkey, userid), cap: apiCapabilities(config, userid) };
    },
  }),
  route({
    method: 'PUT',
    path: '/access/password',
    params: { userid: USERID, password: str('The new password.', { minLength: 8, maxLength: 64 }), 'confirmation-password': optStr('The current password of the user performing the change.') },
    permission: { or: [{ useridParam: 'self' }, { and: [{ useridParam: 'Realm.AllocateUser' }, { useridGroup: ['User.Modify'] }] }] },
    allowToken: false,
    async handler(ctx) {
      const userid = String(ctx.params.userid);
      await accessTx(ctx, ({ config, secrets }) => {
        if (!config.users[userid]) throw new SdnError(`no such user ('${userid}')`, 'not-found');
        reauthenticate(ctx, userid, secrets.shadow);
        return { writes: [shadowWrite({ ...secrets.shadow, [userid]: hashPassword(String(ctx.params.password)) })], result: null };
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
      const who = String(ctx.params.userid ?? authid);
      // one's own privileges and those of one's tokens; anyone else's with Sys.Audit on /access
      if (who !== authid && splitTokenId(who)?.userid !== authid && !hasAll(config, authid, '/access', ['Sys.Audit'])) throw new PermissionError('/access, Sys.Audit');
      const paths = ctx.params.path ? [String(ctx.params.path)] : [...new Set([...EFFECTIVE_PATHS, ...config.acl.map((e) => e.path)])];
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
];
