/**
 * Privileges and built-in roles, grouped as the reference groups them
 * (PVE::AccessControl create_roles): `<Cat>Admin` gets the admin, user and
 * audit privileges of its category, `<Cat>User` the user and audit ones,
 * `PVEAuditor` every audit privilege, `Administrator` everything.
 */
const GROUPS: Readonly<Record<string, { admin: readonly string[]; user: readonly string[]; audit: readonly string[]; root: readonly string[] }>> = {
  Sys: { root: ['Sys.PowerMgmt', 'Sys.Modify', 'Sys.Incoming', 'Sys.AccessNetwork'], admin: ['Sys.Console', 'Sys.Syslog'], user: [], audit: ['Sys.Audit'] },
  SDN: { root: [], admin: ['SDN.Allocate', 'SDN.Audit'], user: ['SDN.Use'], audit: ['SDN.Audit'] },
  User: { root: ['Realm.Allocate'], admin: ['User.Modify', 'Group.Allocate', 'Realm.AllocateUser'], user: [], audit: [] },
};

function build(): { privileges: Set<string>; roles: Map<string, ReadonlySet<string>> } {
  const privileges = new Set<string>(['Permissions.Modify']);
  const roles = new Map<string, Set<string>>();
  const add = (role: string, privs: readonly string[]) => {
    const set = roles.get(role) ?? new Set<string>();
    privs.forEach((p) => set.add(p));
    roles.set(role, set);
  };
  for (const [cat, g] of Object.entries(GROUPS)) {
    [...g.root, ...g.admin, ...g.user, ...g.audit].forEach((p) => privileges.add(p));
    add(`PVE${cat}Admin`, [...g.admin, ...g.user, ...g.audit]);
    add('PVEAdmin', [...g.admin, ...g.user, ...g.audit]);
    if (g.user.length > 0) add(`PVE${cat}User`, [...g.user, ...g.audit]);
    add('PVEAuditor', g.audit);
  }
  roles.set('NoAccess', new Set());
  roles.set('Administrator', new Set(privileges));
  return { privileges, roles };
}

const BUILT = build();
export const PRIVILEGES: ReadonlySet<string> = BUILT.privileges;
export const BUILTIN_ROLES: ReadonlyMap<string, ReadonlySet<string>> = BUILT.roles;

export function rolePrivileges(custom: Readonly<Record<string, readonly string[]>>, role: string): ReadonlySet<string> {
  return BUILTIN_ROLES.get(role) ?? new Set(custom[role] ?? []);
}

/** pve-roleid: letters, digits, `.`, `-`, `_`. */
export const ROLEID_RE = /^[A-Za-z0-9.\-_]+$/;

export const roleExists = (custom: Readonly<Record<string, readonly string[]>>, role: string): boolean => BUILTIN_ROLES.has(role) || Object.hasOwn(custom, role);
