/**
 * VXLAN zone: each VNet is a bridge over a VXLAN device with static
 * head-end replication to every peer but this node.
 */
import { writtenAddrs } from '../model/format-values.js';
import { fabricUnderlay } from '../fabrics/underlay.js';
import { at, peersOrFabric } from '../model/check-rules.js';
import { issue, type Issue } from '../model/issues.js';
import { optional, type TypeTables } from '../model/section-kind.js';
import { opt, type IfaceOption } from '../ir/ifupdown/ir.js';
import { localAddress, type LocalAddress } from '../ir/local-address.js';
import { vnetBridgeOptions, vnetBridgeValues } from './bridge.js';
import { ok, skipped, type Outcome } from '../ir/skip.js';
import type { ZoneOf } from './options.js';
import type { ZoneContext, ZonePlugin } from './plugin.js';
import { checkVni, vniSlots } from './vnet-rules.js';
import { tunnelMtu } from './tunnel-mtu.js';

export const vxlanOptions = {
  properties: {
    peers: {
      type: 'string',
      format: 'ip-list',
      description: 'Comma-separated list of peers, that are part of the VXLAN zone. Usually the IPs of the nodes.',
    },
    fabric: { type: 'string', format: 'pve-sdn-fabric-id', description: 'SDN fabric to use as underlay for this VXLAN zone.' },
  },
  rules: {
    peers: optional,
    'vxlan-port': optional,
    fabric: optional,
    // as the reference's VLAN, QinQ and EVPN zones: guests' ports do not learn MACs (their ports' flag, which the
    // agent sets as the reference sets it when it plugs a guest: agent/port-policy.ts); nothing in the interfaces file
    'bridge-disable-mac-learning': optional,
  },
} as const satisfies TypeTables;
export type VxlanZone = ZoneOf<'vxlan', typeof vxlanOptions>;

interface ZoneTunnel {
  readonly remotes: readonly IfaceOption[];
  readonly mtu: number;
}

/** Peers and the local endpoint: listed, or every node of the underlay fabric. */
function zoneEndpoints(ctx: ZoneContext, zone: VxlanZone): Outcome<{ peers: readonly string[]; local: LocalAddress }> {
  if (zone.fabric === undefined) {
    const peers = writtenAddrs(zone.peers);
    return ok({ peers, local: localAddress(peers, undefined, ctx.interfaces, ctx.facts) });
  }
  const underlay = fabricUnderlay(ctx.config.fabrics, zone.fabric, ctx.facts.nodename);
  if ('problem' in underlay) return skipped(`could not configure VXLAN zone ${zone.id}: ${underlay.problem}`);
  return ok({ peers: underlay.peers, local: { ip: underlay.local } });
}

/** Peers and MTU (or why the zone cannot be set up) are per zone: worked out once per render, not once per VNet. */
function zoneTunnel(ctx: ZoneContext, zone: VxlanZone): Outcome<ZoneTunnel> {
  const endpoints = zoneEndpoints(ctx, zone);
  if (endpoints.kind === 'skipped') return endpoints;
  const { peers, local } = endpoints.value;
  return ok({
    remotes: peers.filter((p) => p !== local.ip).map((p) => opt('vxlan_remoteip', p)),
    mtu: tunnelMtu(ctx, zone.mtu, local, zone.fabric),
  });
}

export const vxlanPlugin: ZonePlugin<VxlanZone, Outcome<ZoneTunnel>> = {
  type: 'vxlan',
  check(ctx, zones) {
    const out: Issue[] = [];
    for (const zone of zones) {
      const peers = peersOrFabric(ctx, 'zones', zone);
      if (peers) out.push(peers);
      if (zone.fabric !== undefined && !ctx.config.fabrics.has(zone.fabric)) out.push(issue('unknown-fabric', at(ctx, 'zones', zone.id, 'fabric'), `fabric '${zone.fabric}' does not exist`));
    }
    return out;
  },
  checkVnet: checkVni,
  vnetSlots: (_zone, vnet) => vniSlots(vnet),
  underlayFabric: (_config, zone) => zone.fabric,
  prepare: zoneTunnel,
  generateVnet(ctx, zone, vnet, tunnel) {
    if (!vnet.tag) return skipped('missing vxlan tag');
    if (tunnel.kind === 'skipped') return tunnel;
    const { remotes, mtu } = tunnel.value;
    const device = `vxlan_${vnet.id}`;

    const options = [opt('vxlan-id', vnet.tag)];
    for (const r of remotes) options.push(r);
    if (zone['vxlan-port']) options.push(opt('vxlan-port', zone['vxlan-port']));
    options.push(opt('mtu', mtu));
    ctx.ifaces.define(device, options);
    ctx.ifaces.define(vnet.id, vnetBridgeOptions(device, vnet, mtu), vnetBridgeValues(null, mtu));
  },
};
