/**
 * The controller options several types share, one schema each (a type lists
 * the ones it accepts in its rules), and a type's record from its tables.
 */
import { POLICY_NAME_PATTERN } from '../model/prefix-list.js';
import type { PropertySchema } from '../model/property-schema.js';
import type { TypeRecord, TypeTables } from '../model/section-kind.js';
import type { Asn, ControllerId } from '../model/values.js';

export const sharedControllerProperties = {
  asn: { type: 'integer', minimum: 0, maximum: 4294967295, description: 'autonomous system number' },
  peers: { type: 'string', format: 'ip-list', description: 'peers address list.' },
  node: { type: 'string', format: 'pve-node', description: 'The cluster node name.' },
  loopback: { type: 'string', description: 'source loopback interface.' },
  'ebgp-multihop': { type: 'integer', description: 'Set maximum amount of hops for eBGP peers.' },
  'route-map-in': { type: 'string', pattern: POLICY_NAME_PATTERN, description: 'Route map for routes received from the peers.' },
  'route-map-out': { type: 'string', pattern: POLICY_NAME_PATTERN, description: 'Route map for routes announced to the peers.' },
} as const satisfies Readonly<Record<string, PropertySchema>>;

/** Controller type `T`'s record from its module's tables: a controller id, an ASN branded. */
export type ControllerOf<T extends string, Tables extends TypeTables> = TypeRecord<T, typeof sharedControllerProperties & Tables['properties'], Tables['rules'], ControllerId, { asn: Asn }>;
