/**
 * Zones (`zones.cfg`): what every zone type shares — the kind's file and id,
 * the properties and rules of every type. The types themselves are modules in
 * `zones/`, each with its options, and the kind is assembled there
 * (`zones/kind.ts`).
 */
import type { PropertySchema } from './property-schema.js';
import { optional, sdnIdSchema, type OptionRule } from './section-kind.js';

/** The kind's name, file and id, whatever the types. */
export const zoneKindBase = {
  name: 'zones',
  file: 'zones.cfg',
  idProperty: 'zone',
  idSchema: sdnIdSchema('zone', 8),
} as const;

/** The properties every zone type has. */
export const commonZoneProperties = {
  nodes: { type: 'string', format: 'pve-node-list', description: 'List of cluster node names.' },
  ipam: { type: 'string', description: 'use a specific ipam' },
  dns: { type: 'string', description: 'dns api server' },
  reversedns: { type: 'string', description: 'reverse dns api server' },
  dnszone: { type: 'string', format: 'dns-name', description: 'dns domain zone  ex: mydomain.com' },
  dhcp: { type: 'string', enum: ['dnsmasq'], description: 'Type of the DHCP backend for this zone' },
  mtu: { type: 'integer', description: 'MTU of the zone, will be used for the created VNet bridges.' },
} as const satisfies Readonly<Record<string, PropertySchema>>;

export const commonZoneRules = {
  nodes: optional,
  mtu: optional,
  dns: optional,
  reversedns: optional,
  dnszone: optional,
  ipam: optional,
  // Weft serves DHCP in any zone whose VNets have their gateway on the node (the reference: simple zones only)
  dhcp: optional,
} as const satisfies Readonly<Record<string, OptionRule>>;

/** The properties the running config gives as a `{name: 1}` set, besides a type's own. */
export const commonZoneListProperties = ['nodes'] as const;
