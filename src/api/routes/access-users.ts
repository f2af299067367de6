/**
 * `/access/users` and their API tokens, with the reference's rules
 * (PVE::API2::User): user administration needs `User.Modify` on
 * `/access/groups` or on a group of the user (creating and deleting also
 * `Realm.AllocateUser` on the user's realm); a user manages their own
 * tokens, a user administrator anyone's — except root@pam's, which only
 * root@pam changes (onlyRootChangesRoot).
 */
import { randomUUID } from 'node:crypto';
import { accessWrite, shadowWrite, splitTokenId, tokenSecretsWrite, type AccessConfig, type Token, type User } from '../../auth/access-config.js';
import { hashPassword, hashTokenSecret } from '../../auth/secrets.js';
import { loadTfa, tfaWrite, withoutUser } from '../../auth/tfa.js';
import { splitList } from '../../model/formats.js';
import { ParamError, SdnError } from '../../util/errors.js';
import { without } from '../../util/without.js';
import { optBool, optInt, optStr, type TextParam } from '../params.js';
import { administersUser, type PermCheck } from '../perm-check.js';
import { route, type RouteDef } from '../route.js';
import { accessTx, onlyRootChangesRoot, pick, USERID } from './access-shared.js';

const TOKENID: TextParam = { type: 'string', pattern: '[A-Za-z][A-Za-z0-9.\\-_]+', description: 'User-specific token identifier.' };
const USER_PROPS = {
  comment: optStr('', { maxLength: 2048 }),
  email: optStr('', { maxLength: 254 }),
  enable: optBool('Enable the account (default).', true),
  expire: optInt("Account expiration date (seconds since epoch). '0' means no expiration date.", 0),
  firstname: optStr('', { maxLength: 1024 }),
  lastname: optStr('', { maxLength: 1024 }),
};
const TOKEN_PROPS = {
  comment: optStr(''),
  expire: optInt("API token expiration date (seconds since epoch). '0' means no expiration date.", 0),
  privsep: optBool('Restrict API token privileges with separate ACLs (default), or give full privileges of corresponding user.', true),
};

const ADMIN_OF_USER: PermCheck = { useridGroup: ['User.Modify'] };
const REALM_AND_ADMIN: PermCheck = { and: [{ useridParam: 'Realm.AllocateUser' }, ADMIN_OF_USER] };
const SELF_OR_ADMIN: PermCheck = { or: [{ useridParam: 'self' }, ADMIN_OF_USER] };

const tokenInfo = (t: Token) => ({ ...t, privsep: t.privsep ? 1 : 0 });

function userInfo(cfg: AccessConfig, userid: string, u: User): Record<string, unknown> {
  const tokens = Object.entries(cfg.tokens).filter(([id]) => splitTokenId(id)?.userid === userid);
  return { userid, ...u, enable: u.enable ? 1 : 0, tokens: tokens.map(([id, t]) => ({ tokenid: splitTokenId(id)?.name, ...tokenInfo(t) })) };
}

function existingToken(cfg: AccessConfig, userid: string, name: string): Token {
  const t = cfg.tokens[`${userid}!${name}`];
  if (!t) throw new SdnError(`no such token '${name}' for user '${userid}'`, 'not-found');
  return t;
}

const userRoutes: RouteDef[] = [
  route({
    method: 'GET',
    path: '/access/users',
    params: { enabled: optBool('Optional filter for enable property.'), full: optBool('Include group and token information.', false) },
    async handler(ctx) {
      const config = ctx.access;
      const authid = ctx.principal?.authid ?? '';
      return Object.entries(config.users)
        .filter(([id]) => id === authid || administersUser(config, authid, id, ['User.Modify', 'Sys.Audit']))
        .filter(([, u]) => ctx.params.enabled === undefined || u.enable === ctx.params.enabled)
        .map(([id, u]) => userInfo(config, id, u));
    },
  }),
  route({
    method: 'POST',
    path: '/access/users',
    params: { ...USER_PROPS, userid: USERID, password: optStr('Initial password.', { minLength: 8, maxLength: 64 }) },
    permission: { and: [{ useridParam: 'Realm.AllocateUser' }, { useridGroup: ['User.Modify'], groupsParam: 'create' }] },
    async handler(ctx) {
      const userid = ctx.params.userid;
      await accessTx(ctx, ({ config, secrets }) => {
        if (config.users[userid]) throw new SdnError(`create user failed: user '${userid}' already exists`, 'conflict');
        const user: User = { enable: ctx.params.enable !== false, expire: ctx.params.expire ?? 0, ...pick(ctx.params, ['comment', 'email', 'firstname', 'lastname']) };
        const writes = [accessWrite({ ...config, users: { ...config.users, [userid]: user } })];
        if (ctx.params.password) writes.push(shadowWrite({ ...secrets.shadow, [userid]: hashPassword(ctx.params.password) }));
        return { writes, result: null };
      });
      return null;
    },
  }),
  route({
    method: 'GET',
    path: '/access/users/{userid}',
    params: { userid: USERID },
    permission: { useridGroup: ['User.Modify', 'Sys.Audit'] },
    async handler(ctx) {
      const userid = ctx.params.userid;
      const config = ctx.access;
      const u = config.users[userid];
      if (!u) throw new SdnError(`no such user ('${userid}')`, 'not-found');
      return userInfo(config, userid, u);
    },
  }),
  route({
    method: 'PUT',
    path: '/access/users/{userid}',
    params: { ...USER_PROPS, userid: USERID },
    permission: { useridGroup: ['User.Modify'], groupsParam: 'update' },
    async handler(ctx) {
      const userid = ctx.params.userid;
      onlyRootChangesRoot(ctx, userid);
      await accessTx(ctx, ({ config }) => {
        const u = config.users[userid];
        if (!u) throw new SdnError(`no such user ('${userid}')`, 'not-found');
        const next: User = { ...u, ...pick(ctx.params, ['comment', 'email', 'firstname', 'lastname', 'expire']), ...(ctx.params.enable !== undefined ? { enable: ctx.params.enable === true } : {}) };
        return { writes: [accessWrite({ ...config, users: { ...config.users, [userid]: next } })], result: null };
      });
      return null;
    },
  }),
  route({
    method: 'DELETE',
    path: '/access/users/{userid}',
    params: { userid: USERID },
    permission: REALM_AND_ADMIN,
    async handler(ctx) {
      const userid = ctx.params.userid;
      if (userid === 'root@pam') throw new SdnError('the root@pam administrator cannot be deleted');
      await accessTx(ctx, ({ config, secrets }, snap) => {
        if (!config.users[userid]) throw new SdnError(`no such user ('${userid}')`, 'not-found');
        const users = without(config.users, userid);
        const tokens = Object.fromEntries(Object.entries(config.tokens).filter(([id]) => splitTokenId(id)?.userid !== userid));
        const acl = config.acl.filter((e) => !(e.ugid === userid || splitTokenId(e.ugid)?.userid === userid));
        const groups = Object.fromEntries(Object.entries(config.groups).map(([g, v]) => [g, { ...v, users: v.users.filter((u) => u !== userid) }]));
        // the user's second factors go with it
        const tfa = withoutUser(loadTfa(snap), userid);
        return { writes: [accessWrite({ ...config, users, tokens, acl, groups }), shadowWrite(without(secrets.shadow, userid)), tfaWrite(tfa)], result: null };
      });
      return null;
    },
  }),
];

const tokenRoutes: RouteDef[] = [
  route({
    method: 'GET',
    path: '/access/users/{userid}/token',
    params: { userid: USERID },
    permission: SELF_OR_ADMIN,
    async handler(ctx) {
      const userid = ctx.params.userid;
      const config = ctx.access;
      return Object.entries(config.tokens)
        .filter(([id]) => splitTokenId(id)?.userid === userid)
        .map(([id, t]) => ({ tokenid: splitTokenId(id)?.name, ...tokenInfo(t) }));
    },
  }),
  route({
    method: 'GET',
    path: '/access/users/{userid}/token/{tokenid}',
    params: { userid: USERID, tokenid: TOKENID },
    permission: SELF_OR_ADMIN,
    async handler(ctx) {
      const config = ctx.access;
      return tokenInfo(existingToken(config, ctx.params.userid, ctx.params.tokenid));
    },
  }),
  route({
    method: 'POST',
    path: '/access/users/{userid}/token/{tokenid}',
    params: { ...TOKEN_PROPS, userid: USERID, tokenid: TOKENID },
    permission: SELF_OR_ADMIN,
    async handler(ctx) {
      const userid = ctx.params.userid;
      onlyRootChangesRoot(ctx, userid);
      const full = `${userid}!${ctx.params.tokenid}`;
      const secret = randomUUID();
      const info = await accessTx(ctx, ({ config, secrets }) => {
        if (!config.users[userid]) throw new SdnError(`no such user ('${userid}')`, 'not-found');
        if (config.tokens[full]) throw new ParamError({ tokenid: 'Token already exists.' });
        const token: Token = { expire: ctx.params.expire ?? config.users[userid]?.expire ?? 0, privsep: ctx.params.privsep !== false, ...pick(ctx.params, ['comment']) };
        return {
          writes: [accessWrite({ ...config, tokens: { ...config.tokens, [full]: token } }), tokenSecretsWrite({ ...secrets.tokens, [full]: hashTokenSecret(secret) })],
          result: token,
        };
      });
      // the secret is shown once, here; only its hash is stored
      return { 'full-tokenid': full, info: tokenInfo(info), value: secret };
    },
  }),
  route({
    method: 'PUT',
    path: '/access/users/{userid}/token/{tokenid}',
    params: { ...TOKEN_PROPS, userid: USERID, tokenid: TOKENID, delete: optStr('A list of settings you want to delete.') },
    permission: SELF_OR_ADMIN,
    async handler(ctx) {
      const userid = ctx.params.userid;
      onlyRootChangesRoot(ctx, userid);
      const name = ctx.params.tokenid;
      return accessTx(ctx, ({ config }) => {
        const t = existingToken(config, userid, name);
        const next = { ...t, ...pick(ctx.params, ['comment', 'expire']), ...(ctx.params.privsep !== undefined ? { privsep: ctx.params.privsep === true } : {}) };
        if (splitList(ctx.params.delete ?? '').includes('comment')) delete (next as { comment?: string }).comment;
        return { writes: [accessWrite({ ...config, tokens: { ...config.tokens, [`${userid}!${name}`]: next } })], result: tokenInfo(next) };
      });
    },
  }),
  route({
    method: 'DELETE',
    path: '/access/users/{userid}/token/{tokenid}',
    params: { userid: USERID, tokenid: TOKENID },
    permission: SELF_OR_ADMIN,
    async handler(ctx) {
      const userid = ctx.params.userid;
      onlyRootChangesRoot(ctx, userid);
      const name = ctx.params.tokenid;
      const full = `${userid}!${name}`;
      await accessTx(ctx, ({ config, secrets }) => {
        existingToken(config, userid, name);
        const tokens = without(config.tokens, full);
        return { writes: [accessWrite({ ...config, tokens, acl: config.acl.filter((e) => e.ugid !== full) }), tokenSecretsWrite(without(secrets.tokens, full))], result: null };
      });
      return null;
    },
  }),
];

export const ACCESS_USER_ROUTES: readonly RouteDef[] = [...userRoutes, ...tokenRoutes];
