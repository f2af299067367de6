/**
 * `/access`: login tickets, users, API tokens, ACL and roles. The checks
 * are the reference's, simplified to what Weft has (no groups API, no
 * realms besides pam/pve, no TFA): user admin needs User.Modify on
 * /access/groups, ACL edits Permissions.Modify on the path.
 */
import { randomUUID } from 'node:crypto';
import { accessWrite, loadAccess, shadowWrite, splitTokenId, tokenSecretsWrite, USERID_RE, type AccessConfig, type AclEntry, type User } from '../../auth/access-config.js';
import { apiCapabilities } from '../../auth/api-capabilities.js';
import { AuthError, COOKIE_NAME } from '../../auth/authenticate.js';
import { permissions } from '../../auth/permissions.js';
import { BUILTIN_ROLES, rolePrivileges } from '../../auth/roles.js';
import { createCsrfToken, createTicket, hashPassword, hashTokenSecret, verifyPassword, verifyTicket } from '../../auth/secrets.js';
import { splitList } from '../../model/formats.js';
import type { PropertySchema } from '../../model/schema.js';
import { ParamError, SdnError } from '../../sdn/errors.js';
import type { StoreWrite } from '../../store/types.js';
import { optBool, optInt, optStr, str } from '../params.js';
import { route, type Ctx, type RouteDef } from '../route.js';
import { without } from '../../util/without.js';

const USERID: PropertySchema = { type: 'string', pattern: USERID_RE.source.slice(1, -1), maxLength: 64, description: 'Full User ID, in the `name@realm` format.' };
const TOKENID: PropertySchema = { type: 'string', pattern: '[A-Za-z][A-Za-z0-9.\\-_]+', description: 'User-specific token identifier.' };
const USER_PROPS: Record<string, PropertySchema> = {
  comment: optStr('', { maxLength: 2048 }),
  email: optStr('', { maxLength: 254 }),
  enable: optBool('Enable the account (default).', true),
  expire: optInt("Account expiration date (seconds since epoch). '0' means no expiration date.", 0),
  firstname: optStr('', { maxLength: 1024 }),
  lastname: optStr('', { maxLength: 1024 }),
};
const TOKEN_PROPS: Record<string, PropertySchema> = {
  comment: optStr(''),
  expire: optInt("API token expiration date (seconds since epoch). '0' means no expiration date.", 0),
  privsep: optBool('Restrict API token privileges with separate ACLs (default), or give full privileges of corresponding user.', true),
};

/** Weft's two realms: both keep their passwords in Weft's store (no Linux PAM, no LDAP). */
const REALMS = [
  { realm: 'pam', type: 'pam', comment: 'Weft administrator (root@pam)' },
  { realm: 'pve', type: 'pve', comment: 'Weft users' },
];

async function accessTx<T>(ctx: Ctx, fn: (a: ReturnType<typeof loadAccess>) => { writes: StoreWrite[]; result: T }): Promise<T> {
  return ctx.services.store.transact((snap) => fn(loadAccess(snap)));
}

function userInfo(cfg: AccessConfig, userid: string, u: User): Record<string, unknown> {
  const tokens = Object.entries(cfg.tokens).filter(([id]) => splitTokenId(id)?.userid === userid);
  return { userid, ...u, enable: u.enable ? 1 : 0, tokens: tokens.map(([id, t]) => ({ tokenid: splitTokenId(id)?.name, ...t, privsep: t.privsep ? 1 : 0 })) };
}

const pick = (ctx: Ctx, keys: readonly string[]) => Object.fromEntries(Object.entries(ctx.params).filter(([k]) => keys.includes(k)));
const canAdminUsers = (ctx: Ctx) => ctx.can('/access/groups', ['User.Modify']);
const selfOrAdmin = (ctx: Ctx, userid: string) => {
  if (ctx.principal?.userid !== userid || ctx.principal.isToken) ctx.check('/access/groups', ['User.Modify']);
};

export const ACCESS_ROUTES: readonly RouteDef[] = [
  route({ method: 'GET', path: '/access', params: {}, handler: () => ['users', 'acl', 'roles', 'domains', 'ticket', 'permissions', 'password'].map((subdir) => ({ subdir })) }),
  // the login window lists the realms before anyone is logged in
  route({ method: 'GET', path: '/access/domains', params: {}, world: true, handler: () => REALMS }),
  route({ method: 'GET', path: '/access/ticket', params: {}, world: true, handler: () => null }),
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
      ctx.setCookie(`${COOKIE_NAME}=${encodeURIComponent(ticket)}; path=/; secure; SameSite=Lax;`);
      return { username: userid, ticket, CSRFPreventionToken: createCsrfToken(secrets.authkey, userid), cap: apiCapabilities(config, userid) };
    },
  }),
  route({
    method: 'PUT',
    path: '/access/password',
    params: { userid: USERID, password: str('The new password.', { minLength: 8, maxLength: 64 }), 'confirmation-password': optStr('The current password of the user performing the change.') },
    async handler(ctx) {
      const userid = String(ctx.params.userid);
      if (ctx.principal?.isToken) throw new SdnError('API tokens cannot change passwords; log in with a password');
      selfOrAdmin(ctx, userid);
      await accessTx(ctx, ({ config, secrets }) => {
        if (!config.users[userid]) throw new SdnError(`user '${userid}' does not exist`, 'not-found');
        return { writes: [shadowWrite({ ...secrets.shadow, [userid]: hashPassword(String(ctx.params.password)) })], result: null };
      });
      return null;
    },
  }),
  route({
    method: 'GET',
    path: '/access/users',
    params: { enabled: optBool('Optional filter for enable property.'), full: optBool('Include group and token information.', false) },
    async handler(ctx) {
      const { config } = loadAccess(await ctx.services.store.read());
      return Object.entries(config.users)
        .filter(([id]) => id === ctx.principal?.userid || canAdminUsers(ctx) || ctx.can('/access/groups', ['Sys.Audit']))
        .filter(([, u]) => ctx.params.enabled === undefined || u.enable === ctx.params.enabled)
        .map(([id, u]) => userInfo(config, id, u));
    },
  }),
  route({
    method: 'POST',
    path: '/access/users',
    params: { ...USER_PROPS, userid: USERID, password: optStr('Initial password.', { minLength: 8, maxLength: 64 }) },
    permission: { path: '/access/groups', privs: ['User.Modify'] },
    async handler(ctx) {
      const userid = String(ctx.params.userid);
      await accessTx(ctx, ({ config, secrets }) => {
        if (config.users[userid]) throw new SdnError(`create user failed: user '${userid}' already exists`, 'conflict');
        const user: User = { enable: ctx.params.enable !== false, expire: Number(ctx.params.expire ?? 0), ...pick(ctx, ['comment', 'email', 'firstname', 'lastname']) };
        const writes = [accessWrite({ ...config, users: { ...config.users, [userid]: user } })];
        if (ctx.params.password) writes.push(shadowWrite({ ...secrets.shadow, [userid]: hashPassword(String(ctx.params.password)) }));
        return { writes, result: null };
      });
      return null;
    },
  }),
  route({
    method: 'GET',
    path: '/access/users/{userid}',
    params: { userid: USERID },
    async handler(ctx) {
      const userid = String(ctx.params.userid);
      if (ctx.principal?.userid !== userid) ctx.check('/access/groups', ['User.Modify', 'Sys.Audit'], true);
      const { config } = loadAccess(await ctx.services.store.read());
      const u = config.users[userid];
      if (!u) throw new SdnError(`no such user ('${userid}')`, 'not-found');
      return userInfo(config, userid, u);
    },
  }),
  route({
    method: 'PUT',
    path: '/access/users/{userid}',
    params: { ...USER_PROPS, userid: USERID },
    permission: { path: '/access/groups', privs: ['User.Modify'] },
    async handler(ctx) {
      const userid = String(ctx.params.userid);
      await accessTx(ctx, ({ config }) => {
        const u = config.users[userid];
        if (!u) throw new SdnError(`no such user ('${userid}')`, 'not-found');
        const next: User = { ...u, ...pick(ctx, ['comment', 'email', 'firstname', 'lastname', 'expire']), ...(ctx.params.enable !== undefined ? { enable: ctx.params.enable === true } : {}) };
        return { writes: [accessWrite({ ...config, users: { ...config.users, [userid]: next } })], result: null };
      });
      return null;
    },
  }),
  route({
    method: 'DELETE',
    path: '/access/users/{userid}',
    params: { userid: USERID },
    permission: { path: '/access/groups', privs: ['User.Modify'] },
    async handler(ctx) {
      const userid = String(ctx.params.userid);
      if (userid === 'root@pam') throw new SdnError('the root@pam administrator cannot be deleted');
      await accessTx(ctx, ({ config, secrets }) => {
        if (!config.users[userid]) throw new SdnError(`no such user ('${userid}')`, 'not-found');
        const users = without(config.users, userid);
        const tokens = Object.fromEntries(Object.entries(config.tokens).filter(([id]) => splitTokenId(id)?.userid !== userid));
        const acl = config.acl.filter((e) => !(e.ugid === userid || splitTokenId(e.ugid)?.userid === userid));
        const shadow = without(secrets.shadow, userid);
        return { writes: [accessWrite({ ...config, users, tokens, acl }), shadowWrite(shadow)], result: null };
      });
      return null;
    },
  }),
  route({
    method: 'GET',
    path: '/access/users/{userid}/token',
    params: { userid: USERID },
    async handler(ctx) {
      const userid = String(ctx.params.userid);
      selfOrAdmin(ctx, userid);
      const { config } = loadAccess(await ctx.services.store.read());
      return Object.entries(config.tokens)
        .filter(([id]) => splitTokenId(id)?.userid === userid)
        .map(([id, t]) => ({ tokenid: splitTokenId(id)?.name, ...t, privsep: t.privsep ? 1 : 0 }));
    },
  }),
  route({
    method: 'GET',
    path: '/access/users/{userid}/token/{tokenid}',
    params: { userid: USERID, tokenid: TOKENID },
    async handler(ctx) {
      const userid = String(ctx.params.userid);
      selfOrAdmin(ctx, userid);
      const t = loadAccess(await ctx.services.store.read()).config.tokens[`${userid}!${String(ctx.params.tokenid)}`];
      if (!t) throw new SdnError(`no such token '${String(ctx.params.tokenid)}' for user '${userid}'`, 'not-found');
      return { ...t, privsep: t.privsep ? 1 : 0 };
    },
  }),
  route({
    method: 'POST',
    path: '/access/users/{userid}/token/{tokenid}',
    params: { ...TOKEN_PROPS, userid: USERID, tokenid: TOKENID },
    async handler(ctx) {
      const userid = String(ctx.params.userid);
      selfOrAdmin(ctx, userid);
      const full = `${userid}!${String(ctx.params.tokenid)}`;
      const secret = randomUUID();
      const info = await accessTx(ctx, ({ config, secrets }) => {
        if (!config.users[userid]) throw new SdnError(`no such user ('${userid}')`, 'not-found');
        if (config.tokens[full]) throw new SdnError(`Token already exists.`, 'conflict');
        const token = { expire: Number(ctx.params.expire ?? config.users[userid]?.expire ?? 0), privsep: ctx.params.privsep !== false, ...pick(ctx, ['comment']) };
        return {
          writes: [accessWrite({ ...config, tokens: { ...config.tokens, [full]: token } }), tokenSecretsWrite({ ...secrets.tokens, [full]: hashTokenSecret(secret) })],
          result: token,
        };
      });
      // the secret is shown once, here; only its hash is stored
      return { 'full-tokenid': full, info: { ...info, privsep: info.privsep ? 1 : 0 }, value: secret };
    },
  }),
  route({
    method: 'PUT',
    path: '/access/users/{userid}/token/{tokenid}',
    params: { ...TOKEN_PROPS, userid: USERID, tokenid: TOKENID, delete: optStr('A list of settings you want to delete.') },
    async handler(ctx) {
      const userid = String(ctx.params.userid);
      selfOrAdmin(ctx, userid);
      const full = `${userid}!${String(ctx.params.tokenid)}`;
      return accessTx(ctx, ({ config }) => {
        const t = config.tokens[full];
        if (!t) throw new SdnError(`no such token '${String(ctx.params.tokenid)}' for user '${userid}'`, 'not-found');
        const next = { ...t, ...pick(ctx, ['comment', 'expire']), ...(ctx.params.privsep !== undefined ? { privsep: ctx.params.privsep === true } : {}) };
        if (splitList(String(ctx.params.delete ?? '')).includes('comment')) delete (next as { comment?: string }).comment;
        return { writes: [accessWrite({ ...config, tokens: { ...config.tokens, [full]: next } })], result: { ...next, privsep: next.privsep ? 1 : 0 } };
      });
    },
  }),
  route({
    method: 'DELETE',
    path: '/access/users/{userid}/token/{tokenid}',
    params: { userid: USERID, tokenid: TOKENID },
    async handler(ctx) {
      const userid = String(ctx.params.userid);
      selfOrAdmin(ctx, userid);
      const full = `${userid}!${String(ctx.params.tokenid)}`;
      await accessTx(ctx, ({ config, secrets }) => {
        if (!config.tokens[full]) throw new SdnError(`no such token '${String(ctx.params.tokenid)}' for user '${userid}'`, 'not-found');
        const tokens = without(config.tokens, full);
        const hashes = without(secrets.tokens, full);
        return { writes: [accessWrite({ ...config, tokens, acl: config.acl.filter((e) => e.ugid !== full) }), tokenSecretsWrite(hashes)], result: null };
      });
      return null;
    },
  }),
  route({
    method: 'GET',
    path: '/access/acl',
    params: {},
    async handler(ctx) {
      const { config } = loadAccess(await ctx.services.store.read());
      return config.acl.filter((e) => ctx.can(e.path, ['Permissions.Modify'])).map((e) => ({ ...e, propagate: e.propagate ? 1 : 0 }));
    },
  }),
  route({
    method: 'PUT',
    path: '/access/acl',
    params: {
      path: str('Access control path'),
      roles: str('List of roles.'),
      users: optStr('List of users.'),
      groups: optStr('List of groups.'),
      tokens: optStr('List of API tokens.'),
      propagate: optBool('Allow to propagate (inherit) permissions.', true),
      delete: optBool('Remove permissions (instead of adding it).'),
    },
    permission: { path: '{path}', privs: ['Permissions.Modify'] },
    async handler(ctx) {
      const path = String(ctx.params.path).replace(/\/+$/, '') || '/';
      if (!path.startsWith('/')) throw new ParamError({ path: `invalid ACL path '${path}'` });
      const roles = splitList(String(ctx.params.roles));
      const members: { type: AclEntry['type']; ugid: string }[] = [
        ...splitList(String(ctx.params.users ?? '')).map((ugid) => ({ type: 'user' as const, ugid })),
        ...splitList(String(ctx.params.groups ?? '')).map((ugid) => ({ type: 'group' as const, ugid })),
        ...splitList(String(ctx.params.tokens ?? '')).map((ugid) => ({ type: 'token' as const, ugid })),
      ];
      if (members.length === 0) throw new ParamError({ users: 'give at least one of users, groups or tokens' });
      await accessTx(ctx, ({ config }) => {
        for (const r of roles) if (!BUILTIN_ROLES.has(r) && !config.roles[r]) throw new ParamError({ roles: `role '${r}' does not exist` });
        for (const m of members) {
          if (m.type === 'user' && !config.users[m.ugid]) throw new ParamError({ users: `user '${m.ugid}' does not exist` });
          if (m.type === 'token' && !config.tokens[m.ugid]) throw new ParamError({ tokens: `token '${m.ugid}' does not exist` });
        }
        const hit = (e: AclEntry) => e.path === path && roles.includes(e.roleid) && members.some((m) => m.type === e.type && m.ugid === e.ugid);
        const kept = config.acl.filter((e) => !hit(e));
        const added = ctx.params.delete ? [] : members.flatMap((m) => roles.map((roleid) => ({ path, ...m, roleid, propagate: ctx.params.propagate !== false })));
        return { writes: [accessWrite({ ...config, acl: [...kept, ...added] })], result: null };
      });
      return null;
    },
  }),
  route({
    method: 'GET',
    path: '/access/roles',
    params: {},
    async handler(ctx) {
      const { config } = loadAccess(await ctx.services.store.read());
      const ids = [...new Set([...BUILTIN_ROLES.keys(), ...Object.keys(config.roles)])].sort();
      return ids.map((roleid) => ({ roleid, privs: [...rolePrivileges(config.roles, roleid)].sort().join(','), special: BUILTIN_ROLES.has(roleid) ? 1 : 0 }));
    },
  }),
  route({
    method: 'GET',
    path: '/access/roles/{roleid}',
    params: { roleid: str('Role id.') },
    async handler(ctx) {
      const { config } = loadAccess(await ctx.services.store.read());
      const id = String(ctx.params.roleid);
      if (!BUILTIN_ROLES.has(id) && !config.roles[id]) throw new SdnError(`role '${id}' does not exist`, 'not-found');
      return Object.fromEntries([...rolePrivileges(config.roles, id)].map((p) => [p, 1]));
    },
  }),
  route({
    method: 'GET',
    path: '/access/permissions',
    params: { path: optStr('Only dump this specific path, not the whole tree.'), userid: optStr('User ID or full API token ID') },
    async handler(ctx) {
      const { config } = loadAccess(await ctx.services.store.read());
      const who = String(ctx.params.userid ?? ctx.principal?.authid ?? '');
      if (who !== ctx.principal?.authid && splitTokenId(who)?.userid !== ctx.principal?.userid) ctx.check('/access', ['Sys.Audit']);
      const paths = ctx.params.path ? [String(ctx.params.path)] : [...new Set(['/', '/access', '/access/groups', '/nodes', '/sdn', ...config.acl.map((e) => e.path)])];
      const out: Record<string, Record<string, number>> = {};
      for (const p of paths) {
        const privs = permissions(config, who, p);
        if (privs.size > 0 || ctx.params.path) out[p] = Object.fromEntries([...privs].map((x) => [x, 1]));
      }
      return out;
    },
  }),
];
