/**
 * Fabrics (`fabrics.cfg`): one section per fabric (`openfabric_fabric: uwu`)
 * and one per node in it (`openfabric_node: uwu_pve`), for the protocols
 * OpenFabric, OSPF, BGP (unnumbered) and WireGuard. Property names are the
 * reference's (proxmox-ve-config `sdn::fabric::section_config`), snake_case.
 * Here is what every protocol shares — the kind's id, the properties and
 * rules of every fabric and node section — and the record of a section type
 * from its protocol's tables. The protocols are modules in `fabrics/`, each
 * with its options, and the kind is assembled there (`fabrics/kind.ts`).
 */
import type { PropertySchema, TextProp } from './property-schema.js';
import { optional, type OptionRule, type SectionRecord } from './section-kind.js';

export const FABRIC_PROTOCOLS = ['openfabric', 'ospf', 'bgp', 'wireguard'] as const;
export type FabricProtocol = (typeof FABRIC_PROTOCOLS)[number];

export type FabricSectionType = `${FabricProtocol}_fabric` | `${FabricProtocol}_node`;

const FABRIC_ID = '[a-zA-Z0-9][a-zA-Z0-9-]{0,6}[a-zA-Z0-9]?';
const NODE_ID = '[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?';

/** `uwu_pve` → fabric `uwu`, node `pve` (a fabric id has no `_`); null for a fabric id. */
export function splitNodeSectionId(id: string): { fabric: string; node: string } | null {
  const at = id.indexOf('_');
  return at < 0 ? null : { fabric: id.slice(0, at), node: id.slice(at + 1) };
}

/** The kind's name, file and id, whatever the protocols. */
export const fabricKindBase = {
  name: 'fabrics',
  file: 'fabrics.cfg',
  idProperty: 'id',
  idSchema: { type: 'string', pattern: `${FABRIC_ID}(?:_${NODE_ID})?`, description: 'fabric/node id' },
  displayId: (id: string) => {
    const n = splitNodeSectionId(id);
    return n ? `${n.fabric}/${n.node}` : id;
  },
} as const;

export const nodeIdSchema = { type: 'string', pattern: NODE_ID, description: 'Identifier for nodes in an SDN fabric' } as const satisfies TextProp;

/** The properties of every fabric section (its prefixes) and every node section (its addresses). */
export const commonFabricProperties = {
  ip_prefix: { type: 'string', format: 'pve-sdn-cidrv4', description: 'IPv4 prefix that contains the node addresses.' },
  ip6_prefix: { type: 'string', format: 'pve-sdn-cidrv6', description: 'IPv6 prefix that contains the node addresses.' },
  fabric_id: { type: 'string', format: 'pve-sdn-fabric-id', minLength: 1, maxLength: 8, description: 'Identifier for SDN fabrics' },
  node_id: nodeIdSchema,
  ip: { type: 'string', format: 'ipv4', description: 'IPv4 address (router-id) of this node.' },
  ip6: { type: 'string', format: 'ipv6', description: 'IPv6 address of this node.' },
} as const satisfies Readonly<Record<string, PropertySchema>>;

export const commonFabricRules = { ip_prefix: optional, ip6_prefix: optional } as const satisfies Readonly<Record<string, OptionRule>>;
// fabric_id/node_id: written by early fabric versions; accepted when they repeat the section id
export const commonNodeRules = { ip: optional, ip6: optional, fabric_id: optional, node_id: optional } as const satisfies Readonly<Record<string, OptionRule>>;

/** A protocol's own tables: the properties only it has, and which properties its fabric and its node sections accept beyond the common ones. */
export interface FabricProtocolTables {
  readonly properties: Readonly<Record<string, PropertySchema>>;
  readonly fabric: Readonly<Record<string, OptionRule>>;
  readonly node: Readonly<Record<string, OptionRule>>;
}

type Properties = Readonly<Record<string, PropertySchema>>;
type SectionIn<T extends string, P extends Properties, Rules extends Readonly<Record<string, OptionRule>>> = SectionRecord<{ readonly properties: typeof commonFabricProperties & P; readonly types: { readonly [K in T]: Rules } }, T>;

/**
 * The records of protocol `P`'s fabric and node sections as the decoder
 * makes them: the common properties and those its tables list, with their
 * schemas from `Properties` (the common ones, the ones several protocols
 * share, the protocol's own).
 */
export interface FabricSectionsOf<P extends FabricProtocol, Properties_ extends Properties, Tables extends FabricProtocolTables> {
  readonly fabric: SectionIn<`${P}_fabric`, Properties_ & Tables['properties'], typeof commonFabricRules & Tables['fabric']>;
  readonly node: SectionIn<`${P}_node`, Properties_ & Tables['properties'], typeof commonNodeRules & Tables['node']>;
}
