/**
 * Checks a proposed set of section files the way the model checks a config
 * (each section by its schema, then the cross-section rules) and reports
 * only what the edit broke: findings already present before the edit are
 * not blamed on it. Findings become per-parameter errors. The checks follow
 * the edits (edit-checks.ts): an edit costs the sections it can affect.
 */
import { ParamError } from '../util/errors.js';
import { addedErrors, type Files } from './edit-checks.js';
import { SETS, type SetName } from './kinds.js';
import type { SdnState, Secrets } from './state.js';

export type { Files };

/** Issue path → the parameter to blame: `vnets.v1.tag` → `tag` (a route map entry's path names it `<map>/<order>`, its kind's displayId). */
function paramOf(set: SetName, id: string, path: string): string {
  const { kind } = SETS[set];
  const own = `${set}.${kind.displayId ? kind.displayId(id) : id}`;
  if (path === own) return kind.idProperty;
  if (path.startsWith(`${own}.`)) return path.slice(own.length + 1);
  const last = path.split('.').pop() ?? path;
  return last in kind.properties ? last : path;
}

export function assertValidEdit(before: SdnState, after: Files, secrets: Secrets, set: SetName, id: string): void {
  const fresh = addedErrors(before.files, before.secrets, after, secrets);
  if (fresh.length === 0) return;
  const errors: Record<string, string> = {};
  for (const i of fresh) {
    // a finding about another section that names the edited one, worded for it
    const view = i.seenFrom?.path.startsWith(`${set}.${id}.`) ? i.seenFrom : i;
    const key = paramOf(set, id, view.path);
    const told = errors[key];
    // several sections may tell the edited one the same (each subnet of a VNet made VLAN-aware)
    if (view !== i && told?.split('; ').includes(view.message)) continue;
    errors[key] = told ? `${told}; ${view.message}` : view.message;
  }
  throw new ParamError(errors);
}
