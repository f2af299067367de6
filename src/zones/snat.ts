/** SNAT for a routed subnet, as the reference writes it into the VNet bridge stanza. */
import type { IpVersion } from '../model/ip.js';
import { opt, type IfaceOption } from '../render/ifupdown/ir.js';
import type { ZoneContext } from './plugin.js';

/**
 * post-up/down rules that SNAT `cidr` to the node's address on its route to
 * the outside (probed by the agent); none when that route is unknown.
 */
export function snatRules(ctx: ZoneContext, version: IpVersion, cidr: string): IfaceOption[] {
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
