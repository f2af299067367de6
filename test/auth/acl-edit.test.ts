/**
 * The ACL edit rule for callers without Permissions.Modify (those who pass
 * the route's check through an object's allocate privilege, e.g.
 * VM.Allocate on /vms/<id>): only roles they hold every privilege of, with
 * propagation only when they hold those propagated, never NoAccess.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import type { AccessConfig } from '../../src/auth/access-config.js';
import { editAcl, type AclEdit } from '../../src/auth/acl-edit.js';
import { ParamError } from '../../src/util/errors.js';

const cfg = (propagate: boolean): AccessConfig => ({
  users: { 'vmadm@pve': { enable: true, expire: 0 }, 'guest@pve': { enable: true, expire: 0 } },
  tokens: {},
  groups: {},
  roles: { VMOwner: ['VM.Allocate', 'VM.Audit'], VMViewer: ['VM.Audit'] },
  acl: [{ path: '/vms/100', type: 'user', ugid: 'vmadm@pve', roleid: 'VMOwner', propagate }],
});

const edit = (roles: string[], propagate: boolean, remove = false): AclEdit => ({ path: '/vms/100', roles, members: [{ type: 'user', ugid: 'guest@pve' }], propagate, delete: remove });

const refusal = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof ParamError, String(e));
    return e.errors.role ?? Object.values(e.errors).join();
  }
  return assert.fail('expected a refusal');
};

test('a subset of what the caller holds may be handed out', () => {
  const acl = editAcl(cfg(true), 'vmadm@pve', edit(['VMViewer'], true));
  assert.deepEqual(acl.at(-1), { path: '/vms/100', type: 'user', ugid: 'guest@pve', roleid: 'VMViewer', propagate: true });
});

test('more than the caller holds, NoAccess, or propagation the caller lacks are refused', () => {
  assert.match(refusal(() => editAcl(cfg(true), 'vmadm@pve', edit(['Administrator'], false))), /Cannot add role 'Administrator' - requires 'Permissions.Modify' or superset/);
  assert.match(refusal(() => editAcl(cfg(true), 'vmadm@pve', edit(['NoAccess'], false))), /Cannot add role 'NoAccess' - requires 'Permissions.Modify'/);
  assert.match(refusal(() => editAcl(cfg(false), 'vmadm@pve', edit(['VMViewer'], true))), /with propagation/);
  assert.equal(editAcl(cfg(false), 'vmadm@pve', edit(['VMViewer'], false)).length, 2, 'without propagation it may');
  assert.match(refusal(() => editAcl(cfg(true), 'vmadm@pve', edit(['Administrator'], false, true))), /Cannot remove role 'Administrator'/);
});

test('root@pam may hand out anything; unknown roles and members are named', () => {
  assert.equal(editAcl(cfg(true), 'root@pam', edit(['Administrator'], true)).length, 2);
  assert.match(refusal(() => editAcl(cfg(true), 'root@pam', edit(['Nope'], true))), /role 'Nope' does not exist/);
  assert.throws(() => editAcl(cfg(true), 'root@pam', { ...edit(['VMViewer'], true), members: [{ type: 'group', ugid: 'ghosts' }] }), (e: unknown) => e instanceof ParamError && /group 'ghosts' does not exist/.test(e.errors.groups ?? ''));
});
