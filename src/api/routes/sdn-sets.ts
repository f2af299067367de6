/**
 * The section-set resources that share one shape: list (filtered by what
 * the caller may see), read, create, update, delete, with pending/running
 * reads, digests and the lock token. Zones, controllers, IPAMs and DNS
 * servers use it directly; VNets and subnets add their zone-based
 * permissions on top (sdn-vnets.ts). Prefix lists and route maps have the
 * reference's own shapes (prefix-lists.ts, route-maps.ts).
 */
import type { PropertySchema, TextProp } from '../../model/property-schema.js';
import { splitList } from '../../model/formats.js';
import { SETS, type SetName, type SetType } from '../../sdn/kinds.js';
import { ParamError, SdnError } from '../../util/errors.js';
import type { SdnState } from '../../sdn/state.js';
import { createSection, deleteSection, objectName, updateSection } from '../../sdn/edit.js';
import type { SectionRow } from '../../sdn/section-row.js';
import { apiList, apiSection, sectionView, setView, type ReadMode } from '../../sdn/views.js';
import { REQUIRED } from '../../model/schema.js';
import { SECTION_KINDS } from '../../sections/kinds.js';
import { typeNames } from '../../model/section-kind.js';
import { DELETE_LIST, DIGEST, LOCK_TOKEN, PENDING, RUNNING, type CheckedParams, type ParamSchemas } from '../params.js';
import type { PermCheck } from '../perm-check.js';
import { listAnswer } from '../list-answer.js';
import { route, type CheckCtx, type RouteDef } from '../route.js';
import { optText, readState, sdnWrite } from './sdn-tx.js';

/** which config a read shows: `pending=1`, `running=1`, or the edited one */
export function modeOf(params: { readonly pending?: boolean; readonly running?: boolean }): ReadMode {
  return params.pending ? 'pending' : params.running ? 'running' : 'config';
}

/** A set's property schemas, each made optional: the reference's create/update schemas, with their literal types. */
export type SetPropertySchemas<S extends SetName> = {
  readonly [N in keyof (typeof SECTION_KINDS)[S]['properties']]: AsOptional<(typeof SECTION_KINDS)[S]['properties'][N]>;
};
type AsOptional<P> = P extends PropertySchema ? Omit<P, 'optional'> & { readonly optional: true } : never;

/** Every property of the set, optional: the reference's create/update schemas. */
export function propertySchemas<S extends SetName>(set: S): SetPropertySchemas<S> {
  const out: Record<string, PropertySchema> = {};
  for (const [k, p] of Object.entries(SETS[set].kind.properties)) out[k] = { ...p, optional: true };
  // each of the kind's properties, made optional: what the type says of them
  return out as SetPropertySchemas<S>;
}

/**
 * A section set's create or update parameters: every property of the set
 * (optional), then the route's own (ids, control parameters, a property made
 * required; one named again keeps its place). The handler sees them all
 * typed by their schemas (route()): the set's properties as their kind's
 * schemas decode them, which `sectionParams` hands to the section.
 */
export function withSetProperties<S extends SetName, const O extends ParamSchemas>(set: S, own: O): Omit<SetPropertySchemas<S>, keyof O> & O {
  return { ...propertySchemas(set), ...own };
}

/** A set's `type` parameter: one of its kind's types, so a handler reads it as their union. */
export function typeSchema<S extends SetName, O extends boolean>(set: S, optional: O): Omit<TextProp, 'optional' | 'enum'> & { readonly enum: readonly SetType<S>[]; readonly optional: O } {
  return { type: 'string', enum: typeNames(SECTION_KINDS[set]), description: 'Plugin type.', optional };
}

export function idSchema(set: SetName): Omit<TextProp, 'optional'> & { readonly optional: false } {
  return { ...SETS[set].kind.idSchema, optional: false };
}

/** The parameters that steer an edit rather than give the section's values. */
interface ControlParams {
  readonly 'lock-token'?: unknown;
  readonly digest?: unknown;
  readonly delete?: unknown;
  readonly type?: unknown;
}

/** The values to store: every parameter but the control parameters and the section's id (`id`, its parameter's name). */
export function sectionParams<P extends ControlParams, I extends keyof P & string>(params: P, id: I): Omit<P, keyof ControlParams | I> {
  const { 'lock-token': _lockToken, digest: _digest, delete: _delete, type: _type, [id]: _id, ...values } = params;
  return values;
}

/**
 * The id of a section being created: the one given, or, when it was refused
 * (only the checks after the parameters see that), a free stand-in of a
 * form every set's id accepts, so that the checks not about the id still run.
 */
export function newId(given: string | undefined, state: SdnState, set: SetName): string {
  if (given !== undefined) return given;
  let n = 0;
  while (state.files[set].sections.has(`x${n}`)) n++;
  return `x${n}`;
}

/**
 * The section id a set's route names: its parameter's name is the set's
 * (`zone`, `controller`, …), known when the table is built, not to the types.
 */
function sectionIdIn(set: SetName, params: CheckedParams): string | undefined {
  const key = SETS[set].kind.idProperty;
  const id = params[key];
  return typeof id === 'string' ? id : undefined;
}

/** the id of a section being read or changed: there, or refused (only the checks after the parameters miss it) */
function givenId(set: SetName, params: CheckedParams): string {
  const id = sectionIdIn(set, params);
  if (id === undefined) throw new ParamError({ [SETS[set].kind.idProperty]: REQUIRED });
  return id;
}

/** Who may see and change a set's sections: the reference's rules, `{id}` being the section's id parameter. */
export interface SetAcl {
  /** ACL path of one section, for filtering the list (SDN.Audit or SDN.Allocate there) */
  readonly item: (id: string) => string;
  readonly read: PermCheck;
  readonly create: PermCheck;
  /** update and delete */
  readonly change: PermCheck;
}

export function setRoutes<S extends SetName>(set: S, base: string, acl: SetAcl): RouteDef[] {
  // the properties as any set's: their parameter names come from a table (the id's is the set's), not from the types
  const anySet: SetName = set;
  const idParam = SETS[set].kind.idProperty;
  const name = objectName(set);
  const itemPath = `${base}/{${idParam}}`;
  const createParams = withSetProperties(anySet, { [idParam]: idSchema(set), type: typeSchema(set, false), 'lock-token': LOCK_TOKEN });
  const updateParams = withSetProperties(anySet, { [idParam]: idSchema(set), digest: DIGEST, delete: DELETE_LIST, 'lock-token': LOCK_TOKEN });
  const create = (ctx: CheckCtx<typeof createParams>) => (state: SdnState) =>
    createSection(state, set, newId(sectionIdIn(set, ctx.params), state, set), ctx.params.type ?? '', sectionParams(ctx.params, idParam));
  const update = (ctx: CheckCtx<typeof updateParams>) => (state: SdnState) =>
    updateSection(state, set, givenId(set, ctx.params), sectionParams(ctx.params, idParam), splitList(optText(ctx.params.delete) ?? ''), optText(ctx.params.digest));
  return [
    route({
      method: 'GET',
      path: base,
      params: { running: RUNNING, pending: PENDING, type: typeSchema(set, true) },
      async handler(ctx) {
        const view = setView(await readState(ctx), set, modeOf(ctx.params));
        const idProperty = SETS[set].kind.idProperty;
        const type = ctx.params.type;
        const keep = (s: SectionRow) => ctx.can(acl.item(String(s[idProperty])), ['SDN.Audit', 'SDN.Allocate'], true) && (!type || s.type === type);
        return listAnswer(ctx, apiList(set, view), type ?? '', keep);
      },
    }),
    route({
      method: 'GET',
      path: itemPath,
      params: { [idParam]: idSchema(set), running: RUNNING, pending: PENDING },
      permission: acl.read,
      async handler(ctx) {
        const id = givenId(set, ctx.params);
        const { section, digest } = sectionView(await readState(ctx), set, modeOf(ctx.params), id);
        if (!section) throw new SdnError(`sdn ${name} '${id}' does not exist`, 'not-found');
        return apiSection(set, id, section, digest);
      },
    }),
    route({
      method: 'POST',
      path: base,
      params: createParams,
      permission: acl.create,
      async handler(ctx) {
        await sdnWrite(ctx.services, optText(ctx.params['lock-token']), `create sdn ${name} object failed`, (state) => ({ writes: create(ctx)(state), result: null }));
        return null;
      },
      checksAfterParams: async (ctx) => create(ctx)(await readState(ctx)),
    }),
    route({
      method: 'PUT',
      path: itemPath,
      params: updateParams,
      permission: acl.change,
      async handler(ctx) {
        await sdnWrite(ctx.services, optText(ctx.params['lock-token']), `update sdn ${name} object failed`, (state) => ({ writes: update(ctx)(state), result: null }));
        return null;
      },
      checksAfterParams: async (ctx) => update(ctx)(await readState(ctx)),
    }),
    route({
      method: 'DELETE',
      path: itemPath,
      params: { [idParam]: idSchema(set), 'lock-token': LOCK_TOKEN },
      permission: acl.change,
      async handler(ctx) {
        const id = givenId(set, ctx.params);
        await sdnWrite(ctx.services, optText(ctx.params['lock-token']), `delete sdn ${name} object failed`, (state) => ({
          writes: deleteSection(state, set, id),
          result: null,
        }));
        return null;
      },
    }),
  ];
}

const ALLOCATE = ['SDN.Allocate'];

/** Controllers, IPAMs, DNS: reading one needs SDN.Allocate on it, changes on the whole kind (the reference's rules). */
const allocated = <S extends SetName>(set: S, aclBase: string): RouteDef[] =>
  setRoutes(set, `/cluster/sdn/${set}`, {
    item: (id) => `${aclBase}/${id}`,
    read: { path: `${aclBase}/{${SETS[set].kind.idProperty}}`, privs: ALLOCATE },
    create: { path: aclBase, privs: ALLOCATE },
    change: { path: aclBase, privs: ALLOCATE },
  });

export const SIMPLE_SET_ROUTES: readonly RouteDef[] = [
  // zones: create needs SDN.Allocate on /sdn/zones, reads and edits on the zone itself
  ...setRoutes('zones', '/cluster/sdn/zones', {
    item: (id) => `/sdn/zones/${id}`,
    read: { path: '/sdn/zones/{zone}', privs: ALLOCATE },
    create: { path: '/sdn/zones', privs: ALLOCATE },
    change: { path: '/sdn/zones/{zone}', privs: ALLOCATE },
  }),
  ...allocated('controllers', '/sdn/controllers'),
  ...allocated('ipams', '/sdn/ipams'),
  ...allocated('dns', '/sdn/dns'),
];
