/** Controllers (`controllers.cfg`): evpn, bgp, isis. */
import { POLICY_NAME_PATTERN } from './prefix-list.js';
import { optional, required, type SectionKind } from './section-kind.js';

export const CONTROLLER_TYPES = ['evpn', 'bgp', 'isis'] as const;
export type ControllerType = (typeof CONTROLLER_TYPES)[number];

export const controllerKind: SectionKind<ControllerType> = {
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
};

export interface EvpnController {
  readonly id: string;
  readonly type: 'evpn';
  readonly asn: number;
  readonly peers?: string;
  readonly fabric?: string;
  readonly 'route-map-in'?: string;
  readonly 'route-map-out'?: string;
  readonly 'bgp-mode'?: 'auto' | 'internal' | 'external';
  readonly 'peer-group-name'?: string;
  readonly 'ebgp-multihop'?: number;
  readonly nodes?: readonly string[];
}
export interface BgpController {
  readonly id: string;
  readonly type: 'bgp';
  readonly node: string;
  readonly asn: number;
  readonly peers: string;
  readonly ebgp?: boolean;
  readonly 'ebgp-multihop'?: number;
  readonly loopback?: string;
  readonly 'bgp-multipath-as-path-relax'?: boolean;
  readonly 'route-map-in'?: string;
  readonly 'route-map-out'?: string;
}
export interface IsisController {
  readonly id: string;
  readonly type: 'isis';
  readonly node: string;
  readonly 'isis-domain': string;
  readonly 'isis-net': string;
  readonly 'isis-ifaces': string;
  readonly loopback?: string;
}
export type Controller = EvpnController | BgpController | IsisController;
