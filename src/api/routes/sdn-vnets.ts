/**
 * VNets and their subnets. Permissions follow the VNet's zone, as the
 * reference checks them: SDN.Audit or SDN.Allocate on
 * `/sdn/zones/<zone>/<vnet>` to read, SDN.Allocate there to change it, and
 * SDN.Allocate on `/sdn/zones/<zone>` to create a VNet in a zone. Moving a
 * VNet to another zone also needs what creating it there needs (the
 * reference checks only the zone it leaves).
 */
import { splitList } from '../../model/formats.js';
import { SECTION_KINDS } from '../../sections/kinds.js';
import { createSection, deleteSection, objectName, updateSection } from '../../sdn/edit.js';
import { ParamError, SdnError } from '../../util/errors.js';
import type { SdnState } from '../../sdn/state.js';
import { namedSubnetId, newSubnetId, updateVnet, vnetZone, vnetZoneChange } from '../../sdn/vnet-edit.js';
import type { StoreWrite } from '../../store/types.js';
import { apiList, apiSection, sectionView, setView, vnetSubnets, type ReadMode, type SetRows } from '../../sdn/views.js';
import { DELETE_LIST, DIGEST, LOCK_TOKEN, PENDING, RUNNING, type TextParam } from '../params.js';
import { listAnswer } from '../list-answer.js';
import { route, type CheckCtx, type Ctx, type RouteDef } from '../route.js';
import { idSchema, modeOf, newId, sectionParams, typeSchema, withSetProperties } from './sdn-sets.js';
import { withSubnetIpam } from './subnet-ipam.js';
import { optText, readState, sdnWrite } from './sdn-tx.js';

const READ = ['SDN.Audit', 'SDN.Allocate'] as const;
const VNET_ID = idSchema('vnets');
/** a VNet is created in a zone */
const VNET_ZONE = { ...SECTION_KINDS.vnets.properties.zone, optional: false } as const;
const VNET_CREATE = withSetProperties('vnets', { zone: VNET_ZONE, vnet: VNET_ID, type: typeSchema('vnets', true), 'lock-token': LOCK_TOKEN });
const VNET_UPDATE = withSetProperties('vnets', { vnet: VNET_ID, digest: DIGEST, delete: DELETE_LIST, 'lock-token': LOCK_TOKEN });

/** check_vnet_access: any of the privileges on the VNet's own path (ACLs on its VLANs give none). */
export function checkVnet(ctx: Ctx, state: SdnState, vnet: string, privs: readonly string[]): void {
  const zone = vnetZone(state, vnet);
  if (zone === undefined) throw new SdnError(`sdn vnet '${vnet}' does not exist`, 'not-found');
  ctx.check(`/sdn/zones/${zone}/${vnet}`, privs, true);
}

const createVnet = (ctx: CheckCtx<typeof VNET_CREATE>) => (state: SdnState) => createSection(state, 'vnets', newId(ctx.params.vnet, state, 'vnets'), 'vnet', sectionParams(ctx.params, 'vnet'));

/** A VNet's update; the caller may change it (checkVnet). */
const vnetUpdate = (ctx: CheckCtx<typeof VNET_UPDATE>, id: string) => (state: SdnState) => {
  const del = splitList(optText(ctx.params.delete) ?? '');
  const values = sectionParams(ctx.params, 'vnet');
  const newZone = vnetZoneChange(state, id, values, del);
  // the zone it enters must allow this caller to create VNets there
  if (newZone !== undefined) ctx.check(`/sdn/zones/${newZone}`, ['SDN.Allocate']);
  return updateVnet(state, id, values, del, optText(ctx.params.digest));
};

const vnetRoutes: RouteDef[] = [
  route({
    method: 'GET',
    path: '/cluster/sdn/vnets',
    params: { running: RUNNING, pending: PENDING },
    async handler(ctx) {
      const state = await readState(ctx);
      const view = setView(state, 'vnets', modeOf(ctx.params));
      // a VNet not yet applied names its zone among its pending values
      return listAnswer(ctx, apiList('vnets', view), '', (s) => ctx.can(`/sdn/zones/${String(s.zone ?? s.pending?.zone)}/${s.vnet}`, READ, true));
    },
  }),
  route({
    method: 'GET',
    path: '/cluster/sdn/vnets/{vnet}',
    params: { vnet: VNET_ID, running: RUNNING, pending: PENDING },
    async handler(ctx) {
      const state = await readState(ctx);
      const id = ctx.params.vnet;
      checkVnet(ctx, state, id, READ);
      const { section, digest } = sectionView(state, 'vnets', modeOf(ctx.params), id);
      if (!section) throw new SdnError(`sdn vnet '${id}' does not exist`, 'not-found');
      return apiSection('vnets', id, section, digest);
    },
  }),
  route({
    method: 'POST',
    path: '/cluster/sdn/vnets',
    params: VNET_CREATE,
    permission: { path: '/sdn/zones/{zone}', privs: ['SDN.Allocate'] },
    async handler(ctx) {
      await sdnWrite(ctx.services, optText(ctx.params['lock-token']), 'create sdn vnet object failed', (state) => ({ writes: createVnet(ctx)(state), result: null }));
      return null;
    },
    checksAfterParams: async (ctx) => createVnet(ctx)(await readState(ctx)),
  }),
  route({
    method: 'PUT',
    path: '/cluster/sdn/vnets/{vnet}',
    params: VNET_UPDATE,
    async handler(ctx) {
      checkVnet(ctx, await readState(ctx), ctx.params.vnet, ['SDN.Allocate']);
      await sdnWrite(ctx.services, optText(ctx.params['lock-token']), 'update sdn vnet object failed', (state) => ({ writes: vnetUpdate(ctx, ctx.params.vnet)(state), result: null }));
      return null;
    },
    async checksAfterParams(ctx) {
      const id = ctx.params.vnet;
      // a refused VNet id: nothing to check it against
      if (id === undefined) return;
      const state = await readState(ctx);
      checkVnet(ctx, state, id, ['SDN.Allocate']);
      return vnetUpdate(ctx, id)(state);
    },
  }),
  route({
    method: 'DELETE',
    path: '/cluster/sdn/vnets/{vnet}',
    params: { vnet: VNET_ID, 'lock-token': LOCK_TOKEN },
    async handler(ctx) {
      const id = ctx.params.vnet;
      checkVnet(ctx, await readState(ctx), id, ['SDN.Allocate']);
      await sdnWrite(ctx.services, optText(ctx.params['lock-token']), 'delete sdn vnet object failed', (state) => ({ writes: deleteSection(state, 'vnets', id), result: null }));
      return null;
    },
  }),
];

const SUBNET_CIDR: TextParam = { type: 'string', format: 'CIDR', description: 'The SDN subnet object identifier.' };
const SUBNET_ID: TextParam = { type: 'string', pattern: '[^/\\s]+|[0-9a-fA-F.:]+/\\d+', maxLength: 128, description: 'The SDN subnet object identifier.' };

function subnetOfVnet(state: SdnState, vnet: string, id: string, mode: ReadMode): SetRows['subnets'] {
  const { section, digest } = sectionView(state, 'subnets', mode, id);
  if (!section) throw new SdnError(`sdn subnet '${id}' does not exist`, 'not-found');
  const out = apiSection('subnets', id, section, digest);
  if (out.vnet !== vnet) throw new ParamError({ vnet: 'wrong vnet' });
  return out;
}

const SUBNET_CREATE = withSetProperties('subnets', { vnet: VNET_ID, subnet: SUBNET_CIDR, type: typeSchema('subnets', true), 'lock-token': LOCK_TOKEN });
const SUBNET_UPDATE = withSetProperties('subnets', { vnet: VNET_ID, subnet: SUBNET_ID, digest: DIGEST, delete: DELETE_LIST, 'lock-token': LOCK_TOKEN });

/** A subnet's create: its id in a state (the VNet's zone and the CIDR) and its writes. */
function subnetCreate(ctx: CheckCtx<typeof SUBNET_CREATE>, vnet: string): { idIn: (state: SdnState) => string; plan: (state: SdnState) => readonly StoreWrite[] } {
  const idIn = (state: SdnState) => newSubnetId(state, vnet, ctx.params.subnet ?? '');
  return { idIn, plan: (state) => createSection(state, 'subnets', idIn(state), 'subnet', sectionParams(ctx.params, 'subnet')) };
}

const subnetUpdate = (ctx: CheckCtx<typeof SUBNET_UPDATE>, vnet: string, given: string) => (state: SdnState) => {
  const id = namedSubnetId(state, vnet, given);
  subnetOfVnet(state, vnet, id, 'config');
  return updateSection(state, 'subnets', id, sectionParams(ctx.params, 'subnet'), splitList(optText(ctx.params.delete) ?? ''), optText(ctx.params.digest));
};

const subnetRoutes: RouteDef[] = [
  route({
    method: 'GET',
    path: '/cluster/sdn/vnets/{vnet}/subnets',
    params: { vnet: VNET_ID, running: RUNNING, pending: PENDING },
    async handler(ctx) {
      const state = await readState(ctx);
      const { vnet } = ctx.params;
      checkVnet(ctx, state, vnet, READ);
      return vnetSubnets(state, vnet, modeOf(ctx.params));
    },
  }),
  route({
    method: 'GET',
    path: '/cluster/sdn/vnets/{vnet}/subnets/{subnet}',
    params: { vnet: VNET_ID, subnet: SUBNET_ID, running: RUNNING, pending: PENDING },
    async handler(ctx) {
      const state = await readState(ctx);
      const { vnet } = ctx.params;
      checkVnet(ctx, state, vnet, READ);
      return subnetOfVnet(state, vnet, namedSubnetId(state, vnet, ctx.params.subnet), modeOf(ctx.params));
    },
  }),
  route({
    method: 'POST',
    path: '/cluster/sdn/vnets/{vnet}/subnets',
    params: SUBNET_CREATE,
    async handler(ctx) {
      checkVnet(ctx, await readState(ctx), ctx.params.vnet, ['SDN.Allocate']);
      const { idIn, plan } = subnetCreate(ctx, ctx.params.vnet);
      const context = 'create sdn subnet object failed';
      // the zone's IPAM learns the subnet first; a failed config write takes that back
      await withSubnetIpam(ctx.services, context, idIn(await readState(ctx)), plan, optText(ctx.params['lock-token']));
      return null;
    },
    async checksAfterParams(ctx) {
      const { vnet } = ctx.params;
      // a refused VNet id: nothing to check the subnet against
      if (vnet === undefined) return;
      const state = await readState(ctx);
      checkVnet(ctx, state, vnet, ['SDN.Allocate']);
      return subnetCreate(ctx, vnet).plan(state);
    },
  }),
  route({
    method: 'PUT',
    path: '/cluster/sdn/vnets/{vnet}/subnets/{subnet}',
    params: SUBNET_UPDATE,
    async handler(ctx) {
      const { vnet, subnet } = ctx.params;
      checkVnet(ctx, await readState(ctx), vnet, ['SDN.Allocate']);
      const context = `update sdn ${objectName('subnets')} object failed`;
      const id = namedSubnetId(await readState(ctx), vnet, subnet);
      await withSubnetIpam(ctx.services, context, id, subnetUpdate(ctx, vnet, subnet), optText(ctx.params['lock-token']));
      return null;
    },
    async checksAfterParams(ctx) {
      const { vnet, subnet } = ctx.params;
      // a refused VNet or subnet id: nothing to check the values against
      if (vnet === undefined || subnet === undefined) return;
      const state = await readState(ctx);
      checkVnet(ctx, state, vnet, ['SDN.Allocate']);
      return subnetUpdate(ctx, vnet, subnet)(state);
    },
  }),
  route({
    method: 'DELETE',
    path: '/cluster/sdn/vnets/{vnet}/subnets/{subnet}',
    params: { vnet: VNET_ID, subnet: SUBNET_ID, 'lock-token': LOCK_TOKEN },
    async handler(ctx) {
      const { vnet, subnet } = ctx.params;
      checkVnet(ctx, await readState(ctx), vnet, ['SDN.Allocate']);
      const context = 'delete sdn subnet object failed';
      const plan = (state: SdnState) => {
        const id = namedSubnetId(state, vnet, subnet);
        subnetOfVnet(state, vnet, id, 'config');
        return deleteSection(state, 'subnets', id);
      };
      // the IPAM refuses while guests have addresses in the subnet: then the config keeps it too
      const id = namedSubnetId(await readState(ctx), vnet, subnet);
      await withSubnetIpam(ctx.services, context, id, plan, optText(ctx.params['lock-token']));
      return null;
    },
  }),
];

export const VNET_ROUTES: readonly RouteDef[] = [...vnetRoutes, ...subnetRoutes];
