/**
 * Route maps as Proxmox VE 9.1's API has them: `/cluster/sdn/route-maps`
 * lists the maps (their ids), `…/entries` every entry (and creates one),
 * `…/entries/{route-map-id}` one map's entries and
 * `…/entries/{route-map-id}/entry/{order}` one entry. An entry is the
 * `route-map-entry: <map>_<order>` section of route-maps.cfg; its rights are
 * those on `/sdn/route-maps/<map>` (creating one, on `/sdn/route-maps`).
 */
import { POLICY_NAME_PATTERN } from '../../model/prefix-list.js';
import { routeMapKind } from '../../model/route-map.js';
import type { SetParams } from '../../sdn/edit.js';
import { createEntry, deleteEntry, ENTRY_DELETABLE, entrySectionId, existingEntry, routeMapNames, updateEntry } from '../../sdn/route-map-edit.js';
import { routeMapEntryRows, rowRouteMap } from '../../sdn/policy-views.js';
import { runningIds } from '../../sdn/state.js';
import { apiSection, runningShape } from '../../sdn/views.js';
import { DELETE_LIST, deleteNames, DIGEST, LOCK_TOKEN, PENDING, RUNNING } from '../params.js';
import { ParamError } from '../../util/errors.js';
import type { PermCheck } from '../perm-check.js';
import { listAnswer } from '../list-answer.js';
import { route, type Ctx, type RouteDef } from '../route.js';
import { modeOf, withSetProperties } from './sdn-sets.js';
import { optText, readState, sdnEdit } from './sdn-tx.js';

const BASE = '/cluster/sdn/route-maps';
const ACL = '/sdn/route-maps';
const ENTRY = `${BASE}/entries/{route-map-id}/entry/{order}`;
const READ: PermCheck = { path: `${ACL}/{route-map-id}`, privs: ['SDN.Audit', 'SDN.Allocate'], any: true };
const ALLOCATE: PermCheck = { path: `${ACL}/{route-map-id}`, privs: ['SDN.Allocate'] };

const MAP_ID = { type: 'string', pattern: POLICY_NAME_PATTERN, description: 'The SDN route map identifier' } as const;
/** the reference's range (0 is refused by the model's check: FRR numbers entries from 1) */
const ORDER = { type: 'integer', minimum: 0, maximum: 65535, description: 'The index of this route map entry' } as const;

const canSee = (ctx: Ctx, map: string) => ctx.can(`${ACL}/${map}`, ['SDN.Audit', 'SDN.Allocate'], true);

/**
 * The entry's values. `delete` on a create: Proxmox VE's GUI sends the
 * entry's empty lists (`match`, `set`) and an empty `call` as deletions
 * with every create; nothing is there to delete, so they are accepted.
 */
const CREATE = withSetProperties('route-maps', { 'route-map-id': MAP_ID, order: ORDER, action: routeMapKind.properties.action, digest: DIGEST, delete: DELETE_LIST, 'lock-token': LOCK_TOKEN });
const UPDATE = withSetProperties('route-maps', { 'route-map-id': MAP_ID, order: ORDER, digest: DIGEST, delete: DELETE_LIST, 'lock-token': LOCK_TOKEN });

type EntryValues = SetParams<'route-maps'>;

/** The entry's own values (its kind's properties), without its ids and the control parameters. */
function values(params: EntryValues): EntryValues {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(routeMapKind.properties)) if (params[k as keyof EntryValues] !== undefined) out[k] = params[k as keyof EntryValues];
  // each a property of the kind, as the route's schemas (the kind's) checked it
  return out as EntryValues;
}

export const ROUTE_MAP_ROUTES: readonly RouteDef[] = [
  route({
    method: 'GET',
    path: BASE,
    params: { running: RUNNING },
    async handler(ctx) {
      const state = await readState(ctx);
      const ids = ctx.params.running ? Object.keys(runningIds(state, 'route-maps')) : state.files['route-maps'].sections.keys();
      return routeMapNames(ids)
        .filter((id) => canSee(ctx, id))
        .map((id) => ({ id }));
    },
  }),
  route({
    method: 'GET',
    path: `${BASE}/entries`,
    params: { running: RUNNING, pending: PENDING },
    async handler(ctx) {
      const rows = routeMapEntryRows(await readState(ctx), modeOf(ctx.params));
      return listAnswer(ctx, rows, '', (r) => canSee(ctx, rowRouteMap(r)));
    },
  }),
  route({
    method: 'POST',
    path: `${BASE}/entries`,
    params: CREATE,
    permission: { path: ACL, privs: ['SDN.Allocate'] },
    handler: (ctx) =>
      sdnEdit(ctx, 'creating route map entry failed', (state) => {
        const given = deleteNames(ctx.params.delete, ENTRY_DELETABLE).filter((k) => ctx.params[k as keyof typeof ctx.params] !== undefined);
        if (given.length > 0) throw new ParamError({ delete: `cannot set and delete ${given.join(', ')} at the same time` });
        return createEntry(state, ctx.params['route-map-id'], ctx.params.order, values(ctx.params), optText(ctx.params.digest));
      }),
    checksAfterParams: async (ctx) => createEntry(await readState(ctx), ctx.params['route-map-id'] ?? 'x', ctx.params.order ?? 1, values(ctx.params), undefined),
  }),
  route({
    method: 'GET',
    path: `${BASE}/entries/{route-map-id}`,
    params: { 'route-map-id': MAP_ID, running: RUNNING, pending: PENDING },
    permission: READ,
    async handler(ctx) {
      const map = ctx.params['route-map-id'];
      return routeMapEntryRows(await readState(ctx), modeOf(ctx.params)).filter((r) => rowRouteMap(r) === map);
    },
  }),
  route({
    method: 'GET',
    path: ENTRY,
    params: { 'route-map-id': MAP_ID, order: ORDER },
    permission: READ,
    async handler(ctx) {
      const state = await readState(ctx);
      const { 'route-map-id': map, order } = ctx.params;
      const { type: _type, id: _id, ...row } = apiSection('route-maps', entrySectionId(map, order), runningShape('route-maps', existingEntry(state, map, order)), state.files['route-maps'].digest);
      return { 'route-map-id': map, order, match: [], set: [], ...row };
    },
  }),
  route({
    method: 'PUT',
    path: ENTRY,
    params: UPDATE,
    permission: ALLOCATE,
    handler: (ctx) =>
      sdnEdit(ctx, 'updating route map entry failed', (state) =>
        updateEntry(state, ctx.params['route-map-id'], ctx.params.order, values(ctx.params), deleteNames(ctx.params.delete, ENTRY_DELETABLE), optText(ctx.params.digest)),
      ),
  }),
  route({
    method: 'DELETE',
    path: ENTRY,
    params: { 'route-map-id': MAP_ID, order: ORDER, 'lock-token': LOCK_TOKEN },
    permission: ALLOCATE,
    handler: (ctx) =>
      sdnEdit(ctx, 'deleting route map entry failed', (state) => deleteEntry(state, ctx.params['route-map-id'], ctx.params.order)),
  }),
];
