/**
 * A method's declared permission rule, in the reference's vocabulary
 * (PVE::RPCEnvironment::exec_api2_perm_check), and its evaluation. Routes
 * declare the rule the reference's schema gives them; the server runs it
 * before the handler; the permission table test compares the two.
 *
 * - `{ path, privs, any }`: 'perm' — every privilege (any, with `any`) on
 *   the path, `{param}`s filled from the parameters;
 * - `{ and }`, `{ or }`: all of, one of;
 * - `{ useridParam: 'self' }`: the caller is the user named by `userid`;
 *   `{ useridParam: 'Realm.AllocateUser' }`: that privilege on the realm of
 *   `userid` (`/access/realm/<realm>`);
 * - `{ useridGroup }`: any of the privileges on `/access/groups`, or on a
 *   group `userid` belongs to (and, with `groupsParam`, on every group the
 *   call names);
 * - `{ permModify }`: `Permissions.Modify` on the path (the ACL editor's
 *   check), or the object's allocate privilege for /storage, /vms, /pool.
 *
 * As in the reference (pve-manager's rest_handler, then RESTHandler::handle),
 * the rule runs on the request's parameters as sent, before they are
 * validated: a caller without the rights gets 403 whatever it sent, and
 * only a caller who passes learns what is wrong with the parameters.
 */
import type { AccessConfig } from '../auth/access-config.js';
import { normalizeAclPath } from '../auth/acl-paths.js';
import { USERID_RE } from '../auth/access-config.js';
import { hasAll, hasAny } from '../auth/permissions.js';
import { splitList } from '../model/formats.js';
import { REQUIRED } from '../model/schema.js';
import { ParamError, SdnError } from '../util/errors.js';
import { PermissionError } from './errors.js';
import type { RawParams } from './request-params.js';

export type PermCheck =
  | { readonly path: string; readonly privs: readonly string[]; readonly any?: boolean }
  | { readonly and: readonly PermCheck[] }
  | { readonly or: readonly PermCheck[] }
  | { readonly useridParam: 'self' | 'Realm.AllocateUser' }
  | { readonly useridGroup: readonly string[]; readonly groupsParam?: 'create' | 'update' }
  | { readonly permModify: string };

export const ROOT_USER = 'root@pam';

/** The request's parameters as text, unvalidated (null prototype: `__proto__` is a name like any other). */
export type PermParams = Readonly<Record<string, string>>;

/**
 * Raw parameters as the rule sees them: a text as it is; a repeated key's
 * values joined by NUL and a JSON value as its JSON text — neither is a
 * valid path part or user id, so a rule they reach refuses, as the
 * reference's does on the same input.
 */
export function permParams(raw: RawParams): PermParams {
  const out = Object.create(null) as Record<string, string>;
  for (const [k, v] of raw) {
    if (v === null || v === undefined) continue;
    out[k] = typeof v === 'string' ? v : Array.isArray(v) && v.every((x) => typeof x === 'string') ? v.join('\0') : JSON.stringify(v);
  }
  return out;
}

/** `/sdn/zones/{zone}` with params → `/sdn/zones/myzone`; an absent or empty parameter is `-` (template_replace). */
export function fillPath(template: string, params: Readonly<Record<string, unknown>>): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const v = Object.hasOwn(params, name) ? params[name] : undefined;
    const text = v === undefined || v === null ? '' : String(v);
    // Perl's `||`: '' and '0' are false too
    return text === '' || text === '0' ? '-' : text;
  });
}

/** check_perm_modify: Permissions.Modify, or on an object below /storage, /vms, /pool its allocate privilege. */
export function canModifyPermissions(cfg: AccessConfig, authid: string, path: string): boolean {
  const alternative = /^\/storage\/.+$/.test(path) ? 'Datastore.Allocate' : /^\/vms\/.+$/.test(path) ? 'VM.Allocate' : /^\/pool\/.+$/.test(path) ? 'Pool.Allocate' : undefined;
  return hasAny(cfg, authid, path, alternative ? ['Permissions.Modify', alternative] : ['Permissions.Modify']);
}

interface Env {
  readonly cfg: AccessConfig;
  readonly authid: string;
  readonly params: PermParams;
}

const refuse = (what?: string): never => {
  throw new PermissionError(what ?? 'permission denied');
};

/** verify_username: a malformed user id fails the check itself (400 naming it; the reference dies with 500). */
function verifiedUserid(env: Env): string {
  const userid = env.params.userid;
  if (userid === undefined) throw new ParamError({ userid: REQUIRED });
  if (!USERID_RE.test(userid) || userid.length > 64) throw new ParamError({ userid: `'${userid}' is not a user name: give name@realm` });
  return userid;
}

function userExists(env: Env, userid: string, noerr: boolean): boolean {
  if (Object.hasOwn(env.cfg.users, userid)) return true;
  if (noerr) return false;
  throw new SdnError(`no such user ('${userid}')`, 'not-found');
}

/** Groups the caller holds any of the privileges on (filter_groups). */
function administeredGroups(cfg: AccessConfig, authid: string, privs: readonly string[]): string[] {
  return Object.keys(cfg.groups).filter((g) => hasAny(cfg, authid, `/access/groups/${g}`, privs));
}

/** The caller holds any of the privileges on /access/groups, or on a group the user is in. */
export function administersUser(cfg: AccessConfig, authid: string, userid: string, privs: readonly string[]): boolean {
  if (authid === ROOT_USER || hasAny(cfg, authid, '/access/groups', privs)) return true;
  return administeredGroups(cfg, authid, privs).some((g) => cfg.groups[g]?.users.includes(userid));
}

/** userid-group: the caller administers the user (and, with groupsParam, every group the call names). */
function useridGroup(env: Env, privs: readonly string[], groupsParam: 'create' | 'update' | undefined, noerr: boolean): boolean {
  const userid = String(env.params.userid ?? '');
  const existing = groupsParam !== 'create';
  if (existing && !userExists(env, userid, noerr)) return false;
  if (hasAny(env.cfg, env.authid, '/access/groups', privs)) return true;
  if (groupsParam) {
    const given = env.params.groups ?? '';
    // split_list: a repeated key's values (NUL-joined) as they are, else a comma/blank list
    const named = given.includes('\0') ? given.split('\0').filter((g) => g !== '') : splitList(given);
    const mine = administeredGroups(env.cfg, env.authid, privs);
    if (named.length === 0) refuse(`/access/groups, ${privs.join('|')}`);
    for (const g of named) if (!mine.includes(g)) refuse(`/access/groups/${g}, ${privs.join('|')}`);
  }
  if (existing && !administersUser(env.cfg, env.authid, userid, privs)) return noerr ? false : refuse();
  return true;
}

function evaluate(env: Env, check: PermCheck, noerr: boolean): boolean {
  if ('and' in check) return check.and.every((c) => evaluate(env, c, false));
  if ('or' in check) return check.or.some((c) => evaluate(env, c, true)) || (noerr ? false : refuse());
  if ('useridGroup' in check) return useridGroup(env, check.useridGroup, check.groupsParam, noerr);
  if ('useridParam' in check) {
    const userid = verifiedUserid(env);
    if (check.useridParam === 'self') {
      if (!userExists(env, userid, noerr)) return false;
      return env.authid === userid || (noerr ? false : refuse());
    }
    const path = `/access/realm/${userid.slice(userid.lastIndexOf('@') + 1)}`;
    return hasAll(env.cfg, env.authid, path, ['Realm.AllocateUser']) || (noerr ? false : refuse(`${path}, Realm.AllocateUser`));
  }
  if ('permModify' in check) {
    const path = normalizeAclPath(fillPath(check.permModify, env.params));
    return (path !== null && canModifyPermissions(env.cfg, env.authid, path)) || (noerr ? false : refuse(`${path ?? '?'}, Permissions.Modify`));
  }
  const path = normalizeAclPath(fillPath(check.path, env.params));
  const ok = path !== null && (check.any ? hasAny : hasAll)(env.cfg, env.authid, path, check.privs);
  return ok || (noerr ? false : refuse(`${path ?? check.path}, ${check.privs.join(check.any ? '|' : ', ')}`));
}

/** check_api2_permissions: root@pam passes; everyone else must satisfy the rule (throws PermissionError). */
export function checkPermission(cfg: AccessConfig, authid: string, check: PermCheck, params: PermParams): void {
  if (authid === ROOT_USER) return;
  evaluate({ cfg, authid, params }, check, false);
}
