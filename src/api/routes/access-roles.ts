/**
 * `/access/roles`: the built-in roles (roles.ts, not modifiable) and custom
 * ones, kept with the users and the ACL in the access config. The rules are
 * the reference's (PVE::API2::Role): anyone logged in reads; creating,
 * changing and deleting need Sys.Modify on /access; the `PVE` prefix is
 * reserved; deleting a role leaves the ACL entries that name it, which then
 * grant nothing (as in the reference).
 */
import { accessWrite, type AccessConfig } from '../../auth/access-config.js';
import { BUILTIN_ROLES, roleExists, rolePrivileges } from '../../auth/roles.js';
import { splitList } from '../../model/formats.js';
import { ParamError, SdnError } from '../../util/errors.js';
import { optBool, type Optional, type TextParam } from '../params.js';
import type { PermCheck } from '../perm-check.js';
import { route, type RouteDef } from '../route.js';
import { accessTx } from './access-shared.js';

const ROLEID: TextParam = { type: 'string', format: 'pve-roleid', description: 'Role id.' };
const PRIVS: Optional<TextParam> = { type: 'string', format: 'pve-priv-list', optional: true, description: 'Privileges of the role.' };
const SYS_MODIFY: PermCheck = { path: '/access', privs: ['Sys.Modify'] };

const givenPrivs = (privs: string | undefined): string[] => splitList(privs ?? '');

/** Writes the role's privileges into the access config (an empty role is kept). */
function withRole(config: AccessConfig, roleid: string, privs: readonly string[]): AccessConfig {
  return { ...config, roles: { ...config.roles, [roleid]: [...new Set(privs)].sort() } };
}

/** A custom role's privileges; the messages are the reference's (`update role failed: …`). */
function existingCustomRole(config: AccessConfig, roleid: string, verb: 'update' | 'delete'): readonly string[] {
  if (BUILTIN_ROLES.has(roleid)) throw new SdnError(`auto-generated role '${roleid}' cannot be ${verb === 'update' ? 'modified' : 'deleted'}`);
  const privs = Object.hasOwn(config.roles, roleid) ? config.roles[roleid] : undefined;
  if (!privs) throw new SdnError(`${verb} role failed: role '${roleid}' does not exist`, 'not-found');
  return privs;
}

export const ACCESS_ROLE_ROUTES: readonly RouteDef[] = [
  route({
    method: 'GET',
    path: '/access/roles',
    params: {},
    async handler(ctx) {
      const config = ctx.access;
      const ids = [...new Set([...BUILTIN_ROLES.keys(), ...Object.keys(config.roles)])].sort();
      return ids.map((roleid) => ({ roleid, privs: [...rolePrivileges(config.roles, roleid)].sort().join(','), special: BUILTIN_ROLES.has(roleid) ? 1 : 0 }));
    },
  }),
  route({
    method: 'GET',
    path: '/access/roles/{roleid}',
    params: { roleid: ROLEID },
    async handler(ctx) {
      const config = ctx.access;
      const id = ctx.params.roleid;
      if (!roleExists(config.roles, id)) throw new SdnError(`role '${id}' does not exist`, 'not-found');
      return Object.fromEntries([...rolePrivileges(config.roles, id)].map((p) => [p, 1]));
    },
  }),
  route({
    method: 'POST',
    path: '/access/roles',
    params: { roleid: ROLEID, privs: PRIVS },
    permission: SYS_MODIFY,
    async handler(ctx) {
      const roleid = ctx.params.roleid;
      if (/^PVE/i.test(roleid)) throw new ParamError({ roleid: "cannot use role ID starting with the (case-insensitive) 'PVE' namespace" });
      return accessTx(ctx, ({ config }) => {
        if (roleExists(config.roles, roleid)) throw new SdnError(`create role failed: role '${roleid}' already exists`, 'conflict');
        return { writes: [accessWrite(withRole(config, roleid, givenPrivs(ctx.params.privs)))], result: null };
      });
    },
  }),
  route({
    method: 'PUT',
    path: '/access/roles/{roleid}',
    params: { roleid: ROLEID, privs: PRIVS, append: optBool('Add the privileges to the role instead of replacing them.') },
    permission: SYS_MODIFY,
    async handler(ctx) {
      const roleid = ctx.params.roleid;
      // the reference schema's `requires => 'privs'`, reported on the missing one
      if (ctx.params.append !== undefined && ctx.params.privs === undefined) throw new ParamError({ privs: "missing property - 'append' requires this property" });
      return accessTx(ctx, ({ config }) => {
        const current = existingCustomRole(config, roleid, 'update');
        // without append the role gets exactly the given privileges (none: an empty role), as in the reference
        const privs = ctx.params.append === true ? [...current, ...givenPrivs(ctx.params.privs)] : givenPrivs(ctx.params.privs);
        return { writes: [accessWrite(withRole(config, roleid, privs))], result: null };
      });
    },
  }),
  route({
    method: 'DELETE',
    path: '/access/roles/{roleid}',
    params: { roleid: ROLEID },
    permission: SYS_MODIFY,
    async handler(ctx) {
      const roleid = ctx.params.roleid;
      return accessTx(ctx, ({ config }) => {
        existingCustomRole(config, roleid, 'delete');
        const roles = Object.fromEntries(Object.entries(config.roles).filter(([id]) => id !== roleid));
        return { writes: [accessWrite({ ...config, roles })], result: null };
      });
    },
  }),
];
