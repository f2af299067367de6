/**
 * Prefix lists as Proxmox VE 9.1's API has them: `/cluster/sdn/prefix-lists`
 * (list, create), `…/{id}` (read, update, delete) and the entries of one,
 * `…/{id}/entries` and `…/{id}/entries/{url_seq}`, each entry addressed by
 * its sequence number. Every write is a section edit of `prefix-lists.cfg`
 * (sdn/prefix-list-edit.ts): pending until applied, with the digest, the
 * lock token and the config's checks of every other set.
 */
import { prefixListKind } from '../../model/prefix-list.js';
import { createEntry, createPrefixList, deleteEntry, ENTRY_DELETABLE, ENTRY_FIELDS, existingEntries, getEntry, noSuchList, updateEntry, updatePrefixList } from '../../sdn/prefix-list-edit.js';
import { apiList, apiSection, sectionView, setView } from '../../sdn/views.js';
import { deleteSection } from '../../sdn/edit.js';
import { DELETE_LIST, deleteNames, DIGEST, LOCK_TOKEN, optBool, PENDING, RUNNING } from '../params.js';
import type { PermCheck } from '../perm-check.js';
import { listAnswer } from '../list-answer.js';
import { route, type Ctx, type RouteDef } from '../route.js';
import { modeOf, newId, propertySchemas } from './sdn-sets.js';
import { optText, readState, sdnEdit } from './sdn-tx.js';

const BASE = '/cluster/sdn/prefix-lists';
const ACL = '/sdn/prefix-lists';
const ON_LIST = `${ACL}/{id}`;
const AUDIT: PermCheck = { path: ON_LIST, privs: ['SDN.Audit'] };
const ALLOCATE: PermCheck = { path: ON_LIST, privs: ['SDN.Allocate'] };

const ID = { ...prefixListKind.idSchema, description: 'The SDN prefix list identifier' } as const;
const URL_SEQ = { ...ENTRY_FIELDS.seq, optional: false, description: 'The sequence number of the entry.' } as const;
const optional = <P extends object>(p: P) => ({ ...p, optional: true }) as const;
const ENTRY_UPDATE = {
  action: optional(ENTRY_FIELDS.action),
  prefix: optional(ENTRY_FIELDS.prefix),
  le: ENTRY_FIELDS.le,
  ge: ENTRY_FIELDS.ge,
  seq: ENTRY_FIELDS.seq,
} as const;

const canSee = (ctx: Ctx, id: string) => ctx.can(`${ACL}/${id}`, ['SDN.Audit', 'SDN.Allocate'], true);

export const PREFIX_LIST_ROUTES: readonly RouteDef[] = [
  route({
    method: 'GET',
    path: BASE,
    params: { running: RUNNING, pending: PENDING, verbose: optBool('If 0, only returns id - otherwise returns all properties.') },
    async handler(ctx) {
      const mode = modeOf(ctx.params);
      const rows = apiList('prefix-lists', setView(await readState(ctx), 'prefix-lists', mode));
      if (ctx.params.verbose) return listAnswer(ctx, rows, 'verbose', (r) => canSee(ctx, r.id));
      // the reference's short form: the id, and in a pending read the state
      return rows.filter((r) => canSee(ctx, r.id)).map((r) => ({ id: r.id, ...(mode === 'pending' && r.state ? { state: r.state } : {}) }));
    },
  }),
  route({
    method: 'POST',
    path: BASE,
    params: { id: ID, digest: DIGEST, entries: propertySchemas('prefix-lists').entries, 'lock-token': LOCK_TOKEN },
    permission: { path: ACL, privs: ['SDN.Allocate'] },
    handler: (ctx) => sdnEdit(ctx, 'creating prefix list failed', (state) => createPrefixList(state, ctx.params.id, ctx.params.entries, optText(ctx.params.digest))),
    checksAfterParams: async (ctx) => {
      const state = await readState(ctx);
      return createPrefixList(state, newId(ctx.params.id, state, 'prefix-lists'), ctx.params.entries, undefined);
    },
  }),
  route({
    method: 'GET',
    path: `${BASE}/{id}`,
    params: { id: ID },
    permission: AUDIT,
    async handler(ctx) {
      const { section, digest } = sectionView(await readState(ctx), 'prefix-lists', 'config', ctx.params.id);
      if (!section) throw noSuchList(ctx.params.id);
      return apiSection('prefix-lists', ctx.params.id, section, digest);
    },
  }),
  route({
    method: 'PUT',
    path: `${BASE}/{id}`,
    params: { id: ID, digest: DIGEST, entries: propertySchemas('prefix-lists').entries, delete: DELETE_LIST, 'lock-token': LOCK_TOKEN },
    permission: ALLOCATE,
    handler: (ctx) =>
      sdnEdit(ctx, 'updating prefix list failed', (state) =>
        updatePrefixList(state, ctx.params.id, ctx.params.entries, deleteNames(ctx.params.delete, ['entries']), optText(ctx.params.digest)),
      ),
  }),
  route({
    method: 'DELETE',
    path: `${BASE}/{id}`,
    params: { id: ID, 'lock-token': LOCK_TOKEN },
    permission: ALLOCATE,
    handler: (ctx) =>
      sdnEdit(ctx, 'deleting prefix list failed', (state) => {
        if (!state.files['prefix-lists'].sections.has(ctx.params.id)) throw noSuchList(ctx.params.id);
        return deleteSection(state, 'prefix-lists', ctx.params.id);
      }),
  }),
  route({
    method: 'GET',
    path: `${BASE}/{id}/entries`,
    params: { id: ID },
    permission: AUDIT,
    async handler(ctx) {
      return existingEntries(await readState(ctx), ctx.params.id).sort((a, b) => a.seq - b.seq);
    },
  }),
  route({
    method: 'POST',
    path: `${BASE}/{id}/entries`,
    params: { id: ID, ...ENTRY_FIELDS, 'lock-token': LOCK_TOKEN },
    permission: ALLOCATE,
    handler: (ctx) => {
      const { id, 'lock-token': _lockToken, ...entry } = ctx.params;
      return sdnEdit(ctx, 'creating prefix list entry failed', (state) => createEntry(state, id, entry));
    },
  }),
  route({
    method: 'GET',
    path: `${BASE}/{id}/entries/{url_seq}`,
    params: { id: ID, url_seq: URL_SEQ },
    permission: AUDIT,
    handler: async (ctx) => getEntry(await readState(ctx), ctx.params.id, ctx.params.url_seq),
  }),
  route({
    method: 'PUT',
    path: `${BASE}/{id}/entries/{url_seq}`,
    params: { id: ID, url_seq: URL_SEQ, ...ENTRY_UPDATE, delete: DELETE_LIST, digest: DIGEST, 'lock-token': LOCK_TOKEN },
    permission: ALLOCATE,
    handler: (ctx) => {
      const { id, url_seq: seq, delete: del, digest, 'lock-token': _lockToken, ...changes } = ctx.params;
      return sdnEdit(ctx, 'updating prefix list entry failed', (state) => updateEntry(state, id, seq, changes, deleteNames(del, ENTRY_DELETABLE), optText(digest)));
    },
  }),
  route({
    method: 'DELETE',
    path: `${BASE}/{id}/entries/{url_seq}`,
    params: { id: ID, url_seq: URL_SEQ, 'lock-token': LOCK_TOKEN },
    permission: ALLOCATE,
    handler: (ctx) => sdnEdit(ctx, 'deleting prefix list entry failed', (state) => deleteEntry(state, ctx.params.id, ctx.params.url_seq)),
  }),
];
