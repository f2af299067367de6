/**
 * The zone options several types share, one schema each (a type lists the
 * ones it accepts in its rules), and a type's record from its tables.
 */
import type { PropertySchema } from '../model/property-schema.js';
import type { TypeRecord, TypeTables } from '../model/section-kind.js';
import type { ZoneId } from '../model/values.js';
import type { commonZoneProperties, commonZoneRules } from '../model/zone.js';

export const sharedZoneProperties = {
  bridge: { type: 'string', description: 'The bridge for which VLANs should be managed.' },
  'bridge-disable-mac-learning': { type: 'boolean', description: 'Disable auto mac learning.' },
  'vxlan-port': {
    type: 'integer',
    minimum: 1,
    // a UDP port: the reference's schema says 65536, which no socket can use
    maximum: 65535,
    default: 4789,
    description: 'UDP port that should be used for the VXLAN tunnel (default 4789).',
  },
} as const satisfies Readonly<Record<string, PropertySchema>>;

/** Zone type `T`'s record from its module's tables, with the common options (model/zone.ts) and the shared ones; `Values` brands properties, as the decoder does. */
export type ZoneOf<T extends string, Tables extends TypeTables, Values = unknown> = TypeRecord<
  T,
  typeof commonZoneProperties & typeof sharedZoneProperties & Tables['properties'],
  typeof commonZoneRules & Tables['rules'],
  ZoneId,
  Values
>;
