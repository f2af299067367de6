/**
 * Second factors (auth/tfa.ts) through the reference's API
 * (PVE::API2::TFA, and the user's `tfa` and `unlock-tfa`): TOTP entries and
 * recovery keys listed, read, added, changed and deleted by the user
 * themself or by whoever administers the user; a change needs the caller's
 * own password (root@pam excepted) and a login, not a token, and only
 * root@pam changes root@pam's. Weft has no WebAuthn, U2F or Yubico OTP.
 */
import { loadAccess } from '../../auth/access-config.js';
import { addRecovery, addTotp, deleteEntry, listUserTfa, loadTfa, RECOVERY_ID, tfaWrite, unlockTfa, updateTotp, userTfa, userTfaTypes, type TfaConfig } from '../../auth/tfa.js';
import { ParamError, SdnError } from '../../util/errors.js';
import { optBool, optStr, str } from '../params.js';
import { NotFoundError } from '../errors.js';
import { administersUser, type PermCheck } from '../perm-check.js';
import { route, type Ctx, type RouteDef } from '../route.js';
import { confirmCaller, USERID } from './access-shared.js';

const READ: PermCheck = { or: [{ useridParam: 'self' }, { useridGroup: ['User.Modify', 'Sys.Audit'] }] };
const CHANGE: PermCheck = { or: [{ useridParam: 'self' }, { useridGroup: ['User.Modify'] }] };
const ENTRY_ID = str('A TFA entry id.');
const PASSWORD = optStr('The current password of the user performing the change.', { minLength: 5, maxLength: 64 });
const DESCRIPTION = optStr('A description to distinguish multiple entries from one another', { maxLength: 255 });
const SUPPORTED = ['totp', 'recovery'];

/** A TFA change: the caller confirmed, then `change` on the TFA config in one transaction. */
async function tfaChange<T>(ctx: Ctx<{ readonly userid: string; readonly password?: string }>, change: (cfg: TfaConfig) => { cfg: TfaConfig; result: T }): Promise<T> {
  const { userid } = ctx.params;
  return ctx.services.store.transact((snap) => {
    const { config, secrets } = loadAccess(snap);
    if (!Object.hasOwn(config.users, userid)) throw new SdnError(`no such user ('${userid}')`, 'not-found');
    confirmCaller(ctx, userid, secrets.shadow, 'password', ctx.params.password);
    const r = change(loadTfa(snap));
    return { writes: [tfaWrite(r.cfg)], result: r.result };
  });
}

const readTfa = async (ctx: Ctx): Promise<TfaConfig> => loadTfa(await ctx.services.store.read());

export const ACCESS_TFA_ROUTES: readonly RouteDef[] = [
  route({
    method: 'GET',
    path: '/access/tfa',
    params: {},
    // the reference's `user: all`: one's own entries, and those of the users one administers
    async handler(ctx) {
      const snap = ctx.snapshot;
      const { config } = loadAccess(snap);
      const tfa = loadTfa(snap);
      const authid = ctx.principal?.authid ?? '';
      return Object.keys(tfa.users)
        .sort()
        .filter((userid) => userid === authid || administersUser(config, authid, userid, ['User.Modify', 'Sys.Audit']))
        .map((userid) => ({ userid, entries: listUserTfa(tfa, userid), ...(userTfa(tfa, userid)['totp-locked'] ? { 'totp-locked': 1 } : {}) }));
    },
  }),
  route({
    method: 'GET',
    path: '/access/tfa/{userid}',
    params: { userid: USERID },
    permission: READ,
    handler: async (ctx) => listUserTfa(await readTfa(ctx), ctx.params.userid),
  }),
  route({
    method: 'GET',
    path: '/access/tfa/{userid}/{id}',
    params: { userid: USERID, id: ENTRY_ID },
    permission: READ,
    async handler(ctx) {
      const id = ctx.params.id;
      const entry = listUserTfa(await readTfa(ctx), ctx.params.userid).find((e) => e.id === id);
      // the reference answers this one with 404
      if (!entry) throw new NotFoundError(`No such tfa entry '${id}'`);
      return entry;
    },
  }),
  route({
    method: 'POST',
    path: '/access/tfa/{userid}',
    params: {
      userid: USERID,
      type: { type: 'string', enum: ['totp', 'u2f', 'webauthn', 'recovery', 'yubico'], description: 'TFA Entry Type.' },
      description: DESCRIPTION,
      totp: optStr('A totp URI.'),
      value: optStr('The current value for the provided totp URI, or a Webauthn/U2F challenge response'),
      challenge: optStr('When responding to a u2f challenge: the original challenge string'),
      password: PASSWORD,
    },
    permission: CHANGE,
    allowToken: false,
    async handler(ctx) {
      const { type } = ctx.params;
      if (!SUPPORTED.includes(type)) throw new ParamError({ type: `Weft supports ${SUPPORTED.join(' and ')} entries, not ${type}` });
      const userid = ctx.params.userid;
      const now = Date.now() / 1000;
      return tfaChange<{ id: string; recovery?: string[] }>(ctx, (cfg) => {
        if (type === 'recovery') {
          const r = addRecovery(cfg, userid, now);
          return { cfg: r.cfg, result: { id: RECOVERY_ID, recovery: r.keys } };
        }
        const r = addTotp(cfg, userid, ctx.params.description ?? '', ctx.params.totp, ctx.params.value, now);
        return { cfg: r.cfg, result: { id: r.id } };
      });
    },
  }),
  route({
    method: 'PUT',
    path: '/access/tfa/{userid}/{id}',
    params: { userid: USERID, id: ENTRY_ID, description: DESCRIPTION, enable: optBool('Whether the entry should be enabled for login.'), password: PASSWORD },
    permission: CHANGE,
    allowToken: false,
    async handler(ctx) {
      const change = {
        ...(ctx.params.description !== undefined ? { description: ctx.params.description } : {}),
        ...(ctx.params.enable !== undefined ? { enable: ctx.params.enable === true } : {}),
      };
      await tfaChange(ctx, (cfg) => ({ cfg: updateTotp(cfg, ctx.params.userid, ctx.params.id, change), result: null }));
      return null;
    },
  }),
  route({
    method: 'DELETE',
    path: '/access/tfa/{userid}/{id}',
    params: { userid: USERID, id: ENTRY_ID, password: PASSWORD },
    permission: CHANGE,
    allowToken: false,
    async handler(ctx) {
      await tfaChange(ctx, (cfg) => ({ cfg: deleteEntry(cfg, ctx.params.userid, ctx.params.id), result: null }));
      return null;
    },
  }),
  route({
    method: 'GET',
    path: '/access/users/{userid}/tfa',
    params: { userid: USERID, multiple: optBool('Request all entries as an array.', false) },
    permission: READ,
    async handler(ctx) {
      const userid = ctx.params.userid;
      const config = ctx.access;
      if (!Object.hasOwn(config.users, userid)) throw new SdnError(`no such user ('${userid}')`, 'not-found');
      const types = userTfaTypes(await readTfa(ctx), userid);
      // Weft's realms have no realm-wide TFA; `oath` is the reference's name for TOTP
      return { ...(types.length ? { types } : {}), ...(ctx.params.multiple !== true && types.includes('totp') ? { user: 'oath' } : {}) };
    },
  }),
  route({
    method: 'PUT',
    path: '/access/users/{userid}/unlock-tfa',
    params: { userid: USERID },
    permission: { useridGroup: ['User.Modify'] },
    async handler(ctx) {
      const userid = ctx.params.userid;
      return ctx.services.store.transact((snap) => {
        const r = unlockTfa(loadTfa(snap), userid);
        return { writes: r.wasLocked ? [tfaWrite(r.cfg)] : [], result: r.wasLocked ? 1 : 0 };
      });
    },
  }),
];
