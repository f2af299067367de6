/**
 * An edit of the ACL (`PUT /access/acl`) as the reference's update_acl
 * checks it, after the route's own rule (Permissions.Modify on the path, or
 * an object's allocate privilege there): a caller without
 * Permissions.Modify on the path hands out (or takes away) only roles whose
 * every privilege they hold there — propagated, when the new entry
 * propagates — and never NoAccess. Roles, users, groups and tokens must
 * exist. Returns the new entry list.
 */
import { ParamError } from '../util/errors.js';
import type { AccessConfig, AclEntry } from './access-config.js';
import { privileges } from './permissions.js';
import { BUILTIN_ROLES, rolePrivileges } from './roles.js';

export interface AclMember {
  readonly type: AclEntry['type'];
  readonly ugid: string;
}

export interface AclEdit {
  /** normalized (normalizeAclPath) */
  readonly path: string;
  readonly roles: readonly string[];
  readonly members: readonly AclMember[];
  readonly propagate: boolean;
  readonly delete: boolean;
}

const MEMBER_PARAM: Readonly<Record<AclMember['type'], string>> = { user: 'users', group: 'groups', token: 'tokens' };

function checkRoleGrantable(cfg: AccessConfig, authid: string, edit: AclEdit, role: string): void {
  const held = privileges(cfg, authid, edit.path);
  if (held.has('Permissions.Modify')) return;
  const verb = edit.delete ? 'remove' : 'add';
  for (const priv of rolePrivileges(cfg.roles, role)) {
    if (!held.has(priv)) throw new ParamError({ role: `Cannot ${verb} role '${role}' - requires 'Permissions.Modify' or superset of privileges.` });
    // a propagated entry reaches deeper paths, where the caller may hold less
    if (edit.propagate && !edit.delete && !held.get(priv)) throw new ParamError({ role: `Cannot ${verb} role '${role}' with propagation - requires 'Permissions.Modify' or propagated superset of privileges.` });
  }
  if (role === 'NoAccess') throw new ParamError({ role: `Cannot ${verb} role '${role}' - requires 'Permissions.Modify'` });
}

function memberExists(cfg: AccessConfig, m: AclMember): boolean {
  if (m.type === 'user') return cfg.users[m.ugid] !== undefined;
  if (m.type === 'group') return cfg.groups[m.ugid] !== undefined;
  return cfg.tokens[m.ugid] !== undefined;
}

export function editAcl(cfg: AccessConfig, authid: string, edit: AclEdit): AclEntry[] {
  for (const role of edit.roles) {
    if (!BUILTIN_ROLES.has(role) && !cfg.roles[role]) throw new ParamError({ roles: `role '${role}' does not exist` });
    checkRoleGrantable(cfg, authid, edit, role);
  }
  for (const m of edit.members) if (!memberExists(cfg, m)) throw new ParamError({ [MEMBER_PARAM[m.type]]: `${m.type} '${m.ugid}' does not exist` });
  const hit = (e: AclEntry) => e.path === edit.path && edit.roles.includes(e.roleid) && edit.members.some((m) => m.type === e.type && m.ugid === e.ugid);
  const kept = cfg.acl.filter((e) => !hit(e));
  const added = edit.delete ? [] : edit.members.flatMap((m) => edit.roles.map((roleid) => ({ path: edit.path, ...m, roleid, propagate: edit.propagate })));
  return [...kept, ...added];
}
