/**
 * QinQ zone: the zone is a VLAN-aware bridge `z_<zone>` on the service VLAN
 * (outer tag); each VNet is a bridge on a customer VLAN (inner tag) of it, or,
 * for the one untagged VNet, on a veth pair into the zone bridge.
 */
import { optional, required, type TypeTables } from '../model/section-kind.js';
import { opt } from '../ir/ifupdown/ir.js';
import type { Outcome } from '../ir/skip.js';
import { nodeBridge, VETH, vnetBridgeOptions, vnetBridgeValues, type NodeBridge } from './bridge.js';
import type { ZoneOf } from './options.js';
import type { ZoneContext, ZonePlugin } from './plugin.js';
import { checkVlanTag, vlanTagSlots } from './vnet-rules.js';

export const qinqOptions = {
  properties: {
    tag: { type: 'integer', minimum: 0, description: 'Service-VLAN Tag (outer VLAN)' },
    'vlan-protocol': {
      type: 'string',
      enum: ['802.1q', '802.1ad'],
      default: '802.1q',
      description: 'Which VLAN protocol should be used for the creation of the QinQ zone.',
    },
  },
  rules: { tag: required, bridge: required, 'bridge-disable-mac-learning': optional, 'vlan-protocol': optional },
} as const satisfies TypeTables;
export type QinqZone = ZoneOf<'qinq', typeof qinqOptions>;

const zoneBridgeName = (zone: QinqZone): string => `z_${zone.id}`;

/** The zone's own interfaces: the service VLAN on the node bridge, a veth pair and the VLAN-aware zone bridge. */
function defineZoneInterfaces(ctx: ZoneContext, zone: QinqZone, bridge: NodeBridge): void {
  const { mtu, tag: stag } = zone;
  const protocol = zone['vlan-protocol'];
  const uplink = `ln_${zone.id}`;
  const peer = `pr_${zone.id}`;
  const svlan = `sv_${zone.id}`;
  let zonePorts = '';
  if (bridge.ovs) {
    ctx.ifaces.define(svlan, [
      opt('ovs_type', 'OVSIntPort'),
      opt('ovs_bridge', bridge.name),
      ...(mtu ? [opt('ovs_mtu', mtu)] : []),
      opt('ovs_options', `vlan_mode=dot1q-tunnel tag=${stag} other_config:qinq-ethtype=${protocol ?? '802.1q'}`),
    ]);
    ctx.ifaces.addToList(bridge.name, 'ovs_ports', svlan);
    zonePorts = svlan;
  } else if (bridge.vlanAware) {
    zonePorts = `${bridge.name}.${stag}`;
    if (protocol) {
      ctx.ifaces.define(bridge.name, [opt('bridge-vlan-protocol', protocol)]);
      ctx.ifaces.define(zonePorts, [opt('vlan-protocol', protocol)]);
    }
  } else if (bridge.ports[0] !== undefined) {
    // a named VLAN device keeps the name short (<port>.<tag> can exceed 15 bytes)
    ctx.ifaces.define(svlan, [opt('vlan-raw-device', bridge.ports[0]), opt('vlan-id', stag), ...(protocol ? [opt('vlan-protocol', protocol)] : [])]);
    zonePorts = svlan;
  }

  ctx.ifaces.define(uplink, [VETH, opt('veth-peer-name', peer)]);
  ctx.ifaces.define(peer, [VETH, opt('veth-peer-name', uplink)]);
  ctx.ifaces.define(zoneBridgeName(zone), [
    ...(mtu ? [opt('mtu', mtu)] : []),
    opt('bridge-stp', 'off'),
    opt('bridge-ports', `${zonePorts} ${uplink}`),
    opt('bridge-fd', 0),
    opt('bridge-vlan-aware', 'yes'),
    opt('bridge-vids', '2-4094'),
  ]);
}

export const qinqPlugin: ZonePlugin<QinqZone, Outcome<NodeBridge>> = {
  type: 'qinq',
  // one tag-less VNet per zone (on the veth peer), the others on a customer VLAN each
  checkVnet: (ctx, zone, vnet) => checkVlanTag(ctx, zone, vnet, false),
  vnetSlots: (zone, vnet) => vlanTagSlots(zone, vnet, true),
  prepare: (ctx, zone) => nodeBridge(ctx, zone.bridge),
  generateVnet(ctx, zone, vnet, bridge) {
    if (bridge.kind === 'skipped') return bridge;
    const zoneBridge = zoneBridgeName(zone);
    // the zone's first VNet brings its interfaces up; the others only add their bridge
    if (!ctx.ifaces.has(zoneBridge)) defineZoneInterfaces(ctx, zone, bridge.value);
    // the tag-less VNet sits on the veth peer, tagged ones on a customer VLAN of the zone bridge
    const ports = vnet.tag ? `${zoneBridge}.${vnet.tag}` : `pr_${zone.id}`;
    ctx.ifaces.define(vnet.id, vnetBridgeOptions(ports, vnet, zone.mtu), vnetBridgeValues(null, zone.mtu));
  },
};
