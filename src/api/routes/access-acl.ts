/**
 * `/access/acl` (PVE::API2::ACL): the list shows the entries on paths
 * where the caller may modify permissions (all of them with Sys.Audit on
 * /access); an edit needs that right on its path and is checked by editAcl.
 */
import { accessWrite, type AclEntry } from '../../auth/access-config.js';
import { editAcl, type AclMember } from '../../auth/acl-edit.js';
import { isKnownAclPath, normalizeAclPath } from '../../auth/acl-paths.js';
import { hasAll } from '../../auth/permissions.js';
import { splitList } from '../../model/formats.js';
import { ParamError } from '../../util/errors.js';
import { optBool, optStr, str } from '../params.js';
import { canModifyPermissions } from '../perm-check.js';
import { route, type RouteDef } from '../route.js';
import { accessTx } from './access-shared.js';

const MEMBER_TYPES: ReadonlyArray<readonly [AclMember['type'], 'users' | 'groups' | 'tokens']> = [
  ['user', 'users'],
  ['group', 'groups'],
  ['token', 'tokens'],
];

export const ACCESS_ACL_ROUTES: readonly RouteDef[] = [
  route({
    method: 'GET',
    path: '/access/acl',
    params: {},
    async handler(ctx) {
      const config = ctx.access;
      const authid = ctx.principal?.authid ?? '';
      const audit = hasAll(config, authid, '/access', ['Sys.Audit']);
      return config.acl.filter((e) => audit || canModifyPermissions(config, authid, e.path)).map((e: AclEntry) => ({ ...e, propagate: e.propagate ? 1 : 0 }));
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
    permission: { permModify: '{path}' },
    async handler(ctx) {
      const members = MEMBER_TYPES.flatMap(([type, param]) => splitList(ctx.params[param] ?? '').map((ugid) => ({ type, ugid })));
      if (members.length === 0) throw new ParamError(Object.fromEntries(MEMBER_TYPES.map(([, param]) => [param, "either 'users', 'groups' or 'tokens' is required."])));
      const given = ctx.params.path;
      const path = normalizeAclPath(given);
      const remove = ctx.params.delete === true;
      if (path === null || (!remove && !isKnownAclPath(path))) throw new ParamError({ path: `'${given}' is not an ACL path: give one such as /, /sdn, /sdn/zones/ZONE, /sdn/zones/ZONE/VNET or /nodes/NODE` });
      const edit = { path, roles: splitList(ctx.params.roles), members, propagate: ctx.params.propagate !== false, delete: remove };
      await accessTx(ctx, ({ config }) => ({ writes: [accessWrite({ ...config, acl: editAcl(config, ctx.principal?.authid ?? '', edit) })], result: null }));
      return null;
    },
  }),
];
