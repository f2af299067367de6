/**
 * EVPN zone: each VNet is a bridge over a VXLAN device without static peers
 * (BGP EVPN distributes the MACs), routed in the zone's VRF through an
 * anycast gateway; the VRF's L3 VNI has its own VXLAN device and bridge.
 * Exit nodes get SNAT and, with local routing, a veth pair into the VRF.
 * This module holds its options, its per-node setup and its interfaces; its
 * checks across sections are in `evpn-checks.ts`, its part of frr.conf in
 * `evpn-frr.ts`.
 */
import { evpnUnderlay } from '../controllers/evpn-underlay.js';
import { nodeControllers } from '../controllers/node-controllers.js';
import { VXLAN_OVERHEAD } from '../model/overlay-mtu.js';
import { optional, required, type TypeTables } from '../model/section-kind.js';
import type { ControllerId, Vni } from '../model/values.js';
import type { Vnet } from '../model/vnet.js';
import { opt, type IfaceOption } from '../ir/ifupdown/ir.js';
import { vnetBridgeOptions, vnetBridgeValues } from './bridge.js';
import { checkEvpnVnet, checkEvpnZones } from './evpn-checks.js';
import { evpnFrr } from './evpn-frr.js';
import { ok, skipped, type Outcome } from '../ir/skip.js';
import type { ZoneOf } from './options.js';
import type { ZoneConfig, ZoneContext, ZonePlugin } from './plugin.js';
import { snatRules } from './snat.js';
import { vniSlots } from './vnet-rules.js';
import { tunnelMtu } from './tunnel-mtu.js';

export const evpnOptions = {
  properties: {
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
  rules: {
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
  listProperties: ['exitnodes'],
} as const satisfies TypeTables;
export type EvpnZone = ZoneOf<'evpn', typeof evpnOptions, { 'vrf-vxlan': Vni; controller: ControllerId; 'secondary-controllers': readonly ControllerId[] }>;

/**
 * The metric of the VRF's unreachable default route: so high that a default
 * route learned from an exit node always wins; without one, lookups fail in
 * the VRF instead of leaving it. Exit nodes remove it: their traffic leaves
 * through the main table.
 */
const UNREACHABLE_METRIC = 4278198272;

interface ZoneSetup {
  /** VXLAN tunnel source (the same address the EVPN sessions use) */
  readonly localIp?: string;
  readonly mtu: number;
  readonly exit: boolean;
}

/** The fabric the zone's controller peers over, if any. */
function controllerFabric(config: ZoneConfig, zone: EvpnZone): string | undefined {
  const controller = config.controllers.get(zone.controller);
  return controller?.type === 'evpn' ? controller.fabric : undefined;
}

/** What every VNet of the zone shares on this node, or why the zone cannot be set up. */
function zoneSetup(ctx: ZoneContext, zone: EvpnZone): Outcome<ZoneSetup> {
  const controller = ctx.config.controllers.get(zone.controller);
  if (controller?.type !== 'evpn') return skipped(`missing evpn controller '${zone.controller}'`);
  const node = nodeControllers(ctx.config, ctx.facts.nodename);
  const underlay = evpnUnderlay(controller, node, ctx.interfaces, ctx.facts, ctx.config.fabrics);
  if (underlay.kind === 'skipped') return underlay;
  const { local } = underlay.value;
  return ok({
    ...(local.ip !== undefined ? { localIp: local.ip } : {}),
    mtu: tunnelMtu(ctx, zone.mtu, local, controllerFabric(ctx.config, zone)),
    exit: zone.exitnodes?.includes(ctx.facts.nodename) ?? false,
  });
}

const LEARNING_OFF = opt('bridge-learning', 'off');
const ARP_ND_SUPPRESS = opt('bridge-arp-nd-suppress', 'on');
const ARP_ACCEPT = opt('arp-accept', 'on');

function vxlanOptions(zone: EvpnZone, setup: ZoneSetup, vni: number): IfaceOption[] {
  const options = [opt('vxlan-id', vni)];
  if (setup.localIp !== undefined) options.push(opt('vxlan-local-tunnelip', setup.localIp));
  if (zone['vxlan-port']) options.push(opt('vxlan-port', zone['vxlan-port']));
  // MACs come from BGP; flooding-and-learning stays off
  options.push(LEARNING_OFF);
  if (!zone['disable-arp-nd-suppression']) options.push(ARP_ND_SUPPRESS);
  options.push(opt('mtu', setup.mtu));
  return options;
}

/** The VNet bridge: anycast gateway addresses (with the zone MAC), SNAT on exit nodes, in the VRF. */
function vnetBridge(ctx: ZoneContext, zone: EvpnZone, setup: ZoneSetup, vnet: Vnet, vrf: string): { options: IfaceOption[]; addresses: Set<string>; ipv6: boolean } {
  const options: IfaceOption[] = [];
  const addresses = new Set<string>();
  const seen = { 4: false, 6: false };
  const forward = { 4: false, 6: false };
  for (const subnet of ctx.subnetsOf(vnet.id)) {
    const { gateway } = subnet;
    // the address as written: the reference renders it so
    if (gateway && !addresses.has(gateway.written)) {
      options.push(opt('address', `${gateway.written}/${subnet.cidr.prefix}`));
      addresses.add(gateway.written);
    }
    const version = gateway ? gateway.version : subnet.cidr.version;
    seen[version] = true;
    if (gateway) forward[version] = true;
    if (subnet.snat && setup.exit) for (const rule of snatRules(ctx, version, subnet.cidrText)) options.push(rule);
  }
  if (zone.mac) options.push(opt('hwaddress', zone.mac));
  for (const o of vnetBridgeOptions(`vxlan_${vnet.id}`, vnet, setup.mtu)) options.push(o);
  if (forward[4]) options.push(opt('ip-forward', 'on'));
  if (forward[6]) options.push(opt('ip6-forward', 'on'));
  if (seen[4] || seen[6]) options.push(ARP_ACCEPT);
  options.push(opt('vrf', vrf));
  return { options, addresses, ipv6: seen[6] };
}

/** Exit node with local routing: a veth pair between the main table and the VRF. */
function crossVrfPair(ctx: ZoneContext, zone: EvpnZone, mtu: number, ipv6: boolean, vrf: string): void {
  const main = `xvrf_${zone.id}`;
  const inVrf = `xvrfp_${zone.id}`;
  const pairMtu = opt('mtu', mtu + VXLAN_OVERHEAD);
  ctx.ifaces.define(main, [opt('link-type', 'veth'), opt('address', '10.255.255.1/30'), ...(ipv6 ? [opt('address', 'fe80::1/126')] : []), opt('veth-peer-name', inVrf), pairMtu]);
  ctx.ifaces.define(inVrf, [
    opt('link-type', 'veth'),
    opt('address', '10.255.255.2/30'),
    ...(ipv6 ? [opt('address', 'fe80::2/126')] : []),
    opt('veth-peer-name', main),
    opt('vrf', vrf),
    pairMtu,
  ]);
}

export const evpnPlugin: ZonePlugin<EvpnZone, Outcome<ZoneSetup>> = {
  type: 'evpn',
  check: checkEvpnZones,
  checkVnet: checkEvpnVnet,
  vnetSlots: (_zone, vnet) => vniSlots(vnet),
  ownVni: (zone) => zone['vrf-vxlan'],
  underlayFabric: controllerFabric,
  prepare: zoneSetup,
  generateVnet(ctx, zone, vnet, found) {
    if (!vnet.tag) return skipped('missing vxlan tag');
    if (found.kind === 'skipped') return found;
    const setup = found.value;
    const vrf = `vrf_${zone.id}`;

    ctx.ifaces.define(`vxlan_${vnet.id}`, vxlanOptions(zone, setup, vnet.tag));
    const bridge = vnetBridge(ctx, zone, setup, vnet, vrf);
    ctx.ifaces.define(vnet.id, bridge.options, vnetBridgeValues(bridge.addresses, setup.mtu));

    // the zone's own interfaces come from its first VNet (in id order), as in the reference
    if (ctx.ifaces.has(vrf)) return;
    const defaultRoute = `ip route ${setup.exit ? 'del' : 'add'} vrf ${vrf} unreachable default metric ${UNREACHABLE_METRIC}`;
    ctx.ifaces.define(vrf, [opt('vrf-table', 'auto'), opt('post-up', defaultRoute)]);
    const l3vni = `vrfvx_${zone.id}`;
    ctx.ifaces.define(l3vni, vxlanOptions(zone, setup, zone['vrf-vxlan']));
    ctx.ifaces.define(`vrfbr_${zone.id}`, [opt('bridge-ports', l3vni), opt('bridge_stp', 'off'), opt('bridge_fd', 0), opt('mtu', setup.mtu), opt('vrf', vrf)]);
    if (setup.exit && zone['exitnodes-local-routing']) crossVrfPair(ctx, zone, setup.mtu, bridge.ipv6, vrf);
  },
  frr: evpnFrr,
};
