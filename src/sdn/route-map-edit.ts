/**
 * Route map entries as the reference's API names them: a route map's id and
 * an entry's order, stored as the `route-map-entry: <map>_<order>` section
 * of route-maps.cfg. The edits are the section edits of sdn/edit.ts; their
 * findings are blamed on the API's fields (`route-map-id`, `order`, `match`,
 * `set`, …) instead of the section's id and item paths.
 */
import { routeMapKind, splitRouteMapEntryId } from '../model/route-map.js';
import type { StoreWrite } from '../store/types.js';
import { ParamError } from '../util/errors.js';
import { assertDigest, createSection, deleteSection, updateSection, type SetParams } from './edit.js';
import type { SdnState, TextSection } from './state.js';

/** What an entry's update may remove (the reference's `delete`). */
export const ENTRY_DELETABLE = ['set', 'match', 'call', 'exit-action'] as const;

/** The section id of a route map's entry. */
export const entrySectionId = (map: string, order: number): string => `${map}_${order}`;

/** The route maps named by the sections of a set of entry ids, sorted. */
export function routeMapNames(sectionIds: Iterable<string>): string[] {
  return [...new Set([...sectionIds].map((id) => splitRouteMapEntryId(id).name))].sort();
}

/** `id` (the section's) → `route-map-id`; `match[1]` → `match`. */
function blame(e: unknown): unknown {
  if (!(e instanceof ParamError)) return e;
  const errors: Record<string, string> = {};
  for (const [key, message] of Object.entries(e.errors)) {
    const to = key === routeMapKind.idProperty ? 'route-map-id' : key.replace(/\[\d+\]$/, '');
    errors[to] = errors[to] ? `${errors[to]}; ${message}` : message;
  }
  return new ParamError(errors);
}

function blamed<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw blame(e);
  }
}

/** The entry's section; a missing one is named by the field that is wrong (the map, or its order). */
export function existingEntry(state: SdnState, map: string, order: number): TextSection {
  const sections = state.files['route-maps'].sections;
  const found = sections.get(entrySectionId(map, order));
  if (found) return found;
  if (!routeMapNames(sections.keys()).includes(map)) throw new ParamError({ 'route-map-id': `route map '${map}' does not exist` });
  throw new ParamError({ order: `route map '${map}' has no entry with order ${order}` });
}

export function createEntry(state: SdnState, map: string, order: number, values: SetParams<'route-maps'>, digest: string | undefined): StoreWrite[] {
  assertDigest(state, 'route-maps', digest);
  if (state.files['route-maps'].sections.has(entrySectionId(map, order))) throw new ParamError({ order: `route map '${map}' already has an entry with order ${order}` });
  return blamed(() => createSection(state, 'route-maps', entrySectionId(map, order), 'route-map-entry', values));
}

export function updateEntry(state: SdnState, map: string, order: number, values: SetParams<'route-maps'>, toDelete: readonly string[], digest: string | undefined): StoreWrite[] {
  existingEntry(state, map, order);
  return blamed(() => updateSection(state, 'route-maps', entrySectionId(map, order), values, toDelete, digest));
}

export function deleteEntry(state: SdnState, map: string, order: number): StoreWrite[] {
  existingEntry(state, map, order);
  return blamed(() => deleteSection(state, 'route-maps', entrySectionId(map, order)));
}
