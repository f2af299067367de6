/**
 * VLAN zone: each VNet is a bridge on a VLAN of an existing node bridge.
 * Three shapes, chosen by the node bridge: OVS (an OVSIntPort with the tag),
 * VLAN-aware Linux bridge (`<bridge>.<tag>`), or classic Linux bridge (a
 * `<bridge>v<tag>` bridge over `<port>.<tag>`, joined to the VNet by a veth pair).
 */
import { optional, required, type TypeTables } from '../model/section-kind.js';
import { opt } from '../ir/ifupdown/ir.js';
import { FD_0, nodeBridge, STP_OFF, VETH, vnetBridgeOptions, vnetBridgeValues, type NodeBridge } from './bridge.js';
import { skipped, type Outcome } from '../ir/skip.js';
import type { ZoneOf } from './options.js';
import type { ZonePlugin } from './plugin.js';
import { checkVlanTag, vlanTagSlots } from './vnet-rules.js';

export const vlanOptions = {
  properties: {},
  rules: { bridge: required, 'bridge-disable-mac-learning': optional },
} as const satisfies TypeTables;
export type VlanZone = ZoneOf<'vlan', typeof vlanOptions>;

export const vlanPlugin: ZonePlugin<VlanZone, Outcome<NodeBridge>> = {
  type: 'vlan',
  checkVnet: (ctx, zone, vnet) => checkVlanTag(ctx, zone, vnet, true),
  vnetSlots: (zone, vnet) => vlanTagSlots(zone, vnet, false),
  prepare: (ctx, zone) => nodeBridge(ctx, zone.bridge),
  generateVnet(ctx, zone, vnet, found) {
    if (found.kind === 'skipped') return found;
    const bridge = found.value;
    const { tag } = vnet;
    if (tag === undefined) return skipped('missing vlan tag');
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
      const mtuOption = mtu ? opt('mtu', mtu) : undefined;
      const uplinkOptions = [VETH, opt('veth-peer-name', peer)];
      const peerOptions = [VETH, opt('veth-peer-name', uplink)];
      if (mtuOption) {
        uplinkOptions.push(mtuOption);
        peerOptions.push(mtuOption);
      }
      ctx.ifaces.define(uplink, uplinkOptions);
      ctx.ifaces.define(peer, peerOptions);
      // VNets sharing a tag share the VLAN bridge: the first one defines it
      const vlanBridge = `${bridge.name}v${tag}`;
      if (!ctx.ifaces.has(vlanBridge)) {
        // the reference joins " <port>.<tag>" pieces, hence the leading blank
        const ports = bridge.ports.map((p) => ` ${p}.${tag}`).join('');
        const options = [opt('bridge_ports', `${ports} ${peer}`), STP_OFF, FD_0];
        if (mtuOption) options.push(mtuOption);
        ctx.ifaces.define(vlanBridge, options);
      }
    }
    ctx.ifaces.define(vnet.id, vnetBridgeOptions(uplink, vnet, mtu), vnetBridgeValues(null, mtu));
  },
};
