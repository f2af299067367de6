/**
 * QinQ zone: the zone is a VLAN-aware bridge `z_<zone>` on the service VLAN
 * (outer tag); each VNet is a bridge on a customer VLAN (inner tag) of it, or,
 * for the one untagged VNet, on a veth pair into the zone bridge.
 */
import type { QinqZone } from '../model/zone.js';
import { opt } from '../render/ifupdown/ir.js';
import { nodeBridge, vnetBridgeOptions } from './bridge.js';
import type { ZonePlugin } from './plugin.js';

export const qinqPlugin: ZonePlugin<QinqZone> = {
  type: 'qinq',
  generateVnet(ctx, zone, vnet) {
    const bridge = nodeBridge(ctx, zone.bridge);
    const { mtu, tag: stag } = zone;
    const protocol = zone['vlan-protocol'];
    const uplink = `ln_${zone.id}`;
    const peer = `pr_${zone.id}`;
    const zoneBridge = `z_${zone.id}`;
    const svlan = `sv_${zone.id}`;
    const vnetPorts = vnet.tag ? `${zoneBridge}.${vnet.tag}` : peer;

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
      ctx.ifaces.define(svlan, [
        opt('vlan-raw-device', bridge.ports[0]),
        opt('vlan-id', stag),
        ...(protocol ? [opt('vlan-protocol', protocol)] : []),
      ]);
      zonePorts = svlan;
    }

    ctx.ifaces.define(uplink, [opt('link-type', 'veth'), opt('veth-peer-name', peer)]);
    ctx.ifaces.define(peer, [opt('link-type', 'veth'), opt('veth-peer-name', uplink)]);
    ctx.ifaces.define(zoneBridge, [
      ...(mtu ? [opt('mtu', mtu)] : []),
      opt('bridge-stp', 'off'),
      opt('bridge-ports', `${zonePorts} ${uplink}`),
      opt('bridge-fd', 0),
      opt('bridge-vlan-aware', 'yes'),
      opt('bridge-vids', '2-4094'),
    ]);
    ctx.ifaces.define(vnet.id, vnetBridgeOptions(vnetPorts, vnet, mtu));
  },
};
