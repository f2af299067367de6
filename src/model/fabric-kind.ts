/**
 * Fabrics (`fabrics.cfg`): one section per fabric (`openfabric_fabric: uwu`)
 * and one per node in it (`openfabric_node: uwu_pve`), for the protocols
 * OpenFabric, OSPF, BGP (unnumbered) and WireGuard. Property names are the
 * reference's (proxmox-ve-config `sdn::fabric::section_config`), snake_case.
 * Interfaces, peers and redistributions are property strings whose keys
 * differ per protocol, so those properties carry a schema per section type.
 */
import type { ArrayProp, IntegerProp, PropertyStringSchema, StringProp, TextProp } from './property-schema.js';
import { optional, optionalAs, required, type SectionKind, type SectionRecord } from './section-kind.js';

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

const fabricIdSchema = {
  type: 'string',
  format: 'pve-sdn-fabric-id',
  minLength: 1,
  maxLength: 8,
  description: 'Identifier for SDN fabrics',
} as const satisfies TextProp;
const nodeIdSchema = { type: 'string', pattern: NODE_ID, description: 'Identifier for nodes in an SDN fabric' } as const satisfies TextProp;
const prefixListRef = { type: 'string', pattern: '[a-zA-Z0-9](?:[a-zA-Z0-9_-]{0,30}[a-zA-Z0-9])?', description: 'Name of a prefix list.' } as const satisfies TextProp;
const routeMapRef = { ...prefixListRef, description: 'Name of a route map.' } as const satisfies TextProp;
const u32 = (description: string) => ({ type: 'integer', minimum: 0, maximum: 4294967295, description }) as const satisfies IntegerProp;
const cidr4 = { type: 'string', format: 'pve-sdn-cidrv4', optional: true, description: 'IPv4 address with prefix length' } as const satisfies TextProp;
const cidr6 = { type: 'string', format: 'pve-sdn-cidrv6', optional: true, description: 'IPv6 address with prefix length' } as const satisfies TextProp;
const cidrList = { type: 'array', optional: true, items: { type: 'string', format: 'pve-sdn-cidr' }, description: 'A list of CIDRs.' } as const satisfies ArrayProp;
const ifaceName = { type: 'string', format: 'pve-sdn-iface-name', description: 'Name of the network interface' } as const satisfies TextProp;
const wgIfaceName = {
  type: 'string',
  pattern: '[a-zA-Z0-9][a-zA-Z0-9-]{0,6}[a-zA-Z0-9]?',
  minLength: 1,
  maxLength: 8,
  description: 'Name of a WireGuard interface (also the name of its config file).',
} as const satisfies TextProp;
const wgKey = { type: 'string', format: 'wireguard-key', description: 'A WireGuard key (base64).' } as const satisfies TextProp;
const endpoint = { type: 'string', format: 'pve-sdn-endpoint', description: 'Host name or IP address, optionally with :port.' } as const satisfies TextProp;
const role = { type: 'string', enum: ['internal', 'external'], description: 'internal: a node of this cluster; external: anything else' } as const satisfies TextProp;

function propertyStrings<K extends PropertyStringSchema>(description: string, keys: K) {
  return { type: 'array', description, items: { type: 'string', properties: keys } } as const satisfies ArrayProp;
}

function redistribution<const S extends readonly string[]>(sources: S) {
  return propertyStrings('Routes of other protocols to redistribute into the fabric.', {
    source: { type: 'string', enum: sources, description: 'The source protocol.' },
    metric: { ...u32('The metric of redistributed routes.'), optional: true },
    'route-map': { ...routeMapRef, optional: true },
  } as const);
}

const openfabricInterfaces = propertyStrings('OpenFabric interfaces', {
  name: ifaceName,
  hello_multiplier: { type: 'integer', minimum: 2, maximum: 100, optional: true, description: 'Missed hellos before the adjacency is down.' },
  ip: cidr4,
  ip6: cidr6,
} as const);
const ospfInterfaces = propertyStrings('OSPF interfaces', {
  name: ifaceName,
  ip: cidr4,
  network_type: { type: 'string', enum: ['broadcast', 'non-broadcast', 'point-to-point', 'point-to-multipoint'], optional: true, description: 'OSPF network type.' },
} as const);
const bgpInterfaces = propertyStrings('BGP unnumbered interfaces', { name: ifaceName } as const);
/**
 * An internal node's interface. `public_key` is the server's: it generates the
 * interface's private key (kept in `priv/sdn/wg-keys.cfg`) and writes the
 * matching public key here, so a create or update may leave it out (or repeat
 * the current value); a file without it does not build (see fabric-build).
 */
export const wireguardInterface = {
  type: 'string',
  description: 'A WireGuard interface.',
  properties: {
    name: wgIfaceName,
    listen_port: { type: 'integer', minimum: 1, maximum: 65535, description: 'UDP port WireGuard listens on.' },
    public_key: { ...wgKey, optional: true, description: 'Public key of the interface, set by the server from the private key it generated (read-only).' },
    ip: cidr4,
    ip6: cidr6,
    ip6_ll: { type: 'boolean', optional: true, description: 'Give the interface an IPv6 link-local address.' },
  },
} as const satisfies StringProp;
const wireguardInterfaces = { type: 'array', description: 'WireGuard interfaces', items: wireguardInterface } as const satisfies ArrayProp;
const wireguardPeers = propertyStrings('WireGuard peers', {
  type: { type: 'string', enum: ['internal', 'external'], description: 'Peer with an internal or an external node.' },
  node: nodeIdSchema,
  node_iface: { ...wgIfaceName, optional: true },
  iface: wgIfaceName,
  endpoint: { ...endpoint, optional: true },
  allowed_ips: cidrList,
  skip_route_generation: { type: 'boolean', optional: true, description: 'Do not route the allowed IPs over the interface.' },
} as const);

const fabricCommon = { ip_prefix: optional, ip6_prefix: optional } as const;
// fabric_id/node_id: written by early fabric versions; accepted when they repeat the section id
const nodeCommon = { ip: optional, ip6: optional, fabric_id: optional, node_id: optional } as const;

export const fabricKind = {
  name: 'fabrics',
  file: 'fabrics.cfg',
  idProperty: 'id',
  idSchema: { type: 'string', pattern: `${FABRIC_ID}(?:_${NODE_ID})?`, description: 'fabric/node id' },
  displayId: (id: string) => {
    const n = splitNodeSectionId(id);
    return n ? `${n.fabric}/${n.node}` : id;
  },
  properties: {
    ip_prefix: { type: 'string', format: 'pve-sdn-cidrv4', description: 'IPv4 prefix that contains the node addresses.' },
    ip6_prefix: { type: 'string', format: 'pve-sdn-cidrv6', description: 'IPv6 prefix that contains the node addresses.' },
    hello_interval: { type: 'integer', minimum: 1, maximum: 600, description: 'OpenFabric hello interval in seconds, for every interface.' },
    csnp_interval: { type: 'integer', minimum: 1, maximum: 600, description: 'OpenFabric CSNP interval in seconds, for every interface.' },
    route_filter: { ...prefixListRef, description: 'Prefix list of the routes to install (default: the fabric prefixes).' },
    area: { type: 'string', description: 'OSPF area: a 32-bit number or an IPv4 address.' },
    redistribute: { type: 'array', items: { type: 'string' }, description: 'Routes of other protocols to redistribute.' },
    bfd: { type: 'boolean', description: 'Enable BFD on all peering sessions of the fabric.' },
    route_map_in: { ...routeMapRef, description: 'Route map called after the inbound prefix filter.' },
    route_map_out: { ...routeMapRef, description: 'Route map for routes announced to fabric neighbors.' },
    persistent_keepalive: { type: 'integer', minimum: 0, maximum: 65535, description: 'WireGuard persistent keepalive interval in seconds.' },
    fabric_id: fabricIdSchema,
    node_id: nodeIdSchema,
    ip: { type: 'string', format: 'ipv4', description: 'IPv4 address (router-id) of this node.' },
    ip6: { type: 'string', format: 'ipv6', description: 'IPv6 address of this node.' },
    interfaces: { type: 'array', items: { type: 'string' }, description: 'Interfaces of this node in the fabric.' },
    role,
    asn: u32('BGP autonomous system number of this node.'),
    peer_ip: { type: 'string', format: 'ipv4', description: 'Address of an external BGP node.' },
    endpoint,
    public_key: wgKey,
    allowed_ips: { type: 'array', items: { type: 'string', format: 'pve-sdn-cidr' }, description: 'CIDRs routed to this node.' },
    peers: { type: 'array', items: { type: 'string' }, description: 'WireGuard peers of this node.' },
  },
  types: {
    openfabric_fabric: { ...fabricCommon, hello_interval: optional, csnp_interval: optional, route_filter: optional },
    ospf_fabric: {
      ...fabricCommon,
      area: required,
      route_filter: optional,
      redistribute: optionalAs(redistribution(['bgp', 'connected', 'isis', 'kernel', 'openfabric', 'static'])),
    },
    bgp_fabric: {
      ...fabricCommon,
      bfd: optional,
      redistribute: optionalAs(redistribution(['connected', 'isis', 'kernel', 'openfabric', 'ospf', 'ospf6', 'static'])),
      route_map_in: optional,
      route_map_out: optional,
      route_filter: optional,
    },
    wireguard_fabric: { ...fabricCommon, persistent_keepalive: optional },
    openfabric_node: { ...nodeCommon, interfaces: optionalAs(openfabricInterfaces) },
    ospf_node: { ...nodeCommon, interfaces: optionalAs(ospfInterfaces) },
    // role decides which of these apply (checked when the fabric is built)
    bgp_node: { ...nodeCommon, role: required, asn: optional, interfaces: optionalAs(bgpInterfaces), peer_ip: optional },
    wireguard_node: {
      ...nodeCommon,
      role: required,
      endpoint: optional,
      interfaces: optionalAs(wireguardInterfaces),
      peers: optionalAs(wireguardPeers),
      allowed_ips: optional,
      public_key: optional,
    },
  },
} as const satisfies SectionKind<FabricSectionType>;

/** A section of type `T` as the decoder makes it from the kind's tables. */
export type FabricSectionOf<T extends FabricSectionType> = SectionRecord<typeof fabricKind, T>;
/** Any section of `fabrics.cfg`, told apart by its `type`. */
export type FabricSection = { [T in FabricSectionType]: FabricSectionOf<T> }[FabricSectionType];

/** Keys of a fabrics.cfg section that repeat one line per item. */
export const FABRIC_ARRAY_KEYS: ReadonlySet<string> = new Set(
  Object.entries(fabricKind.properties)
    .filter(([, p]) => p.type === 'array')
    .map(([k]) => k),
);
