/**
 * WireGuard fabric: its options, its checks (`wireguard-checks.ts`) and its
 * generation. Per interface of an internal node, a stanza that creates the
 * device, loads its `wg setconf` file, sets the addresses and routes every
 * peer's allowed IPs over it (unless the peer opts out). Debian's ifupdown2
 * has no WireGuard link type, hence the commands; each is safe to re-run on
 * `ifreload` (the device may exist, `replace` is idempotent).
 */
import { nodeIdSchema, type FabricProtocolTables } from '../model/fabric-kind.js';
import { issue } from '../model/issues.js';
import type { ArrayProp, StringProp, TextProp } from '../model/property-schema.js';
import { optional, optionalAs, required } from '../model/section-kind.js';
import { opt, type IfaceOption } from '../ir/ifupdown/ir.js';
import { cidrOf } from './interfaces.js';
import { cidr4, cidr6, propertyStrings, type SectionsOf } from './options.js';
import type { EntryOf, FabricPlugin } from './plugin.js';
import { checkRole, nodeBase, type BuiltFabric, type BuiltNode, type NodeCtx, type RoleNode, type RoleRules } from './section-build.js';
import { checkWireguardAcross, checkWireguardFabric } from './wireguard-checks.js';
import { wireguardConfPath } from './wireguard-config.js';
import { resolvePeers } from './wireguard-peers.js';

const wgIfaceName = {
  type: 'string',
  pattern: '[a-zA-Z0-9][a-zA-Z0-9-]{0,6}[a-zA-Z0-9]?',
  minLength: 1,
  maxLength: 8,
  description: 'Name of a WireGuard interface (also the name of its config file).',
} as const satisfies TextProp;
const wgKey = { type: 'string', format: 'wireguard-key', description: 'A WireGuard key (base64).' } as const satisfies TextProp;
const endpoint = { type: 'string', format: 'pve-sdn-endpoint', description: 'Host name or IP address, optionally with :port.' } as const satisfies TextProp;
const cidrList = { type: 'array', items: { type: 'string', format: 'pve-sdn-cidr' }, description: 'A list of CIDRs.' } as const satisfies ArrayProp;

/**
 * An internal node's interface. `public_key` is the server's: it generates the
 * interface's private key (kept in `priv/sdn/wg-keys.cfg`) and writes the
 * matching public key here, so a create or update may leave it out (or repeat
 * the current value); a file without it does not build (wireguardNode).
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

export const wireguardOptions = {
  properties: {
    persistent_keepalive: { type: 'integer', minimum: 0, maximum: 65535, description: 'WireGuard persistent keepalive interval in seconds.' },
    endpoint,
    public_key: wgKey,
    allowed_ips: { ...cidrList, description: 'CIDRs routed to this node.' },
    peers: { type: 'array', items: { type: 'string' }, description: 'WireGuard peers of this node.' },
  },
  fabric: { persistent_keepalive: optional },
  // role decides which of these apply (checked when the node is built)
  node: {
    role: required,
    endpoint: optional,
    interfaces: optionalAs({ type: 'array', description: 'WireGuard interfaces', items: wireguardInterface } as const),
    peers: optionalAs(
      propertyStrings('WireGuard peers', {
        type: { type: 'string', enum: ['internal', 'external'], description: 'Peer with an internal or an external node.' },
        node: nodeIdSchema,
        node_iface: { ...wgIfaceName, optional: true },
        iface: wgIfaceName,
        endpoint: { ...endpoint, optional: true },
        allowed_ips: { ...cidrList, optional: true },
        skip_route_generation: { type: 'boolean', optional: true, description: 'Do not route the allowed IPs over the interface.' },
      } as const),
    ),
    allowed_ips: optional,
    public_key: optional,
  },
} as const satisfies FabricProtocolTables;

type Sections = SectionsOf<'wireguard', typeof wireguardOptions>;
export type WireguardFabricSection = Sections['fabric'];
export type WireguardNodeSection = Sections['node'];
export type WireguardFabric = BuiltFabric<WireguardFabricSection, 'wireguard'>;
type WireguardNodeOf = BuiltNode<WireguardNodeSection, 'wireguard', 'interfaces' | 'peers' | 'allowed_ips'>;
/** An internal node's interface: its public key is there (the builder refuses a node whose interface has none). */
export type WireguardInterface = Omit<WireguardNodeOf['interfaces'][number], 'public_key'> & { readonly public_key: string };
export type WireguardPeer = WireguardNodeOf['peers'][number];
export type WireguardInternalNode = RoleNode<WireguardNodeOf, 'internal', 'public_key' | 'interfaces', { readonly interfaces: readonly WireguardInterface[] }>;
export type WireguardExternalNode = RoleNode<
  WireguardNodeOf,
  'external',
  'public_key' | 'endpoint' | 'interfaces' | 'peers',
  { readonly public_key: string; readonly endpoint: NonNullable<WireguardNodeOf['endpoint']> & { readonly port: number } }
>;
export type WireguardNode = WireguardInternalNode | WireguardExternalNode;

const ROLES: RoleRules<WireguardNodeSection> = {
  internal: { forbidden: ['public_key'], required: [] },
  external: { forbidden: ['interfaces', 'peers'], required: ['public_key', 'endpoint'] },
};

export function wireguardNode(ctx: NodeCtx, r: WireguardNodeSection): WireguardNode | undefined {
  if (!checkRole(ctx, 'wireguard', r, ROLES[r.role])) return undefined;
  const base = { ...nodeBase(ctx, r), protocol: 'wireguard' as const, allowed_ips: r.allowed_ips ?? [] };
  if (r.role === 'external') {
    const { endpoint, public_key } = r;
    const port = endpoint?.port;
    if (endpoint === undefined || port === undefined) {
      ctx.out.push(issue('bad-value', `${ctx.path}.endpoint`, `an external node's endpoint needs a port (host:port)`));
      return undefined;
    }
    // the role rule required it
    if (public_key === undefined) return undefined;
    return { ...base, role: 'external', public_key, endpoint: { ...endpoint, port } };
  }
  // peers need every interface's public key; the API writes it when it generates the private key
  const interfaces: WireguardInterface[] = [];
  const unkeyed: string[] = [];
  for (const i of r.interfaces ?? []) {
    if (i.public_key === undefined) unkeyed.push(i.name);
    else interfaces.push({ ...i, public_key: i.public_key });
  }
  if (unkeyed.length > 0) {
    const names = unkeyed.map((n) => `'${n}'`).join(', ');
    const which = unkeyed.length > 1 ? `interfaces ${names} have` : `interface ${names} has`;
    ctx.out.push(issue('missing-property', `${ctx.path}.interfaces`, `${which} no public_key (the API sets it when it generates the interface's private key)`));
    return undefined;
  }
  return { ...base, role: 'internal', ...(r.endpoint ? { endpoint: r.endpoint } : {}), interfaces, peers: r.peers ?? [] };
}

/**
 * A stable IPv6 link-local address for the interface (WireGuard devices get
 * none: they have no MAC): fe80:: plus the first 64 bits of its public key.
 */
export function wireguardLinkLocal(publicKey: string): string {
  const bytes = Buffer.from(publicKey, 'base64');
  const groups = [0, 2, 4, 6].map((i) => ((bytes[i] ?? 0) * 256 + (bytes[i + 1] ?? 0)).toString(16));
  return `fe80::${groups.join(':')}/64`;
}

export const wireguardPlugin: FabricPlugin<EntryOf<'wireguard'>> = {
  protocol: 'wireguard',
  check: checkWireguardFabric,
  checkAcross: checkWireguardAcross,
  interfaces({ entry, node }) {
    if (node.role !== 'internal') return [];
    return node.interfaces.map((iface) => {
      const dev = iface.name;
      const routes = new Set(resolvePeers(entry.fabric, entry.nodes, node, iface).flatMap((p) => (p.routes ? p.allowedIps : [])));
      const options: IfaceOption[] = [
        ...[iface.ip, iface.ip6].flatMap((c) => (c ? [opt('address', cidrOf(c))] : [])),
        opt('pre-up', `ip link show dev ${dev} >/dev/null 2>&1 || ip link add dev ${dev} type wireguard`),
        opt('pre-up', `wg setconf ${dev} ${wireguardConfPath(dev)}`),
        ...(iface.ip6_ll ? [opt('post-up', `ip address replace ${wireguardLinkLocal(iface.public_key)} dev ${dev}`)] : []),
        ...[...routes].map((cidr) => opt('post-up', `ip route replace ${cidr} dev ${dev}`)),
        opt('post-down', `ip link delete dev ${dev}`),
        opt('ip-forward', 1),
      ];
      return { name: dev, options };
    });
  },
  // WireGuard routes statically (the interfaces file); routing protocols run on top of it
  frr() {},
};
