/**
 * The fabric options several protocols share, one schema each (a protocol
 * lists the ones it accepts in its tables), the schema pieces the protocols'
 * own options are made of, and a protocol's section records from its tables.
 * Interfaces, peers and redistributions are property strings whose keys
 * differ per protocol, so those properties carry a schema per section type
 * (`optionalAs`); the kind's schema of them is the plain list.
 */
import type { FabricProtocol, FabricProtocolTables, FabricSectionsOf } from '../model/fabric-kind.js';
import type { ArrayProp, IntegerProp, PropertySchema, PropertyStringSchema, TextProp } from '../model/property-schema.js';

const policyName = '[a-zA-Z0-9](?:[a-zA-Z0-9_-]{0,30}[a-zA-Z0-9])?';
export const routeMapRef = { type: 'string', pattern: policyName, description: 'Name of a route map.' } as const satisfies TextProp;

export const u32 = (description: string) => ({ type: 'integer', minimum: 0, maximum: 4294967295, description }) as const satisfies IntegerProp;
export const cidr4 = { type: 'string', format: 'pve-sdn-cidrv4', optional: true, description: 'IPv4 address with prefix length' } as const satisfies TextProp;
export const cidr6 = { type: 'string', format: 'pve-sdn-cidrv6', optional: true, description: 'IPv6 address with prefix length' } as const satisfies TextProp;
export const ifaceName = { type: 'string', format: 'pve-sdn-iface-name', description: 'Name of the network interface' } as const satisfies TextProp;

/** A list of property strings with these keys. */
export function propertyStrings<K extends PropertyStringSchema>(description: string, keys: K) {
  return { type: 'array', description, items: { type: 'string', properties: keys } } as const satisfies ArrayProp;
}

/** `redistribute` of a protocol that takes routes of `sources`. */
export function redistribution<const S extends readonly string[]>(sources: S) {
  return propertyStrings('Routes of other protocols to redistribute into the fabric.', {
    source: { type: 'string', enum: sources, description: 'The source protocol.' },
    metric: { ...u32('The metric of redistributed routes.'), optional: true },
    'route-map': { ...routeMapRef, optional: true },
  } as const);
}

/** The options several protocols accept (each with its own keys where they are property strings). */
export const sharedFabricProperties = {
  route_filter: { type: 'string', pattern: policyName, description: 'Prefix list of the routes to install (default: the fabric prefixes).' },
  redistribute: { type: 'array', items: { type: 'string' }, description: 'Routes of other protocols to redistribute.' },
  interfaces: { type: 'array', items: { type: 'string' }, description: 'Interfaces of this node in the fabric.' },
  role: { type: 'string', enum: ['internal', 'external'], description: 'internal: a node of this cluster; external: anything else' },
} as const satisfies Readonly<Record<string, PropertySchema>>;

/** Protocol `P`'s fabric and node section records, from its module's tables. */
export type SectionsOf<P extends FabricProtocol, Tables extends FabricProtocolTables> = FabricSectionsOf<P, typeof sharedFabricProperties, Tables>;
