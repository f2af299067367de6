/** VNets (`vnets.cfg`). */
import { optional, required, sdnIdSchema, type SectionKind, type SectionRecord } from './section-kind.js';
import type { VnetId, ZoneId } from './values.js';

export const vnetKind = {
  name: 'vnets',
  file: 'vnets.cfg',
  idProperty: 'vnet',
  idSchema: sdnIdSchema('vnet', 8),
  properties: {
    zone: { type: 'string', description: 'Name of the zone this VNet belongs to.' },
    tag: {
      type: 'integer',
      minimum: 1,
      maximum: 16777215,
      description: 'VLAN Tag (for VLAN or QinQ zones) or VXLAN VNI (for VXLAN or EVPN zones).',
    },
    vlanaware: { type: 'boolean', description: 'Allow VLANs to pass through this vnet.' },
    alias: {
      type: 'string',
      pattern: '(?:[\\(\\)-_.\\w\\d\\s]{0,256})',
      maxLength: 256,
      description: 'Alias name of the VNet.',
    },
    'isolate-ports': {
      type: 'boolean',
      description: 'If true, sets the isolated property for all interfaces on the bridge of this VNet.',
    },
  },
  types: {
    vnet: { zone: required, tag: optional, alias: optional, vlanaware: optional, 'isolate-ports': optional },
  },
} as const satisfies SectionKind<'vnet'>;

/** A VNet as the decoder makes it: its zone is a zone's id. */
export type Vnet = SectionRecord<typeof vnetKind, 'vnet', VnetId, { zone: ZoneId }>;
