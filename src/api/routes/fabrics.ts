/**
 * Fabrics and fabric nodes, stored as `fabrics.cfg` sections
 * (`<protocol>_fabric: <id>`, `<protocol>_node: <fabric>_<node>`). Only the
 * shape is checked here; the fabric model validates addressing later.
 */
import { FABRIC_PROTOCOLS, type FabricProtocol } from '../../model/fabric-kind.js';
import { fabricKind } from '../../fabrics/kind.js';
import { splitList } from '../../model/formats.js';
import type { DecodedValue, PropertySchema } from '../../model/schema.js';
import { deleteSection, updateSection, type Params } from '../../sdn/edit.js';
import { createFabric, createFabricNode, deleteFabric, fabricNodeId, updateFabric } from '../../sdn/fabric-edit.js';
import { SdnError } from '../../util/errors.js';
import type { SdnState } from '../../sdn/state.js';
import { fabricRows, setView, type FabricPart, type ReadMode } from '../../sdn/views.js';
import { DELETE_LIST, DIGEST, LOCK_TOKEN, NODE_PARAM, PENDING, RUNNING, type CheckedParams, type TextParam } from '../params.js';
import type { PermCheck } from '../perm-check.js';
import { route, type CheckCtx, type Ctx, type RouteDef } from '../route.js';
import { modeOf, newId, propertySchemas } from './sdn-sets.js';
import { optText, readState, sdnEdit } from './sdn-tx.js';

export const FABRIC_ID: TextParam = { type: 'string', format: 'pve-sdn-fabric-id', description: 'Identifier for SDN fabrics' };
const PROTOCOL = { type: 'string', enum: FABRIC_PROTOCOLS, description: 'Type of configuration entry in an SDN Fabric section config' } as const;
const props: Readonly<Record<string, PropertySchema>> = propertySchemas('fabrics');
/** the properties any `<protocol>_fabric` (or `_node`) section may carry */
function propsOf(suffix: '_fabric' | '_node'): Record<string, PropertySchema> {
  const keys = new Set(Object.entries(fabricKind.types).filter(([t]) => t.endsWith(suffix)).flatMap(([, o]) => Object.keys(o)));
  ['fabric_id', 'node_id'].forEach((k) => keys.delete(k));
  return Object.fromEntries([...keys].map((k) => [k, props[k] as PropertySchema]));
}
const fabricProps = propsOf('_fabric');
const nodeProps = propsOf('_node');

const entries = <W extends FabricPart>(state: SdnState, mode: ReadMode, part: W) => fabricRows(setView(state, 'fabrics', mode), part);

function values(params: CheckedParams, keys: readonly string[]): Params {
  const out: Record<string, DecodedValue> = {};
  for (const [k, v] of Object.entries(params)) if (v !== undefined && keys.includes(k)) out[k] = v;
  return out;
}

const deleted = (params: { readonly delete?: string }) => splitList(optText(params.delete) ?? '');

const FABRIC_CREATE = { ...fabricProps, id: FABRIC_ID, protocol: PROTOCOL, digest: DIGEST, 'lock-token': LOCK_TOKEN };
const FABRIC_UPDATE = { ...fabricProps, id: FABRIC_ID, protocol: PROTOCOL, digest: DIGEST, delete: DELETE_LIST, 'lock-token': LOCK_TOKEN };
const NODE_CREATE = { ...nodeProps, fabric_id: FABRIC_ID, node_id: NODE_PARAM, protocol: PROTOCOL, digest: DIGEST, 'lock-token': LOCK_TOKEN };
const NODE_UPDATE = { ...nodeProps, fabric_id: FABRIC_ID, node_id: NODE_PARAM, protocol: PROTOCOL, digest: DIGEST, delete: DELETE_LIST, 'lock-token': LOCK_TOKEN };

const fabricCreate = (ctx: CheckCtx<typeof FABRIC_CREATE>, protocol: FabricProtocol) => (state: SdnState) =>
  createFabric(state, newId(ctx.params.id, state, 'fabrics'), protocol, values(ctx.params, Object.keys(fabricProps)));

const fabricUpdate = (ctx: CheckCtx<typeof FABRIC_UPDATE>, id: string, protocol: FabricProtocol) => (state: SdnState) =>
  updateFabric(state, id, protocol, values(ctx.params, Object.keys(fabricProps)), deleted(ctx.params), optText(ctx.params.digest));

const nodeCreate = (ctx: CheckCtx<typeof NODE_CREATE>, fabric: string, protocol: FabricProtocol) => (state: SdnState) =>
  createFabricNode(state, fabric, ctx.params.node_id ?? '', protocol, values(ctx.params, Object.keys(nodeProps)));

const nodeUpdate = (ctx: CheckCtx<typeof NODE_UPDATE>, fabric: string, node: string) => (state: SdnState) =>
  updateSection(state, 'fabrics', fabricNodeId(fabric, node), values(ctx.params, Object.keys(nodeProps)), deleted(ctx.params), optText(ctx.params.digest));

/** changing a fabric's node: the fabric and the node itself */
const NODE_CHANGE: PermCheck = { and: [{ path: '/sdn/fabrics/{fabric_id}', privs: ['SDN.Allocate'] }, { path: '/nodes/{node_id}', privs: ['Sys.Modify'] }] };
const canSeeNode = (ctx: Ctx, id: string) => ctx.can(`/nodes/${id}`, ['Sys.Audit', 'Sys.Modify'], true);
const canSeeFabric = (ctx: Ctx, id: string) => ctx.can(`/sdn/fabrics/${id}`, ['SDN.Audit', 'SDN.Allocate'], true);

const ROUTES: readonly RouteDef[] = [
  route({ method: 'GET', path: '/cluster/sdn/fabrics', params: {}, permission: { path: '/sdn/fabrics', privs: ['SDN.Audit'] }, handler: () => [{ subdir: 'fabric' }, { subdir: 'node' }, { subdir: 'all' }] }),
  route({
    method: 'GET',
    path: '/cluster/sdn/fabrics/all',
    params: { running: RUNNING, pending: PENDING },
    async handler(ctx) {
      const state = await readState(ctx);
      return {
        fabrics: entries(state, modeOf(ctx.params), 'fabric').filter((f) => canSeeFabric(ctx, f.id)),
        nodes: entries(state, modeOf(ctx.params), 'node').filter((n) => canSeeFabric(ctx, n.fabric_id) && canSeeNode(ctx, n.node_id)),
      };
    },
  }),
  route({
    method: 'GET',
    path: '/cluster/sdn/fabrics/fabric',
    params: { running: RUNNING, pending: PENDING },
    handler: async (ctx) => entries(await readState(ctx), modeOf(ctx.params), 'fabric').filter((f) => canSeeFabric(ctx, f.id)),
  }),
  route({
    method: 'GET',
    path: '/cluster/sdn/fabrics/fabric/{id}',
    params: { id: FABRIC_ID },
    permission: { path: '/sdn/fabrics/{id}', privs: ['SDN.Audit', 'SDN.Allocate'], any: true },
    async handler(ctx) {
      const found = entries(await readState(ctx), 'config', 'fabric').find((f) => f.id === ctx.params.id);
      if (!found) throw new SdnError(`fabric '${ctx.params.id}' does not exist`, 'not-found');
      return found;
    },
  }),
  route({
    method: 'POST',
    path: '/cluster/sdn/fabrics/fabric',
    params: FABRIC_CREATE,
    permission: { path: '/sdn/fabrics', privs: ['SDN.Allocate'] },
    handler(ctx) {
      return sdnEdit(ctx, 'create sdn fabric failed', (state) => fabricCreate(ctx, ctx.params.protocol)(state));
    },
    // a refused protocol leaves the section's type unknown: nothing to check the values against
    checksAfterParams: async (ctx) => ctx.params.protocol && fabricCreate(ctx, ctx.params.protocol)(await readState(ctx)),
  }),
  route({
    method: 'PUT',
    path: '/cluster/sdn/fabrics/fabric/{id}',
    params: FABRIC_UPDATE,
    permission: { path: '/sdn/fabrics/{id}', privs: ['SDN.Allocate'] },
    handler(ctx) {
      return sdnEdit(ctx, 'update sdn fabric failed', (state) => fabricUpdate(ctx, ctx.params.id, ctx.params.protocol)(state));
    },
    checksAfterParams: async (ctx) => {
      const { id, protocol } = ctx.params;
      return id && protocol && fabricUpdate(ctx, id, protocol)(await readState(ctx));
    },
  }),
  route({
    method: 'DELETE',
    path: '/cluster/sdn/fabrics/fabric/{id}',
    params: { id: FABRIC_ID, 'lock-token': LOCK_TOKEN },
    permission: { path: '/sdn/fabrics/{id}', privs: ['SDN.Allocate'] },
    handler(ctx) {
      const { id } = ctx.params;
      return sdnEdit(ctx, 'delete sdn fabric failed', (state) => deleteFabric(state, id));
    },
  }),
  route({
    method: 'GET',
    path: '/cluster/sdn/fabrics/node',
    params: { running: RUNNING, pending: PENDING },
    handler: async (ctx) => entries(await readState(ctx), modeOf(ctx.params), 'node').filter((n) => canSeeFabric(ctx, n.fabric_id) && canSeeNode(ctx, n.node_id)),
  }),
  route({
    method: 'GET',
    path: '/cluster/sdn/fabrics/node/{fabric_id}',
    params: { fabric_id: FABRIC_ID, running: RUNNING, pending: PENDING },
    permission: { path: '/sdn/fabrics/{fabric_id}', privs: ['SDN.Audit'] },
    // only the nodes the caller may see, as the reference filters them
    handler: async (ctx) => entries(await readState(ctx), modeOf(ctx.params), 'node').filter((n) => n.fabric_id === ctx.params.fabric_id && canSeeNode(ctx, n.node_id)),
  }),
  route({
    method: 'GET',
    path: '/cluster/sdn/fabrics/node/{fabric_id}/{node_id}',
    params: { fabric_id: FABRIC_ID, node_id: NODE_PARAM },
    permission: { and: [{ path: '/sdn/fabrics/{fabric_id}', privs: ['SDN.Audit', 'SDN.Allocate'], any: true }, { path: '/nodes/{node_id}', privs: ['Sys.Audit', 'Sys.Modify'], any: true }] },
    async handler(ctx) {
      const found = entries(await readState(ctx), 'config', 'node').find((n) => n.fabric_id === ctx.params.fabric_id && n.node_id === ctx.params.node_id);
      if (!found) throw new SdnError(`node '${ctx.params.node_id}' is not in fabric '${ctx.params.fabric_id}'`, 'not-found');
      return found;
    },
  }),
  route({
    method: 'POST',
    path: '/cluster/sdn/fabrics/node/{fabric_id}',
    params: NODE_CREATE,
    permission: NODE_CHANGE,
    handler(ctx) {
      return sdnEdit(ctx, 'create sdn fabric node failed', (state) => nodeCreate(ctx, ctx.params.fabric_id, ctx.params.protocol)(state));
    },
    checksAfterParams: async (ctx) => {
      const { fabric_id: fabric, protocol } = ctx.params;
      return fabric && protocol && nodeCreate(ctx, fabric, protocol)(await readState(ctx));
    },
  }),
  route({
    method: 'PUT',
    path: '/cluster/sdn/fabrics/node/{fabric_id}/{node_id}',
    params: NODE_UPDATE,
    permission: NODE_CHANGE,
    handler(ctx) {
      return sdnEdit(ctx, 'update sdn fabric node failed', (state) => nodeUpdate(ctx, ctx.params.fabric_id, ctx.params.node_id)(state));
    },
    checksAfterParams: async (ctx) => {
      const { fabric_id: fabric, node_id: node } = ctx.params;
      return fabric && node && nodeUpdate(ctx, fabric, node)(await readState(ctx));
    },
  }),
  route({
    method: 'DELETE',
    path: '/cluster/sdn/fabrics/node/{fabric_id}/{node_id}',
    params: { fabric_id: FABRIC_ID, node_id: NODE_PARAM, 'lock-token': LOCK_TOKEN },
    permission: NODE_CHANGE,
    handler(ctx) {
      const id = fabricNodeId(ctx.params.fabric_id, ctx.params.node_id);
      return sdnEdit(ctx, 'delete sdn fabric node failed', (state) => deleteSection(state, 'fabrics', id));
    },
  }),
];

/**
 * The reference's fabric methods (proxmox-perl-rs) leave the schema's
 * `additionalProperties` unset, so unknown parameters are ignored there
 * (the bpg provider reads a fabric and a fabric node with `pending=1`).
 */
export const FABRIC_ROUTES: readonly RouteDef[] = ROUTES.map((r) => ({ ...r, unknownParams: 'ignore' }));
