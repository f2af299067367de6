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

function rolesOf(cfg: AccessConfig, authid: string, path: string): Map<string, boolean> {
  const token = splitTokenId(authid);
  const byPath = new Map<string, AclEntry[]>();
  for (const e of cfg.acl) byPath.set(e.path, [...(byPath.get(e.path) ?? []), e]);
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

/** Privileges of a user or token (`user@realm!name`) on `path`. */
export function permissions(cfg: AccessConfig, authid: string, path: string): ReadonlySet<string> {
  return new Set(privileges(cfg, authid, path).keys());
}

export function hasAll(cfg: AccessConfig, authid: string, path: string, privs: readonly string[]): boolean {
  const p = permissions(cfg, authid, path);
  return privs.every((x) => p.has(x));
}

export function hasAny(cfg: AccessConfig, authid: string, path: string, privs: readonly string[]): boolean {
  const p = permissions(cfg, authid, path);
  return privs.some((x) => p.has(x));
}
