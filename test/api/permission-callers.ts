/**
 * For the permission table test: from a permission rule (a route's
 * declared one, or the table's statement of what a handler checks), one
 * caller the rule lets through and one it refuses — the refused one holding
 * the same privileges one step off (a sibling path, a group the user is not
 * in, another realm), or all but one part of an `and`. Also the rule in the
 * reference schema's array form, to compare with `permissions.check`.
 */
import { fillPath, type PermCheck } from '../../src/api/perm-check.js';

export interface Grant {
  readonly path: string;
  readonly privs: readonly string[];
}

export interface Caller {
  /** the user making the call ('target@pve' itself for a 'self' rule) */
  readonly user: string;
  readonly grants: readonly Grant[];
}

export const TARGET_USER = 'target@pve';
const ALLOWED_USER = 'allowed@pve';
const REFUSED_USER = 'refused@pve';

/** `/sdn/zones/zA` → `/sdn/zones/elsewhere`: a path that neither is nor contains the given one. */
export function siblingPath(path: string): string {
  return path === '/' ? '/elsewhere' : path.replace(/[^/]+$/, 'elsewhere');
}

interface Derived {
  readonly self: boolean;
  readonly allowed: readonly Grant[];
  readonly refused: readonly Grant[];
}

function derive(check: PermCheck, params: Readonly<Record<string, unknown>>): Derived {
  if ('and' in check) {
    const parts = check.and.map((c) => derive(c, params));
    const [first, ...rest] = parts;
    // everything but the first part, and the first part only one step off
    return { self: parts.some((p) => p.self), allowed: parts.flatMap((p) => p.allowed), refused: [...(first?.refused ?? []), ...rest.flatMap((p) => p.allowed)] };
  }
  if ('or' in check) {
    const parts = check.or.map((c) => derive(c, params));
    return { self: parts[0]?.self ?? false, allowed: parts[0]?.allowed ?? [], refused: parts.flatMap((p) => p.refused) };
  }
  if ('useridParam' in check) {
    if (check.useridParam === 'self') return { self: true, allowed: [], refused: [] };
    return { self: false, allowed: [{ path: '/access/realm/pve', privs: ['Realm.AllocateUser'] }], refused: [{ path: '/access/realm/pam', privs: ['Realm.AllocateUser'] }] };
  }
  if ('useridGroup' in check) {
    return { self: false, allowed: [{ path: '/access/groups', privs: check.useridGroup.slice(0, 1) }], refused: [{ path: '/access/groups/elsewhere', privs: check.useridGroup }] };
  }
  const template = 'permModify' in check ? check.permModify : check.path;
  const privs = 'permModify' in check ? ['Permissions.Modify'] : check.any ? check.privs.slice(0, 1) : check.privs;
  const path = fillPath(template, params);
  return { self: false, allowed: [{ path, privs }], refused: [{ path: siblingPath(path), privs: 'permModify' in check ? privs : check.privs }] };
}

export function callersFor(check: PermCheck, params: Readonly<Record<string, unknown>>): { readonly allowed: Caller; readonly refused: Caller } {
  const d = derive(check, params);
  return { allowed: { user: d.self ? TARGET_USER : ALLOWED_USER, grants: d.allowed }, refused: { user: REFUSED_USER, grants: d.refused } };
}

/** The rule as the reference's schema writes it: `['perm', path, privs, 'any', 1]`, `['and', …]`, … */
export function referenceForm(check: PermCheck): unknown[] {
  if ('and' in check) return ['and', ...check.and.map(referenceForm)];
  if ('or' in check) return ['or', ...check.or.map(referenceForm)];
  if ('useridParam' in check) return ['userid-param', check.useridParam];
  if ('useridGroup' in check) return ['userid-group', [...check.useridGroup], ...(check.groupsParam ? ['groups_param', check.groupsParam] : [])];
  if ('permModify' in check) return ['perm-modify', check.permModify];
  return ['perm', check.path, [...check.privs], ...(check.any ? ['any', 1] : [])];
}
