/**
 * Phase two of validation: rules that span sections, as the reference's
 * update hooks enforce them (unique VLAN tag per zone, globally unique VNIs,
 * gateways inside their subnet, references that resolve, …). Runs on the
 * sections that passed phase one; a reference to a section that exists but
 * failed phase one is not reported twice.
 */
import type { SdnConfig } from './config.js';
import { crossCheckRouting } from './cross-checks-routing.js';
import { splitList } from './formats.js';
import { cidrContains, parseIp } from './ip.js';
import { BUILTIN_IPAM } from './ipam.js';
import { issue, type Issue, type Severity } from './issues.js';
import type { ModelledKindName } from './kinds.js';
import { overlayMtuProblem, wireguardUnderlay, WIREGUARD_DEFAULT_MTU } from './overlay-mtu.js';
import { parseDhcpRange, type Subnet } from './subnet.js';
import type { Vnet } from './vnet.js';
import type { Zone } from './zone.js';
import type { Purpose, WhereFn } from './decode-config.js';

export type PresentIds = Readonly<Record<ModelledKindName, ReadonlySet<string>>>;

/** The reference's VLAN tag ceiling (it allows 4096, ifupdown2 needs < 4095 in practice). */
const MAX_VLAN_TAG = 4096;

interface Ctx {
  readonly cfg: SdnConfig;
  readonly present: PresentIds;
  readonly where: WhereFn;
  readonly purpose: Purpose;
  readonly out: Issue[];
}

/**
 * A rule the reference only enforces when a section is edited (its zone,
 * VNet and subnet update hooks: tags and VNIs unique and in range, one
 * tag-less VNet per QinQ zone, no subnet on a VLAN-aware VNet, …): an error on
 * edit, a warning on an applied config (rendered as the reference does).
 */
function editRule(ctx: Ctx, code: string, path: string, message: string): Issue {
  const severity: Severity = ctx.purpose === 'edit' ? 'error' : 'warning';
  return issue(code, path, ctx.purpose === 'edit' ? message : `${message} (refused on edit; rendered as written)`, severity);
}

function at(ctx: Ctx, kind: ModelledKindName, id: string, key: string): string {
  return `${ctx.where(kind)}${id}.${key}`;
}

function checkZones(ctx: Ctx): void {
  const vrfVnis = new Map<number, string>();
  for (const zone of ctx.cfg.zones.values()) {
    if (zone.ipam && zone.ipam !== BUILTIN_IPAM && ctx.present.ipams.size > 0 && !ctx.present.ipams.has(zone.ipam)) {
      ctx.out.push(issue('unknown-ipam', at(ctx, 'zones', zone.id, 'ipam'), `ipam '${zone.ipam}' does not exist`));
    }
    for (const key of ['dns', 'reversedns'] as const) {
      const ref = zone[key];
      if (ref && ctx.present.dns.size > 0 && !ctx.present.dns.has(ref)) {
        ctx.out.push(issue('unknown-dns', at(ctx, 'zones', zone.id, key), `dns server '${ref}' does not exist`));
      }
    }
    if (zone.type === 'vxlan' && Boolean(zone.peers) === Boolean(zone.fabric)) {
      ctx.out.push(issue('peers-or-fabric', at(ctx, 'zones', zone.id, 'peers'), 'must have exactly one of peers / fabric defined'));
    }
    if (zone.type === 'evpn') checkEvpnZone(ctx, zone, vrfVnis);
    checkOverlayMtu(ctx, zone);
  }
}

/** An explicit MTU too large for a WireGuard underlay: packets would be dropped or fragmented (a warning: the node may set another MTU). */
function checkOverlayMtu(ctx: Ctx, zone: Zone): void {
  if (zone.type !== 'vxlan' && zone.type !== 'evpn') return;
  const fabric = wireguardUnderlay(ctx.cfg, zone);
  const problem = fabric !== undefined ? overlayMtuProblem(zone.mtu, WIREGUARD_DEFAULT_MTU, `WireGuard fabric '${fabric}' (its interfaces' MTU, ${WIREGUARD_DEFAULT_MTU} by default)`) : null;
  if (problem) ctx.out.push(issue('overlay-mtu', at(ctx, 'zones', zone.id, 'mtu'), problem, 'warning'));
}

function checkEvpnZone(ctx: Ctx, zone: Extract<Zone, { type: 'evpn' }>, vrfVnis: Map<number, string>): void {
  const controller = ctx.cfg.controllers.get(zone.controller);
  if (!controller && !ctx.present.controllers.has(zone.controller)) {
    ctx.out.push(issue('unknown-controller', at(ctx, 'zones', zone.id, 'controller'), `controller '${zone.controller}' does not exist`));
  } else if (controller && controller.type !== 'evpn') {
    ctx.out.push(issue('not-evpn-controller', at(ctx, 'zones', zone.id, 'controller'), `controller '${zone.controller}' is of type '${controller.type}', not an evpn controller`));
  }
  const other = vrfVnis.get(zone['vrf-vxlan']);
  if (other !== undefined) {
    ctx.out.push(editRule(ctx, 'duplicate-vrf-vxlan', at(ctx, 'zones', zone.id, 'vrf-vxlan'), `vrf-vxlan ${zone['vrf-vxlan']} is already declared in zone '${other}'`));
  } else vrfVnis.set(zone['vrf-vxlan'], zone.id);
  const primary = zone['exitnodes-primary'];
  if (primary && !(zone.exitnodes ?? []).includes(primary)) {
    ctx.out.push(editRule(ctx, 'primary-not-exitnode', at(ctx, 'zones', zone.id, 'exitnodes-primary'), `exit node '${primary}' is not in exitnodes (${(zone.exitnodes ?? []).join(',') || 'none'})`));
  }
}

function checkVnets(ctx: Ctx): void {
  const vlanTags = new Map<string, string>(); // `${zone}/${tag}` → vnet
  const untagged = new Map<string, string>(); // qinq zone → tag-less vnet
  const vnis = new Map<number, string>();
  const vrfVnis = new Map<number, string>();
  for (const z of ctx.cfg.zones.values()) if (z.type === 'evpn') vrfVnis.set(z['vrf-vxlan'], z.id);

  for (const vnet of ctx.cfg.vnets.values()) {
    const zone = ctx.cfg.zones.get(vnet.zone);
    if (!zone) {
      if (!ctx.present.zones.has(vnet.zone)) ctx.out.push(issue('unknown-zone', at(ctx, 'vnets', vnet.id, 'zone'), `zone '${vnet.zone}' does not exist`));
      continue;
    }
    // spelled out only for a problem (thousands of VNets, rarely one)
    const tagPath = (): string => at(ctx, 'vnets', vnet.id, 'tag');
    switch (zone.type) {
      case 'simple':
        if (vnet.tag !== undefined) ctx.out.push(issue('tag-ignored', tagPath(), `vlan tag is not allowed on simple zone '${zone.id}' (ignored)`, 'warning'));
        break;
      case 'vlan':
      case 'qinq':
        checkVlanTag(ctx, vnet, zone, vlanTags, untagged);
        break;
      case 'vxlan':
      case 'evpn':
        if (vnet.tag === undefined) {
          ctx.out.push(editRule(ctx, 'missing-tag', tagPath(), `missing vxlan tag (VNI), required in ${zone.type} zone '${zone.id}'`));
          break;
        }
        if (vnis.has(vnet.tag)) ctx.out.push(editRule(ctx, 'duplicate-vni', tagPath(), `vxlan tag ${vnet.tag} already exists in vnet '${vnis.get(vnet.tag)}'`));
        else vnis.set(vnet.tag, vnet.id);
        if (vrfVnis.has(vnet.tag)) ctx.out.push(editRule(ctx, 'vni-is-vrf-vxlan', tagPath(), `vxlan tag ${vnet.tag} is the vrf-vxlan of zone '${vrfVnis.get(vnet.tag)}'`));
        if (zone.type === 'evpn' && vnet.vlanaware) {
          ctx.out.push(editRule(ctx, 'vlanaware-evpn', at(ctx, 'vnets', vnet.id, 'vlanaware'), "vlan-aware option can't be enabled with evpn"));
        }
        break;
    }
  }
}

function checkVlanTag(ctx: Ctx, vnet: Vnet, zone: Zone, tags: Map<string, string>, untagged: Map<string, string>): void {
  const tagPath = (): string => at(ctx, 'vnets', vnet.id, 'tag');
  if (vnet.tag === undefined) {
    if (zone.type === 'vlan') ctx.out.push(editRule(ctx, 'missing-tag', tagPath(), `missing vlan tag, required in vlan zone '${zone.id}'`));
    else if (untagged.has(zone.id)) ctx.out.push(editRule(ctx, 'duplicate-untagged', tagPath(), `tag-less vnet already exists in zone '${zone.id}': vnet '${untagged.get(zone.id)}'`));
    else untagged.set(zone.id, vnet.id);
    return;
  }
  if (vnet.tag > MAX_VLAN_TAG) {
    ctx.out.push(editRule(ctx, 'tag-range', tagPath(), `vlan tag max value is ${MAX_VLAN_TAG}`));
    return;
  }
  const key = `${zone.id}/${vnet.tag}`;
  const other = tags.get(key);
  if (other !== undefined) ctx.out.push(editRule(ctx, 'duplicate-tag', tagPath(), `tag ${vnet.tag} already exists in zone '${zone.id}': vnet '${other}'`));
  else tags.set(key, vnet.id);
}

function checkSubnets(ctx: Ctx): void {
  for (const subnet of ctx.cfg.subnets.values()) {
    const vnet = ctx.cfg.vnets.get(subnet.vnet);
    if (!vnet) {
      if (!ctx.present.vnets.has(subnet.vnet)) ctx.out.push(issue('unknown-vnet', at(ctx, 'subnets', subnet.id, 'vnet'), `vnet '${subnet.vnet}' does not exist`));
    } else {
      if (vnet.zone !== subnet.zone) {
        ctx.out.push(issue('subnet-zone', at(ctx, 'subnets', subnet.id, 'vnet'), `subnet id names zone '${subnet.zone}' but vnet '${vnet.id}' is in zone '${vnet.zone}'`));
      }
      if (vnet.vlanaware) ctx.out.push(editRule(ctx, 'vlanaware-subnet', at(ctx, 'subnets', subnet.id, 'vnet'), `you can't add a subnet on a vlanaware vnet ('${vnet.id}')`));
    }
    checkSubnetAddresses(ctx, subnet);
  }
}

function checkSubnetAddresses(ctx: Ctx, subnet: Subnet): void {
  const { cidr } = subnet;
  const cidrText = `${cidr.address.text}/${cidr.prefix}`;
  if (cidr.network !== cidr.address.value) {
    ctx.out.push(editRule(ctx, 'not-network-address', `${ctx.where('subnets')}${subnet.id}`, `${cidrText} is not a network address (host bits set)`));
  }
  if (subnet.gateway) {
    const gw = parseIp(subnet.gateway);
    // a /32 is a point-to-point route: the reference lets its gateway live elsewhere
    const pointToPoint = cidr.version === 4 && cidr.prefix === 32 && gw?.version === 4;
    if (gw && !cidrContains(cidr, gw) && !pointToPoint) {
      ctx.out.push(editRule(ctx, 'gateway-outside', at(ctx, 'subnets', subnet.id, 'gateway'), `${subnet.gateway} is not in subnet ${cidrText}`));
    }
  }
  checkDhcpRanges(ctx, subnet, cidrText);
}

function checkDhcpRanges(ctx: Ctx, subnet: Subnet, cidrText: string): void {
  const ranges = subnet['dhcp-range'];
  if (!ranges) return;
  const path = at(ctx, 'subnets', subnet.id, 'dhcp-range');
  const seen: Array<{ start: bigint; end: bigint }> = [];
  for (const text of ranges) {
    const range = parseDhcpRange(text);
    const start = range && parseIp(range['start-address']);
    const end = range && parseIp(range['end-address']);
    if (!range || !start || !end) {
      ctx.out.push(issue('bad-dhcp-range', path, `'${text}' is not 'start-address=<ip>,end-address=<ip>'`));
      continue;
    }
    const problem = !cidrContains(subnet.cidr, start)
      ? `start-address ${range['start-address']} is not in subnet ${cidrText}`
      : !cidrContains(subnet.cidr, end)
        ? `end-address ${range['end-address']} is not in subnet ${cidrText}`
        : start.value > end.value
          ? `start-address ${range['start-address']} must be smaller than end-address ${range['end-address']}`
          : seen.some((r) => start.value <= r.end && r.start <= end.value)
            ? 'dhcp ranges must not overlap'
            : null;
    if (problem) ctx.out.push(issue('bad-dhcp-range', path, problem));
    else seen.push({ start: start.value, end: end.value });
  }
}

/**
 * A node runs one BGP instance with one ASN. The reference turns the EVPN
 * sessions into eBGP when the node's BGP controller has another ASN; with an
 * iBGP BGP controller that leaves two iBGP designs with different ASNs on one
 * node, and the EVPN sessions to the other nodes cannot come up.
 */
function checkBgpAsns(ctx: Ctx): void {
  const evpn = [...ctx.cfg.controllers.values()].filter((c) => c.type === 'evpn');
  for (const c of ctx.cfg.controllers.values()) {
    if (c.type !== 'bgp' || c.ebgp) continue;
    for (const e of evpn) {
      // same ASN; the EVPN sessions chosen as eBGP; or the EVPN controller not on this node
      if (e.asn === c.asn || e['bgp-mode'] === 'external' || (e.nodes !== undefined && !e.nodes.includes(c.node))) continue;
      const message = `bgp controller '${c.id}' on node '${c.node}' is iBGP (ebgp not set) with asn ${c.asn}, but evpn controller '${e.id}' has asn ${e.asn}: one node has one BGP instance; use the same asn, set ebgp for an eBGP underlay, or bgp-mode external on the evpn controller`;
      ctx.out.push(issue('asn-conflict', at(ctx, 'controllers', c.id, 'asn'), message));
    }
  }
}

/**
 * FRR puts a neighbor in one peer group only: a BGP controller peer that is
 * also an EVPN peer makes bgpd refuse the config ("Cannot change the
 * peer-group"). The reference renders it (its case evpn/multipath_relax).
 */
function checkPeerGroupOverlap(ctx: Ctx): void {
  const evpnPeers = new Map<string, string>();
  for (const c of ctx.cfg.controllers.values()) {
    if (c.type === 'evpn' && c.peers) for (const p of splitList(c.peers)) evpnPeers.set(p, c.id);
  }
  for (const c of ctx.cfg.controllers.values()) {
    if (c.type !== 'bgp') continue;
    const shared = splitList(c.peers).filter((p) => evpnPeers.has(p));
    if (shared.length === 0) continue;
    const others = [...new Set(shared.map((p) => evpnPeers.get(p)))].join("', '");
    const message = `${shared.join(', ')} ${shared.length > 1 ? 'are also peers' : 'is also a peer'} of evpn controller '${others}': FRR refuses a neighbor in two peer groups (BGP and the EVPN group)`;
    ctx.out.push(editRule(ctx, 'peer-in-two-groups', at(ctx, 'controllers', c.id, 'peers'), message));
  }
}

function checkControllers(ctx: Ctx): void {
  checkBgpAsns(ctx);
  checkPeerGroupOverlap(ctx);
  const perNode = new Map<string, string>();
  for (const c of ctx.cfg.controllers.values()) {
    if (c.type === 'evpn' && Boolean(c.peers) === Boolean(c.fabric)) {
      ctx.out.push(issue('peers-or-fabric', at(ctx, 'controllers', c.id, 'peers'), 'must have exactly one of peers / fabric defined'));
    }
    if (c.type === 'bgp' || c.type === 'isis') {
      const key = `${c.type}/${c.node}`;
      const other = perNode.get(key);
      if (other) ctx.out.push(issue('duplicate-node-controller', at(ctx, 'controllers', c.id, 'node'), `only one ${c.type} controller per node: '${other}' already configures node '${c.node}'`));
      else perNode.set(key, c.id);
    }
  }
}

export function crossCheck(cfg: SdnConfig, present: PresentIds, where: WhereFn, purpose: Purpose = 'edit'): Issue[] {
  const ctx: Ctx = { cfg, present, where, purpose, out: [] };
  checkZones(ctx);
  checkVnets(ctx);
  checkSubnets(ctx);
  checkControllers(ctx);
  ctx.out.push(...crossCheckRouting(cfg, where));
  return ctx.out;
}
