/**
 * Simple zone: an isolated bridge per VNet on each node; subnets with a
 * gateway make it a routed (optionally SNATed) layer-3 bridge.
 */
import type { IpVersion } from '../model/ip.js';
import { parseIp } from '../model/ip.js';
import type { SimpleZone } from '../model/zone.js';
import { opt, type IfaceOption } from '../render/ifupdown/ir.js';
import { vnetBridgeOptions } from './bridge.js';
import type { ZoneContext, ZonePlugin } from './plugin.js';

function snatRules(ctx: ZoneContext, version: IpVersion, cidr: string): IfaceOption[] {
  // the source is the node's address on the route to the internet (probed by the agent)
  const out = version === 6 ? (ctx.facts.routeSource6 ?? ctx.facts.routeSource) : ctx.facts.routeSource;
  if (!out) return [];
  const tables = version === 6 ? 'ip6tables' : 'iptables';
  const nat = `${tables} -t nat -%s POSTROUTING -s '${cidr}' -o ${out.iface} -j SNAT --to-source ${out.ip}`;
  // conntrack zone 1 for traffic from firewall bridges, so SNAT works with the guest firewall
  const ct = `${tables} -t raw -%s PREROUTING -i fwbr+ -j CT --zone 1`;
  return [
    opt('post-up', nat.replace('%s', 'A')),
    opt('post-down', nat.replace('%s', 'D')),
    opt('post-up', ct.replace('%s', 'I')),
    opt('post-down', ct.replace('%s', 'D')),
  ];
}

export const simplePlugin: ZonePlugin<SimpleZone> = {
  type: 'simple',
  generateVnet(ctx, zone, vnet) {
    if (ctx.ifaces.has(vnet.id)) return;
    const options: IfaceOption[] = [];
    const addresses = new Set<string>();
    const forward = { 4: false, 6: false };

    for (const subnet of ctx.subnetsOf(vnet.id)) {
      const { gateway, cidrText } = subnet;
      const prefix = subnet.cidr.prefix;
      if (gateway && !addresses.has(gateway)) {
        options.push(opt('address', `${gateway}/${prefix}`));
        addresses.add(gateway);
      }
      const version = gateway ? (parseIp(gateway)?.version ?? subnet.cidr.version) : subnet.cidr.version;
      if (gateway) forward[version] = true;
      // a /32 is routed to the bridge (hosting providers' single-IP setups)
      if (version === 4 && prefix === 32) options.push(opt('up', `ip route add ${cidrText} dev ${vnet.id}`));
      if (subnet.snat) options.push(...snatRules(ctx, version, cidrText));
    }
    options.push(...vnetBridgeOptions('none', vnet, zone.mtu));
    if (forward[4]) options.push(opt('ip-forward', 'on'));
    if (forward[6]) options.push(opt('ip6-forward', 'on'));
    ctx.ifaces.append(vnet.id, options);
  },
};
