/** Zones (`zones.cfg`): the reference's properties, per-type options and typed shapes. */
import { optional, required, sdnIdSchema, type SectionKind, type SectionRecord } from './section-kind.js';
import type { ControllerId, Vni, ZoneId } from './values.js';

export const ZONE_TYPES = ['simple', 'vlan', 'qinq', 'vxlan', 'evpn'] as const;
export type ZoneType = (typeof ZONE_TYPES)[number];

const common = {
  nodes: optional,
  mtu: optional,
  dns: optional,
  reversedns: optional,
  dnszone: optional,
  ipam: optional,
  // Weft serves DHCP in any zone whose VNets have their gateway on the node (the reference: simple zones only)
  dhcp: optional,
} as const;

export const zoneKind = {
  name: 'zones',
  file: 'zones.cfg',
  idProperty: 'zone',
  idSchema: sdnIdSchema('zone', 8),
  listProperties: ['nodes', 'exitnodes'],
  properties: {
    nodes: { type: 'string', format: 'pve-node-list', description: 'List of cluster node names.' },
    ipam: { type: 'string', description: 'use a specific ipam' },
    dns: { type: 'string', description: 'dns api server' },
    reversedns: { type: 'string', description: 'reverse dns api server' },
    dnszone: { type: 'string', format: 'dns-name', description: 'dns domain zone  ex: mydomain.com' },
    dhcp: { type: 'string', enum: ['dnsmasq'], description: 'Type of the DHCP backend for this zone' },
    mtu: { type: 'integer', description: 'MTU of the zone, will be used for the created VNet bridges.' },
    bridge: { type: 'string', description: 'The bridge for which VLANs should be managed.' },
    'bridge-disable-mac-learning': { type: 'boolean', description: 'Disable auto mac learning.' },
    tag: { type: 'integer', minimum: 0, description: 'Service-VLAN Tag (outer VLAN)' },
    'vlan-protocol': {
      type: 'string',
      enum: ['802.1q', '802.1ad'],
      default: '802.1q',
      description: 'Which VLAN protocol should be used for the creation of the QinQ zone.',
    },
    peers: {
      type: 'string',
      format: 'ip-list',
      description: 'Comma-separated list of peers, that are part of the VXLAN zone. Usually the IPs of the nodes.',
    },
    'vxlan-port': {
      type: 'integer',
      minimum: 1,
      // a UDP port: the reference's schema says 65536, which no socket can use
      maximum: 65535,
      default: 4789,
      description: 'UDP port that should be used for the VXLAN tunnel (default 4789).',
    },
    fabric: { type: 'string', format: 'pve-sdn-fabric-id', description: 'SDN fabric to use as underlay for this VXLAN zone.' },
    'vrf-vxlan': { type: 'integer', minimum: 1, maximum: 16777215, description: 'VNI for the zone VRF.' },
    controller: { type: 'string', description: 'Controller for this zone.' },
    'secondary-controllers': {
      type: 'array',
      items: { type: 'string', pattern: '[a-zA-Z][a-zA-Z0-9_-]*[a-zA-Z0-9]' },
      description: 'Additional EVPN controllers that announce the EVPN routes of this zone.',
    },
    mac: { type: 'string', format: 'mac-addr', description: 'Anycast logical router mac address.' },
    exitnodes: { type: 'string', format: 'pve-node-list', description: 'List of cluster node names.' },
    'exitnodes-local-routing': { type: 'boolean', description: 'Allow exitnodes to connect to EVPN guests.' },
    'exitnodes-primary': { type: 'string', format: 'pve-node', description: 'Force traffic through this exitnode first.' },
    'advertise-subnets': {
      type: 'boolean',
      description: 'Advertise IP prefixes (Type-5 routes) instead of MAC/IP pairs (Type-2 routes).',
    },
    'disable-arp-nd-suppression': { type: 'boolean', description: 'Suppress IPv4 ARP && IPv6 Neighbour Discovery messages.' },
    'rt-import': {
      type: 'string',
      format: 'pve-sdn-bgp-rt-list',
      description: 'List of Route Targets that should be imported into the VRF of the zone.',
    },
  },
  types: {
    simple: { ...common },
    vlan: { ...common, bridge: required, 'bridge-disable-mac-learning': optional },
    qinq: { ...common, tag: required, bridge: required, 'bridge-disable-mac-learning': optional, 'vlan-protocol': optional },
    vxlan: { ...common, peers: optional, 'vxlan-port': optional, fabric: optional },
    evpn: {
      ...common,
      'vrf-vxlan': required,
      controller: required,
      'secondary-controllers': optional,
      exitnodes: optional,
      'exitnodes-local-routing': optional,
      'exitnodes-primary': optional,
      'advertise-subnets': optional,
      'disable-arp-nd-suppression': optional,
      'bridge-disable-mac-learning': optional,
      'rt-import': optional,
      'vxlan-port': optional,
      mac: optional,
    },
  },
} as const satisfies SectionKind<ZoneType>;

/** A zone of type `T`, as the decoder makes it from the kind's tables. */
type ZoneOf<T extends ZoneType> = SectionRecord<typeof zoneKind, T, ZoneId, { 'vrf-vxlan': Vni; controller: ControllerId; 'secondary-controllers': readonly ControllerId[] }>;
export type SimpleZone = ZoneOf<'simple'>;
export type VlanZone = ZoneOf<'vlan'>;
export type QinqZone = ZoneOf<'qinq'>;
export type VxlanZone = ZoneOf<'vxlan'>;
export type EvpnZone = ZoneOf<'evpn'>;
export type Zone = SimpleZone | VlanZone | QinqZone | VxlanZone | EvpnZone;
