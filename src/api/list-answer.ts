/**
 * A list answer filtered to what the caller may see, encoded once per list
 * (sdn/views.ts apiList: one per view of a store revision), per access
 * config (one per revision, auth/access-config.ts), per caller and per
 * filter: the next request for the same list at the same revision sends
 * the text already made instead of checking and encoding thousands of
 * entries again.
 */
import type { AccessConfig } from '../auth/access-config.js';
import { EncodedJson } from './formats.js';
import type { Ctx } from './route.js';

const answers = new WeakMap<readonly object[], WeakMap<AccessConfig, Map<string, EncodedJson>>>();

/**
 * `list`'s entries that `keep` keeps, as JSON. `filter` names what `keep`
 * tests besides the caller's permissions (the query's `type`): the same
 * list, caller and filter always keep the same entries.
 */
export function listAnswer<E extends object>(ctx: Ctx, list: readonly E[], filter: string, keep: (entry: E) => boolean): EncodedJson {
  let byAccess = answers.get(list);
  if (!byAccess) answers.set(list, (byAccess = new WeakMap()));
  let byCaller = byAccess.get(ctx.access);
  if (!byCaller) byAccess.set(ctx.access, (byCaller = new Map()));
  const key = `${ctx.principal?.authid ?? ''}\0${filter}`;
  let answer = byCaller.get(key);
  if (!answer) byCaller.set(key, (answer = new EncodedJson(JSON.stringify(list.filter(keep)))));
  return answer;
}
