/**
 * ACL evaluation as the reference does it (PVE::AccessControl::roles and
 * PVE::RPCEnvironment::permissions): walk the path from `/`; at each level a
 * token's own entries win over the user's, the user's over its groups';
 * an entry applies to deeper paths only when it propagates; NoAccess wins.
 * A privilege-separated token gets the intersection of its and its user's
 * privileges. `root@pam` has every privilege.
 */
import { splitTokenId, type AccessConfig, type AclEntry } from './access-config.js';
import { BUILTIN_ROLES, rolePrivileges } from './roles.js';

const ROOT = 'root@pam';

function pathLevels(path: string): string[] {
  const parts = path.split('/').filter((p) => p !== '');
  return ['/', ...parts.map((_, i) => `/${parts.slice(0, i + 1).join('/')}`)];
}

/**
 * Per access config (one per store revision, auth/access-config.ts): its
 * ACL entries by path, and the privileges found per caller and ACL-relevant
 * path. A list of thousands of sections asks about thousands of paths that
 * hold no entries of their own; they share the answer of the deepest level
 * above them that holds some.
 */
interface AclMemo {
  readonly byPath: ReadonlyMap<string, readonly AclEntry[]>;
  readonly privileges: Map<string, ReadonlyMap<string, boolean>>;
}

const memos = new WeakMap<AccessConfig, AclMemo>();

function memoOf(cfg: AccessConfig): AclMemo {
  let memo = memos.get(cfg);
  if (!memo) {
    const byPath = new Map<string, AclEntry[]>();
    for (const e of cfg.acl) byPath.set(e.path, [...(byPath.get(e.path) ?? []), e]);
    memos.set(cfg, (memo = { byPath, privileges: new Map() }));
  }
  return memo;
}

/**
 * What decides the privileges on `path`: only its levels holding entries
 * count, and of the deepest of them whether it is the path itself (where
 * entries that do not propagate apply too).
 */
function aclKey(byPath: ReadonlyMap<string, readonly AclEntry[]>, path: string): string {
  const levels = pathLevels(path);
  for (let i = levels.length - 1; i >= 0; i--) {
    const level = levels[i] ?? '/';
    if (byPath.has(level)) return i === levels.length - 1 ? level : `${level}\0below`;
  }
  return '\0none';
}

function rolesOf(cfg: AccessConfig, authid: string, path: string): Map<string, boolean> {
  const token = splitTokenId(authid);
  const { byPath } = memoOf(cfg);
  let roles = new Map<string, boolean>();
  const levels = pathLevels(path);
  levels.forEach((level, i) => {
    const final = i === levels.length - 1;
    const entries = byPath.get(level) ?? [];
    const pick = (match: (e: AclEntry) => boolean): Map<string, boolean> | null => {
      const found = entries.filter((e) => match(e) && (final || e.propagate));
      return found.length ? new Map(found.map((e) => [e.roleid, e.propagate])) : null;
    };
    const next = token
      ? pick((e) => e.type === 'token' && e.ugid === authid)
      : (pick((e) => e.type === 'user' && e.ugid === authid) ??
        pick((e) => e.type === 'group' && (cfg.groups[e.ugid]?.users ?? []).includes(authid)));
    if (next) roles = next;
  });
  return roles.has('NoAccess') ? new Map([['NoAccess', roles.get('NoAccess') ?? false]]) : roles;
}

/** A privilege of the roles, propagated when any role holding it propagates (the reference's compile_acl_path). */
function privsOfRoles(cfg: AccessConfig, roles: Map<string, boolean>): Map<string, boolean> {
  const out = new Map<string, boolean>();
  for (const [role, propagate] of roles) rolePrivileges(cfg.roles, role).forEach((p) => out.set(p, (out.get(p) ?? false) || propagate));
  return out;
}

/**
 * Privileges of a user or token (`user@realm!name`) on `path`, each with
 * whether it propagates to deeper paths (the ACL rule of `PUT /access/acl`
 * needs that). A privilege-separated token keeps the privileges both it and
 * its user hold, propagating only where both do.
 */
export function privileges(cfg: AccessConfig, authid: string, path: string): ReadonlyMap<string, boolean> {
  const memo = memoOf(cfg);
  const key = `${authid}\0${aclKey(memo.byPath, path)}`;
  let found = memo.privileges.get(key);
  if (!found) memo.privileges.set(key, (found = privilegesNow(cfg, authid, path)));
  return found;
}

function privilegesNow(cfg: AccessConfig, authid: string, path: string): ReadonlyMap<string, boolean> {
  if (authid === ROOT) return new Map([...(BUILTIN_ROLES.get('Administrator') ?? [])].map((p) => [p, true]));
  const token = splitTokenId(authid);
  if (!token) return cfg.users[authid] ? privsOfRoles(cfg, rolesOf(cfg, authid, path)) : new Map();
  const info = cfg.tokens[authid];
  if (!info) return new Map();
  const userPrivs = privileges(cfg, token.userid, path);
  if (!info.privsep) return userPrivs;
  const own = privsOfRoles(cfg, rolesOf(cfg, authid, path));
  return new Map([...own].filter(([p]) => userPrivs.has(p)).map(([p, propagate]) => [p, propagate && (userPrivs.get(p) ?? false)]));
}

const names = new WeakMap<ReadonlyMap<string, boolean>, ReadonlySet<string>>();

/** Privileges of a user or token (`user@realm!name`) on `path`. */
export function permissions(cfg: AccessConfig, authid: string, path: string): ReadonlySet<string> {
  const privs = privileges(cfg, authid, path);
  let set = names.get(privs);
  if (!set) names.set(privs, (set = new Set(privs.keys())));
  return set;
}

export function hasAll(cfg: AccessConfig, authid: string, path: string, privs: readonly string[]): boolean {
  const p = permissions(cfg, authid, path);
  return privs.every((x) => p.has(x));
}

export function hasAny(cfg: AccessConfig, authid: string, path: string, privs: readonly string[]): boolean {
  const p = permissions(cfg, authid, path);
  return privs.some((x) => p.has(x));
}
