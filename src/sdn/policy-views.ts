/**
 * Route map entries as the reference's API reads them: each entry under its
 * route map's id and order (`route-map-id`, `order`, from the section id
 * `<map>_<order>`), with `match` and `set` always lists, in the edited,
 * running or pending view. In the pending view a new entry's ids are among
 * its pending values, as the reference's pending_config leaves them (its
 * running and edited entries both carry them), which Proxmox VE's GUI reads.
 */
import { splitRouteMapEntryId } from '../model/route-map.js';
import type { OneObject } from '../model/property-schema.js';
import { pendingConfig } from './pending.js';
import { runningIds, type SdnState } from './state.js';
import type { RowState } from './section-row.js';
import type { RunningSection } from './values.js';
import { configIds, encodeAll, type ReadMode, type SetRows } from './views.js';

type EntryValues = Omit<SetRows['route-maps'], 'type' | 'id' | 'state' | 'pending' | 'digest'>;
type EntryIds = { readonly 'route-map-id': string; readonly order: number };

/** A route map entry's row (`GET /cluster/sdn/route-maps/entries…`). */
export type RouteMapEntryRow = OneObject<
  Partial<EntryIds> &
    EntryValues & {
      readonly state?: RowState;
      readonly pending?: { readonly [K in keyof (EntryValues & EntryIds)]?: (EntryValues & EntryIds)[K] | 'deleted' };
      readonly digest?: string;
    }
>;

/** per view of the set (memoized by sdn/views.ts): its entries with their ids and lists */
const withIdsOf = new WeakMap<object, Readonly<Record<string, RunningSection>>>();

function withIds(ids: Readonly<Record<string, RunningSection>>): Readonly<Record<string, RunningSection>> {
  const known = withIdsOf.get(ids);
  if (known) return known;
  const out: Record<string, RunningSection> = {};
  for (const [id, section] of Object.entries(ids)) {
    const { name, order } = splitRouteMapEntryId(id);
    const { type: _type, ...values } = section;
    out[id] = { 'route-map-id': name, order, match: [], set: [], ...values };
  }
  withIdsOf.set(ids, out);
  return out;
}

/** one list per view of the set, as apiList keeps them */
const rows = new WeakMap<object, { readonly digest: string | undefined; readonly list: readonly RouteMapEntryRow[] }>();

const idsOf = (row: Readonly<Record<string, unknown>>): EntryIds => {
  const ids = (row['route-map-id'] === undefined ? row.pending : row) as EntryIds;
  return { 'route-map-id': ids['route-map-id'], order: ids.order };
};

/** Every route map entry of a view, by route map and order. */
export function routeMapEntryRows(state: SdnState, mode: ReadMode): readonly RouteMapEntryRow[] {
  const running = withIds(runningIds(state, 'route-maps'));
  const ids = mode === 'running' ? running : mode === 'config' ? withIds(configIds(state, 'route-maps')) : pendingConfig(running, withIds(configIds(state, 'route-maps')));
  const digest = mode === 'running' ? undefined : state.files['route-maps'].digest;
  const known = rows.get(ids);
  if (known && known.digest === digest) return known.list;
  const list = Object.values(ids)
    .map((s) => {
      const out = encodeAll(s);
      if (s.pending && typeof s.pending === 'object') out.pending = encodeAll(s.pending as Record<string, unknown>);
      if (digest !== undefined) out.digest = digest;
      // the values of sections the API wrote, in the kind's encoding (as views.ts asRow)
      return out as RouteMapEntryRow;
    })
    .sort((a, b) => {
      const [x, y] = [idsOf(a), idsOf(b)];
      return x['route-map-id'] < y['route-map-id'] ? -1 : x['route-map-id'] > y['route-map-id'] ? 1 : x.order - y.order;
    });
  rows.set(ids, { digest, list });
  return list;
}

/** The route map an entry row belongs to (a new entry's in its pending values). */
export const rowRouteMap = (row: RouteMapEntryRow): string => idsOf(row)['route-map-id'];
