/** SNAT for a routed subnet, as the reference writes it into the VNet bridge stanza. */
import type { IpVersion } from '../model/ip.js';
import { snatSource } from '../ir/facts.js';
import { opt, type IfaceOption } from '../ir/ifupdown/ir.js';
import type { ZoneContext } from './plugin.js';

// conntrack zone 1 for traffic from firewall bridges, so SNAT works with the guest firewall
const conntrackRule = (tables: string, op: string): string => `${tables} -t raw -${op} PREROUTING -i fwbr+ -j CT --zone 1`;
const CONNTRACK = {
  4: [opt('post-up', conntrackRule('iptables', 'I')), opt('post-down', conntrackRule('iptables', 'D'))],
  6: [opt('post-up', conntrackRule('ip6tables', 'I')), opt('post-down', conntrackRule('ip6tables', 'D'))],
} as const;

/**
 * post-up/down rules that SNAT `cidr` to the node's address on its route to
 * the internet (the uplink the agent probes, as the reference asks the kernel
 * for its route to 8.8.8.8, not the underlay towards the peers); none when that
 * route is unknown.
 */
export function snatRules(ctx: ZoneContext, version: IpVersion, cidr: string): IfaceOption[] {
  const out = snatSource(ctx.facts, version);
  if (!out) return [];
  const tables = version === 6 ? 'ip6tables' : 'iptables';
  const nat = (op: string): string => `${tables} -t nat -${op} POSTROUTING -s '${cidr}' -o ${out.iface} -j SNAT --to-source ${out.ip}`;
  const [ctUp, ctDown] = CONNTRACK[version];
  return [opt('post-up', nat('A')), opt('post-down', nat('D')), ctUp, ctDown];
}
