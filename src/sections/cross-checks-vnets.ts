/**
 * The cross-checks of one VNet and of one subnet (a zone that exists, then
 * its zone type's rules — zones/: unique VLAN tag per zone, globally unique
 * VNIs, … —, gateways and DHCP ranges inside their subnet, …), as the
 * reference's VNet and subnet update hooks enforce them. Each looks only at its section, the sections it names and the slot
 * index (vnet-groups.ts), so a check of the whole config runs them on every
 * section and an edit on the sections it can affect.
 */
import { cidrContains } from '../model/ip.js';
import { at, editRule, type RuleCtx } from '../model/check-rules.js';
import { issue, type Issue } from '../model/issues.js';
import type { Subnet } from '../model/subnet.js';
import type { VnetGroups } from './vnet-groups.js';
import { checkVnetInZone } from '../zones/index.js';
import type { Vnet } from '../model/vnet.js';
import type { Zone } from '../zones/kind.js';
import type { VnetId, ZoneId } from '../model/values.js';

/** What the VNet and subnet checks read: the decoded zones and VNets, and the ids present (decoded or not). */
export interface VnetCheckCtx extends RuleCtx {
  readonly zones: ReadonlyMap<ZoneId, Zone>;
  readonly vnets: ReadonlyMap<VnetId, Vnet>;
  readonly presentZones: ReadonlySet<string>;
  readonly presentVnets: ReadonlySet<string>;
  readonly groups: VnetGroups;
  /** vrf-vxlan → EVPN zone (vnet-groups.ts vrfZones) */
  readonly vrfZones: ReadonlyMap<number, string>;
}

export function checkVnet(ctx: VnetCheckCtx, vnet: Vnet): readonly Issue[] {
  const zone = ctx.zones.get(vnet.zone);
  if (zone) return checkVnetInZone(ctx, zone, vnet);
  return ctx.presentZones.has(vnet.zone) ? [] : [issue('unknown-zone', at(ctx, 'vnets', vnet.id, 'zone'), `zone '${vnet.zone}' does not exist`)];
}

export function checkSubnet(ctx: VnetCheckCtx, subnet: Subnet): Issue[] {
  const out: Issue[] = [];
  const vnet = ctx.vnets.get(subnet.vnet);
  if (!vnet) {
    if (!ctx.presentVnets.has(subnet.vnet)) out.push(issue('unknown-vnet', at(ctx, 'subnets', subnet.id, 'vnet'), `vnet '${subnet.vnet}' does not exist`));
  } else {
    if (vnet.zone !== subnet.zone) {
      out.push(issue('subnet-zone', at(ctx, 'subnets', subnet.id, 'vnet'), `subnet id names zone '${subnet.zone}' but vnet '${vnet.id}' is in zone '${vnet.zone}'`));
    }
    if (vnet.vlanaware) {
      const finding = editRule(ctx, 'vlanaware-subnet', at(ctx, 'subnets', subnet.id, 'vnet'), `you can't add a subnet on a vlanaware vnet ('${vnet.id}')`);
      // the reference words it so when the VNet is the one made VLAN-aware
      out.push({ ...finding, seenFrom: { path: at(ctx, 'vnets', vnet.id, 'vlanaware'), message: 'vlanaware vnet is not compatible with subnets' } });
    }
  }
  checkSubnetAddresses(ctx, subnet, out);
  return out;
}

function checkSubnetAddresses(ctx: RuleCtx, subnet: Subnet, out: Issue[]): void {
  const { cidr } = subnet;
  const cidrText = `${cidr.address.text}/${cidr.prefix}`;
  if (cidr.network !== cidr.address.value) {
    out.push(editRule(ctx, 'not-network-address', `${ctx.where('subnets')}${subnet.id}`, `${cidrText} is not a network address (host bits set)`));
  }
  const gw = subnet.gateway;
  if (gw) {
    // a /32 is a point-to-point route: the reference lets its gateway live elsewhere
    const pointToPoint = cidr.version === 4 && cidr.prefix === 32 && gw.version === 4;
    if (!cidrContains(cidr, gw) && !pointToPoint) {
      out.push(editRule(ctx, 'gateway-outside', at(ctx, 'subnets', subnet.id, 'gateway'), `${gw.written} is not in subnet ${cidrText}`));
    }
  }
  checkDhcpRanges(ctx, subnet, cidrText, out);
}

function checkDhcpRanges(ctx: RuleCtx, subnet: Subnet, cidrText: string, out: Issue[]): void {
  const ranges = subnet['dhcp-range'];
  if (!ranges) return;
  const path = at(ctx, 'subnets', subnet.id, 'dhcp-range');
  const seen: Array<{ start: bigint; end: bigint }> = [];
  for (const { start, end } of ranges) {
    const problem = !cidrContains(subnet.cidr, start)
      ? `start-address ${start.written} is not in subnet ${cidrText}`
      : !cidrContains(subnet.cidr, end)
        ? `end-address ${end.written} is not in subnet ${cidrText}`
        : start.value > end.value
          ? `start-address ${start.written} must be smaller than end-address ${end.written}`
          : seen.some((r) => start.value <= r.end && r.start <= end.value)
            ? 'dhcp ranges must not overlap'
            : null;
    if (problem) out.push(issue('bad-dhcp-range', path, problem));
    else seen.push({ start: start.value, end: end.value });
  }
}
