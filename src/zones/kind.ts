/**
 * The zone kind (`zones.cfg`) assembled from the zone modules' tables: the
 * common properties (model/zone.ts), the ones several types share
 * (options.ts) and each type's own, and per type its rules. A literal table,
 * so the records the decoder makes from it are the modules' own types
 * (test/model/section-types.test.ts holds them equal).
 */
import type { SectionKind } from '../model/section-kind.js';
import { commonZoneListProperties, commonZoneProperties, commonZoneRules, zoneKindBase } from '../model/zone.js';
import { evpnOptions, type EvpnZone } from './evpn.js';
import { sharedZoneProperties } from './options.js';
import { qinqOptions, type QinqZone } from './qinq.js';
import { simpleOptions, type SimpleZone } from './simple.js';
import { vlanOptions, type VlanZone } from './vlan.js';
import { vxlanOptions, type VxlanZone } from './vxlan.js';

export const zoneKind = {
  ...zoneKindBase,
  listProperties: [...commonZoneListProperties, ...evpnOptions.listProperties],
  properties: {
    ...commonZoneProperties,
    ...sharedZoneProperties,
    ...simpleOptions.properties,
    ...vlanOptions.properties,
    ...qinqOptions.properties,
    ...vxlanOptions.properties,
    ...evpnOptions.properties,
  },
  types: {
    simple: { ...commonZoneRules, ...simpleOptions.rules },
    vlan: { ...commonZoneRules, ...vlanOptions.rules },
    qinq: { ...commonZoneRules, ...qinqOptions.rules },
    vxlan: { ...commonZoneRules, ...vxlanOptions.rules },
    evpn: { ...commonZoneRules, ...evpnOptions.rules },
  },
} as const satisfies SectionKind;

export type ZoneType = keyof typeof zoneKind.types;
export type { EvpnZone, QinqZone, SimpleZone, VlanZone, VxlanZone };
export type Zone = SimpleZone | VlanZone | QinqZone | VxlanZone | EvpnZone;
