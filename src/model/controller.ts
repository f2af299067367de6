/** Controllers (`controllers.cfg`): evpn, bgp, isis. */
import { POLICY_NAME_PATTERN } from './prefix-list.js';
import { optional, required, type SectionKind, type SectionRecord } from './section-kind.js';
import type { Asn, ControllerId } from './values.js';

export const CONTROLLER_TYPES = ['evpn', 'bgp', 'isis'] as const;
export type ControllerType = (typeof CONTROLLER_TYPES)[number];

export const controllerKind = {
  name: 'controllers',
  file: 'controllers.cfg',
  idProperty: 'controller',
  idSchema: {
    type: 'string',
    description: 'The SDN controller object identifier.',
    pattern: '[a-zA-Z][a-zA-Z0-9_-]*[a-zA-Z0-9]',
    minLength: 2,
    maxLength: 64,
  },
  listProperties: ['nodes'],
  properties: {
    asn: { type: 'integer', minimum: 0, maximum: 4294967295, description: 'autonomous system number' },
    peers: { type: 'string', format: 'ip-list', description: 'peers address list.' },
    fabric: { type: 'string', format: 'pve-sdn-fabric-id', description: 'SDN fabric to use as underlay for this EVPN controller.' },
    node: { type: 'string', format: 'pve-node', description: 'The cluster node name.' },
    loopback: { type: 'string', description: 'source loopback interface.' },
    ebgp: { type: 'boolean', description: 'Enable eBGP (remote-as external).' },
    'ebgp-multihop': { type: 'integer', description: 'Set maximum amount of hops for eBGP peers.' },
    'bgp-multipath-as-path-relax': {
      type: 'boolean',
      description: 'Consider different AS paths of equal length for multipath computation.',
    },
    'route-map-in': { type: 'string', pattern: POLICY_NAME_PATTERN, description: 'Route map for routes received from the peers.' },
    'route-map-out': { type: 'string', pattern: POLICY_NAME_PATTERN, description: 'Route map for routes announced to the peers.' },
    'bgp-mode': {
      type: 'string',
      enum: ['auto', 'internal', 'external'],
      default: 'auto',
      description: 'BGP session type of the EVPN (VTEP) peers: auto keeps the old rule (iBGP unless a BGP controller exists).',
    },
    'peer-group-name': {
      type: 'string',
      pattern: POLICY_NAME_PATTERN,
      default: 'VTEP',
      description: 'Name of the BGP peer group of the EVPN peers; every additional EVPN controller needs its own.',
    },
    nodes: { type: 'string', format: 'pve-node-list', description: 'Nodes where this controller is active (default: all).' },
    'isis-domain': { type: 'string', description: 'Name of the IS-IS domain.' },
    'isis-ifaces': { type: 'string', format: 'pve-iface-list', description: 'Comma-separated list of interfaces where IS-IS should be active.' },
    'isis-net': {
      type: 'string',
      format: 'pve-sdn-isis-net',
      pattern: '[a-fA-F0-9]{2}(\\.[a-fA-F0-9]{4}){3,9}\\.[a-fA-F0-9]{2}',
      minLength: 20,
      maxLength: 50,
      description: 'Network Entity title for this node in the IS-IS network.',
    },
  },
  types: {
    evpn: {
      asn: required,
      peers: optional,
      fabric: optional,
      'route-map-in': optional,
      'route-map-out': optional,
      'bgp-mode': optional,
      'peer-group-name': optional,
      'ebgp-multihop': optional,
      nodes: optional,
    },
    bgp: {
      node: required,
      asn: required,
      peers: required,
      'bgp-multipath-as-path-relax': optional,
      ebgp: optional,
      'ebgp-multihop': optional,
      loopback: optional,
      'route-map-in': optional,
      'route-map-out': optional,
    },
    isis: { 'isis-domain': required, 'isis-net': required, 'isis-ifaces': required, node: required, loopback: optional },
  },
} as const satisfies SectionKind<ControllerType>;

/** A controller of type `T`, as the decoder makes it from the kind's tables. */
type ControllerOf<T extends ControllerType> = SectionRecord<typeof controllerKind, T, ControllerId, { asn: Asn }>;
export type EvpnController = ControllerOf<'evpn'>;
export type BgpController = ControllerOf<'bgp'>;
export type IsisController = ControllerOf<'isis'>;
export type Controller = EvpnController | BgpController | IsisController;
