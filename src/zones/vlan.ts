/**
 * VLAN zone: each VNet is a bridge on a VLAN of an existing node bridge.
 * Three shapes, chosen by the node bridge: OVS (an OVSIntPort with the tag),
 * VLAN-aware Linux bridge (`<bridge>.<tag>`), or classic Linux bridge (a
 * `<bridge>v<tag>` bridge over `<port>.<tag>`, joined to the VNet by a veth pair).
 */
import type { VlanZone } from '../model/zone.js';
import { opt } from '../render/ifupdown/ir.js';
import { nodeBridge, vnetBridgeOptions } from './bridge.js';
import { VnetSkipped, type ZonePlugin } from './plugin.js';

export const vlanPlugin: ZonePlugin<VlanZone> = {
  type: 'vlan',
  generateVnet(ctx, zone, vnet) {
    const bridge = nodeBridge(ctx, zone.bridge);
    const { tag } = vnet;
    if (tag === undefined) throw new VnetSkipped('missing vlan tag');
    const mtu = zone.mtu;
    let uplink = `ln_${vnet.id}`;
    const peer = `pr_${vnet.id}`;

    if (bridge.ovs) {
      const ovsOptions = vnet.vlanaware ? `vlan_mode=dot1q-tunnel other_config:qinq-ethtype=802.1q tag=${tag}` : `tag=${tag}`;
      ctx.ifaces.define(uplink, [
        opt('ovs_type', 'OVSIntPort'),
        opt('ovs_bridge', bridge.name),
        ...(mtu ? [opt('ovs_mtu', mtu)] : []),
        opt('ovs_options', ovsOptions),
      ]);
      // ifupdown2 merges the port lists of repeated ovs_ports lines
      ctx.ifaces.append(bridge.name, [opt('ovs_ports', uplink)]);
    } else if (bridge.vlanAware) {
      uplink = `${bridge.name}.${tag}`;
    } else {
      const mtuOptions = mtu ? [opt('mtu', mtu)] : [];
      ctx.ifaces.define(uplink, [opt('link-type', 'veth'), opt('veth-peer-name', peer), ...mtuOptions]);
      ctx.ifaces.define(peer, [opt('link-type', 'veth'), opt('veth-peer-name', uplink), ...mtuOptions]);
      // the reference joins " <port>.<tag>" pieces, hence the leading blank
      const ports = bridge.ports.map((p) => ` ${p}.${tag}`).join('');
      ctx.ifaces.define(`${bridge.name}v${tag}`, [
        opt('bridge_ports', `${ports} ${peer}`),
        opt('bridge_stp', 'off'),
        opt('bridge_fd', 0),
        ...mtuOptions,
      ]);
    }
    ctx.ifaces.define(vnet.id, vnetBridgeOptions(uplink, vnet, mtu));
  },
};
