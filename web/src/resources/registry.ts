/**
 * The resources the panels list and edit, each bound to its section kind in
 * the server's schema and to its API paths. A resource's "choices" are the
 * section types offered on create, with the parameter that selects one
 * (`type` for zones, `protocol` for fabrics, nothing for VNets).
 */
import type { PropertySchema } from '../../../src/model/property-schema';
import type { ParamValue } from '../api/client';
import type { SchemaKind } from '../api/schema';
import type { SectionRow } from '../api/types';

export type ResourceKey = 'zones' | 'vnets' | 'subnets' | 'controllers' | 'ipams' | 'dns' | 'prefix-lists' | 'route-maps' | 'fabrics' | 'fabric-nodes';

/** One section type a create form may make, and the parameters that select it. */
export interface TypeChoice {
  readonly sectionType: string;
  readonly label: string;
  readonly params: Readonly<Record<string, string>>;
}

export interface ResourceDef {
  readonly key: ResourceKey;
  readonly title: string;
  /** singular, for buttons and messages */
  readonly noun: string;
  /** section kind in /sdn-schema.json */
  readonly kind: string;
  /** the API parameter that names one */
  readonly idParam: string;
  /** the id field's schema when the API's differs from the kind's (a subnet is created by its CIDR) */
  readonly idSchema?: PropertySchema;
  /** part of the running config: edits stay pending until applied */
  readonly applied: boolean;
  /** properties the forms do not show (given by the path, or derived) */
  readonly hidden: readonly string[];
  /** properties shown as table columns */
  readonly columns: readonly string[];
  /** a parent's id (the VNet of subnets, the fabric of fabric nodes) */
  readonly parentLabel?: string;
  /** a second part of the id, given with `idParam` on create and fixed after (a route map entry's `order`) */
  readonly idPart?: { readonly name: string; readonly schema: PropertySchema };
  /** the collection: listed with GET, created in with POST */
  list(parent: string | undefined): string;
  /** what the list's GET adds to ask for every property (a prefix list's `verbose`) */
  readonly listParams?: Readonly<Record<string, ParamValue>>;
  /** the list of the names other sections refer to (`{ id }` rows), when not the rows' ids (route maps: their entries are listed) */
  readonly names?: string;
  item(id: string, parent: string | undefined): string;
  choices(kind: SchemaKind, parent: SectionRow | undefined): readonly TypeChoice[];
  /** the choice an existing row was made with */
  choiceOf(row: SectionRow, kind: SchemaKind): TypeChoice | undefined;
  /** updates repeat the choice's parameters (a fabric's `protocol`); elsewhere the type cannot be given again */
  readonly updateWithChoice: boolean;
  /** the id to show and to put in item paths */
  idOf(row: SectionRow): string;
}

/** the collection's path (under its parent's when it has one) and its items' */
function collection(base: (parent: string | undefined) => string): Pick<ResourceDef, 'list' | 'item'> {
  return { list: base, item: (id, parent) => `${base(parent)}/${encodeURIComponent(id)}` };
}
const enc = (parent: string | undefined) => encodeURIComponent(parent ?? '');

const typeChoices = (kind: SchemaKind): TypeChoice[] => Object.keys(kind.types).map((t) => ({ sectionType: t, label: t, params: { type: t } }));
const onlyType = (kind: SchemaKind): TypeChoice[] => Object.keys(kind.types).map((t) => ({ sectionType: t, label: t, params: {} }));
const rowType = (row: SectionRow): string => String(row.type ?? row.pending?.type ?? '');
const byType = (choices: readonly TypeChoice[], type: string) => choices.find((c) => c.sectionType === type);

/** Fabric section types are `<protocol>_fabric` and `<protocol>_node`; the API names the protocol. */
function protocolChoices(kind: SchemaKind, suffix: '_fabric' | '_node', only?: string): TypeChoice[] {
  return Object.keys(kind.types)
    .filter((t) => t.endsWith(suffix))
    .map((t) => ({ sectionType: t, label: t.slice(0, -suffix.length), params: { protocol: t.slice(0, -suffix.length) } }))
    .filter((c) => only === undefined || c.params.protocol === only);
}

interface SetOptions {
  readonly key: ResourceKey;
  readonly title: string;
  readonly noun: string;
  readonly idParam: string;
  readonly applied: boolean;
  readonly columns: readonly string[];
  readonly typed: boolean;
}

/** A resource under `/cluster/sdn/<set>` with the common create/read/update/delete shape. */
function sectionSet(o: SetOptions): ResourceDef {
  const choices = (kind: SchemaKind) => (o.typed ? typeChoices(kind) : onlyType(kind));
  return {
    key: o.key,
    title: o.title,
    noun: o.noun,
    kind: o.key,
    idParam: o.idParam,
    applied: o.applied,
    hidden: [],
    columns: o.columns,
    ...collection(() => `/cluster/sdn/${o.key}`),
    choices,
    choiceOf: (row, kind) => byType(choices(kind), rowType(row)),
    updateWithChoice: false,
    idOf: (row) => String(row[o.idParam] ?? ''),
  };
}

export const ZONES = sectionSet({ key: 'zones', title: 'Zones', noun: 'zone', idParam: 'zone', applied: true, columns: ['type', 'nodes', 'ipam', 'mtu', 'dhcp'], typed: true });
export const CONTROLLERS = sectionSet({ key: 'controllers', title: 'Controllers', noun: 'controller', idParam: 'controller', applied: true, columns: ['type', 'asn', 'peers', 'fabric', 'node'], typed: true });
export const IPAMS = sectionSet({ key: 'ipams', title: 'IPAM', noun: 'IPAM', idParam: 'ipam', applied: false, columns: ['type', 'url', 'section'], typed: true });
export const DNS = sectionSet({ key: 'dns', title: 'DNS', noun: 'DNS server', idParam: 'dns', applied: false, columns: ['type', 'url', 'ttl'], typed: true });
export const PREFIX_LISTS: ResourceDef = {
  ...sectionSet({ key: 'prefix-lists', title: 'Prefix lists', noun: 'prefix list', idParam: 'id', applied: true, columns: ['entries'], typed: false }),
  listParams: { verbose: 1 },
};

/** `<map>/<order>`, the id the panel shows and the item path takes; a new entry's ids are among its pending values. */
function routeMapEntryId(row: SectionRow): string {
  const ids = row['route-map-id'] === undefined ? (row.pending ?? {}) : row;
  return `${String(ids['route-map-id'] ?? '')}/${String(ids.order ?? '')}`;
}

/** Route map entries, as Proxmox VE's API has them: listed and created under `/cluster/sdn/route-maps/entries`, each `…/{map}/entry/{order}`. */
export const ROUTE_MAPS: ResourceDef = {
  key: 'route-maps',
  title: 'Route maps',
  noun: 'route map entry',
  kind: 'route-maps',
  idParam: 'route-map-id',
  // the form shows its description; the server checks the name
  idSchema: { type: 'string', description: 'The route map the entry belongs to.' },
  idPart: { name: 'order', schema: { type: 'integer', minimum: 1, maximum: 65535, description: 'The entry\'s place in the route map (FRR evaluates entries by order).' } },
  applied: true,
  hidden: [],
  columns: ['action', 'match', 'set', 'call', 'exit-action'],
  list: () => '/cluster/sdn/route-maps/entries',
  item: (id) => {
    const at = id.lastIndexOf('/');
    return `/cluster/sdn/route-maps/entries/${encodeURIComponent(id.slice(0, at))}/entry/${encodeURIComponent(id.slice(at + 1))}`;
  },
  names: '/cluster/sdn/route-maps',
  choices: onlyType,
  choiceOf: (_row, kind) => onlyType(kind)[0],
  updateWithChoice: false,
  idOf: routeMapEntryId,
};
export const VNETS = sectionSet({ key: 'vnets', title: 'VNets', noun: 'VNet', idParam: 'vnet', applied: true, columns: ['zone', 'tag', 'alias', 'vlanaware'], typed: false });

export const SUBNETS: ResourceDef = {
  key: 'subnets',
  title: 'Subnets',
  noun: 'subnet',
  kind: 'subnets',
  idParam: 'subnet',
  idSchema: { type: 'string', format: 'CIDR', description: 'The subnet as a CIDR, e.g. 10.0.1.0/24.' },
  applied: true,
  hidden: ['vnet'],
  columns: ['cidr', 'gateway', 'snat', 'dhcp-range'],
  parentLabel: 'VNet',
  ...collection((vnet) => `/cluster/sdn/vnets/${enc(vnet)}/subnets`),
  choices: onlyType,
  choiceOf: (_row, kind) => onlyType(kind)[0],
  updateWithChoice: false,
  idOf: (row) => String(row.subnet ?? ''),
};

export const FABRICS: ResourceDef = {
  key: 'fabrics',
  title: 'Fabrics',
  noun: 'fabric',
  kind: 'fabrics',
  idParam: 'id',
  applied: true,
  hidden: ['fabric_id', 'node_id'],
  columns: ['protocol', 'ip_prefix', 'ip6_prefix', 'area'],
  ...collection(() => '/cluster/sdn/fabrics/fabric'),
  choices: (kind) => protocolChoices(kind, '_fabric'),
  choiceOf: (row, kind) => protocolChoices(kind, '_fabric', String(row.protocol))[0],
  updateWithChoice: true,
  idOf: (row) => String(row.id ?? ''),
};

export const FABRIC_NODES: ResourceDef = {
  key: 'fabric-nodes',
  title: 'Fabric nodes',
  noun: 'fabric node',
  kind: 'fabrics',
  idParam: 'node_id',
  applied: true,
  hidden: ['fabric_id', 'node_id'],
  columns: ['ip', 'ip6', 'role', 'asn', 'interfaces'],
  parentLabel: 'Fabric',
  ...collection((fabric) => `/cluster/sdn/fabrics/node/${enc(fabric)}`),
  choices: (kind, fabric) => protocolChoices(kind, '_node', fabric ? String(fabric.protocol) : undefined),
  choiceOf: (row, kind) => protocolChoices(kind, '_node', String(row.protocol))[0],
  updateWithChoice: true,
  idOf: (row) => String(row.node_id ?? ''),
};

/**
 * Properties that name another object: their fields suggest the existing
 * ones (the server still checks the reference).
 */
export const REFERENCES: Readonly<Record<string, ResourceKey | 'nodes'>> = {
  zone: 'zones',
  vnet: 'vnets',
  ipam: 'ipams',
  dns: 'dns',
  reversedns: 'dns',
  controller: 'controllers',
  fabric: 'fabrics',
  route_filter: 'prefix-lists',
  route_map_in: 'route-maps',
  route_map_out: 'route-maps',
  'route-map-in': 'route-maps',
  'route-map-out': 'route-maps',
  'exitnodes-primary': 'nodes',
  node: 'nodes',
  node_id: 'nodes',
};
