/**
 * FRR IR → the text of `/etc/frr/frr.conf`, byte for byte as the reference
 * writes it. Every ordering decision is one of the named rules below; the
 * block functions only emit lines.
 */
import { byteOrder } from '../ir/ifupdown/ir.js';
import {
  DEFAULT_VRF,
  type AccessListRule,
  type BgpRouter,
  type FrrConfig,
  type IpRoute,
  type IsisInterface,
  type IsisRouter,
  type L2vpnEvpnAf,
  type NeighborGroup,
  type PrefixListRule,
  type OpenfabricConfig,
  type OspfConfig,
  type RouteMapEntry,
  type UnicastAf,
  type Vrf,
} from './ir.js';

/** Ordering rule: named blocks of one kind (VRFs, prefix lists, route maps, …) by name, byte order. */
export function byName<V>(map: ReadonlyMap<string, V>): [string, V][] {
  return [...map.entries()].sort(([a], [b]) => byteOrder(a, b));
}

/** Ordering rule: the default VRF's `router bgp` first, then the VRF instances by name. */
export function bgpRouterOrder(routers: ReadonlyMap<string, BgpRouter>): [string, BgpRouter][] {
  return byName(routers).sort(([a], [b]) => Number(b === DEFAULT_VRF) - Number(a === DEFAULT_VRF));
}

/**
 * Ordering rule: route-map entries are numbered 1, 2, … in list order (the
 * reference renumbers them all before writing); entries merged from
 * frr.conf.local continue the numbering of their map. Entries that carry
 * their own number (fabric and user route maps) keep it.
 */
export const routeMapSeq = (index: number): number => index + 1;

/**
 * Ordering rule, the file's sections: header, VRFs, BGP instances, IS-IS,
 * prefix lists, the local file's top-level lines, OpenFabric, OSPF, access
 * lists, extended community lists, route maps, static routes, protocol route
 * maps, `line vty`.
 */
const SECTIONS: ReadonlyArray<(c: FrrConfig, out: string[]) => void> = [
  (c, out) => byName(c.vrfs).forEach(([name, vrf]) => vrfBlock(name, vrf, out)),
  (c, out) => bgpRouterOrder(c.bgpRouters).forEach(([vrf, r]) => bgpRouterBlock(vrf, r, out)),
  (c, out) => byName(c.isisRouters).forEach(([name, r]) => isisRouterBlock(name, r, out)),
  (c, out) => byName(c.isisInterfaces).forEach(([name, i]) => isisInterfaceBlock(name, i, out)),
  (c, out) => byName(c.prefixLists).forEach(([name, rules]) => prefixListBlock(name, rules, out)),
  (c, out) => out.push(...c.custom),
  (c, out) => openfabricBlocks(c.openfabric, out),
  (c, out) => ospfBlocks(c.ospf, out),
  (c, out) => byName(c.accessLists).forEach(([name, rules]) => accessListBlock(name, rules, out)),
  (c, out) => byName(c.extcommunityLists).forEach(([name, targets]) => out.push('!', ...targets.map((rt) => `bgp extcommunity-list standard ${name} permit rt ${rt}`))),
  (c, out) => byName(c.routeMaps).forEach(([name, entries]) => entries.forEach((e, i) => routeMapBlock(name, e.seq ?? routeMapSeq(i), e, out))),
  (c, out) => c.ipRoutes.forEach((r) => out.push('!', ipRouteLine(r))),
  (c, out) => byName(c.protocolRouteMaps).forEach(([protocol, maps]) => protocolRouteMapBlock(protocol, maps, out)),
];

export function serializeFrr(config: FrrConfig): string {
  const { header } = config;
  const out = [`frr version ${header.version}`, `frr defaults ${header.defaults}`, `hostname ${header.hostname}`, `log ${header.log}`, 'service integrated-vtysh-config'];
  for (const section of SECTIONS) section(config, out);
  out.push('!', 'line vty', '!');
  return `${out.join('\n')}\n`;
}

function ipRouteLine(r: IpRoute): string {
  return `${r.ipv6 ? 'ipv6' : 'ip'} route ${r.prefix} ${r.via}${r.vrf ? ` ${r.vrf}` : ''}`;
}

function vrfBlock(name: string, vrf: Vrf, out: string[]): void {
  out.push('!', `vrf ${name}`);
  if (vrf.vni !== undefined) out.push(` vni ${vrf.vni}`);
  for (const r of vrf.ipRoutes) out.push(` ${ipRouteLine(r)}`);
  out.push(...vrf.custom, 'exit-vrf');
}

function neighborGroupLines(g: NeighborGroup, out: string[]): void {
  out.push(` neighbor ${g.name} peer-group`, ` neighbor ${g.name} remote-as ${g.remoteAs}`);
  if (g.localAs) out.push(` neighbor ${g.name} local-as ${g.localAs.asn}${g.localAs.mode ? ` ${g.localAs.mode}` : ''}`);
  if (g.bfd) out.push(` neighbor ${g.name} bfd`);
  if (g.ebgpMultihop) out.push(` neighbor ${g.name} ebgp-multihop ${g.ebgpMultihop}`);
  if (g.updateSource) out.push(` neighbor ${g.name} update-source ${g.updateSource}`);
  for (const ip of g.ips) out.push(` neighbor ${ip} peer-group ${g.name}`);
  for (const iface of g.interfaces) out.push(` neighbor ${iface} interface peer-group ${g.name}`);
}

function commonAfLines(af: UnicastAf | L2vpnEvpnAf, out: string[]): void {
  for (const vrf of af.importVrf) out.push(`  import vrf ${vrf}`);
  for (const n of af.neighbors) {
    out.push(`  neighbor ${n.name} activate`);
    if (n.softReconfigurationInbound) out.push(`  neighbor ${n.name} soft-reconfiguration inbound`);
    if (n.routeMapIn) out.push(`  neighbor ${n.name} route-map ${n.routeMapIn} in`);
    if (n.routeMapOut) out.push(`  neighbor ${n.name} route-map ${n.routeMapOut} out`);
  }
}

function unicastAfBlock(family: 'ipv4' | 'ipv6', af: UnicastAf, out: string[]): void {
  out.push(' !', ` address-family ${family} unicast`);
  for (const n of af.networks) out.push(`  network ${n}`);
  commonAfLines(af, out);
  for (const r of af.redistribute) out.push(`  redistribute ${r.protocol}${r.metric ? ` metric ${r.metric}` : ''}${r.routeMap ? ` route-map ${r.routeMap}` : ''}`);
  out.push(...af.custom, ' exit-address-family');
}

function l2vpnEvpnAfBlock(af: L2vpnEvpnAf, out: string[]): void {
  out.push(' !', ' address-family l2vpn evpn');
  commonAfLines(af, out);
  if (af.advertiseAllVni) out.push('  advertise-all-vni');
  if (af.advertiseDefaultGw) out.push('  advertise-default-gw');
  if (af.autortAs) out.push(`  autort as ${af.autortAs}`);
  for (const family of af.defaultOriginate) out.push(`  default-originate ${family}`);
  if (af.advertiseIpv4Unicast) out.push('  advertise ipv4 unicast');
  if (af.advertiseIpv6Unicast) out.push('  advertise ipv6 unicast');
  const rt = af.routeTargets;
  if (rt) {
    for (const t of rt.import) out.push(`  route-target import ${t}`);
    for (const t of rt.export) out.push(`  route-target export ${t}`);
    for (const t of rt.both) out.push(`  route-target both ${t}`);
  }
  out.push(...af.custom, ' exit-address-family');
}

function bgpRouterBlock(vrf: string, r: BgpRouter, out: string[]): void {
  out.push('!', vrf === DEFAULT_VRF ? `router bgp ${r.asn}` : `router bgp ${r.asn} vrf ${vrf}`, ` bgp router-id ${r.routerId}`);
  if (r.hardAdministrativeReset === false) out.push(' no bgp hard-administrative-reset');
  if (r.defaultIpv4Unicast === false) out.push(' no bgp default ipv4-unicast');
  if (r.coalesceTime) out.push(` coalesce-time ${r.coalesceTime}`);
  if (r.gracefulRestartNotification === false) out.push(' no bgp graceful-restart notification');
  if (r.disableEbgpConnectedRouteCheck) out.push(' bgp disable-ebgp-connected-route-check');
  if (r.bestpathAsPathMultipathRelax) out.push(' bgp bestpath as-path multipath-relax');
  for (const g of r.neighborGroups) neighborGroupLines(g, out);
  out.push(...r.custom);
  const afs = r.addressFamilies;
  if (afs.ipv4Unicast) unicastAfBlock('ipv4', afs.ipv4Unicast, out);
  if (afs.ipv6Unicast) unicastAfBlock('ipv6', afs.ipv6Unicast, out);
  if (afs.l2vpnEvpn) l2vpnEvpnAfBlock(afs.l2vpnEvpn, out);
  out.push('exit');
}

function isisRouterBlock(name: string, r: IsisRouter, out: string[]): void {
  out.push('!', `router isis ${name}`, ` net ${r.net}`);
  if (r.redistribute) out.push(` redistribute ipv4 connected ${r.redistribute.ipv4Connected}`, ` redistribute ipv6 connected ${r.redistribute.ipv6Connected}`);
  if (r.logAdjacencyChanges) out.push(' log-adjacency-changes');
  out.push(...r.custom, 'exit');
}

function isisInterfaceBlock(name: string, i: IsisInterface, out: string[]): void {
  out.push('!', `interface ${name}`);
  if (i.ipv4) out.push(` ip router isis ${i.domain}`);
  if (i.ipv6) out.push(` ipv6 router isis ${i.domain}`);
  out.push(...i.custom, 'exit');
}

/** Ordering rule: routers, then interfaces, each by name (the reference keeps both in sorted maps). */
function openfabricBlocks(p: OpenfabricConfig, out: string[]): void {
  for (const [name, r] of byName(p.routers)) out.push('!', `router openfabric ${name}`, ` net ${r.net}`, 'exit');
  for (const [name, i] of byName(p.interfaces)) {
    out.push('!', `interface ${name}`);
    if (i.ipv4) out.push(` ip router openfabric ${i.fabric}`);
    if (i.ipv6) out.push(` ipv6 router openfabric ${i.fabric}`);
    if (i.passive) out.push(' openfabric passive');
    if (i.helloInterval) out.push(` openfabric hello-interval ${i.helloInterval}`);
    if (i.helloMultiplier) out.push(` openfabric hello-multiplier ${i.helloMultiplier}`);
    if (i.csnpInterval) out.push(` openfabric csnp-interval ${i.csnpInterval}`);
    out.push('exit');
  }
}

function ospfBlocks(p: OspfConfig, out: string[]): void {
  if (p.router) {
    out.push('!', 'router ospf', ` ospf router-id ${p.router.routerId}`);
    for (const r of p.router.redistribute) out.push(` redistribute ${r.source}${r.metric !== undefined ? ` metric ${r.metric}` : ''}${r.routeMap ? ` route-map ${r.routeMap}` : ''}`);
    out.push('exit');
  }
  for (const [name, i] of byName(p.interfaces)) {
    out.push('!', `interface ${name}`, ` ip ospf area ${i.area}`);
    if (i.passive) out.push(' ip ospf passive');
    if (i.networkType) out.push(` ip ospf network ${i.networkType}`);
    out.push('exit');
  }
}

function prefixListBlock(name: string, rules: readonly PrefixListRule[], out: string[]): void {
  out.push('!');
  for (const r of rules) {
    const seq = r.seq !== undefined ? `seq ${r.seq} ` : '';
    out.push(`${r.ipv6 ? 'ipv6' : 'ip'} prefix-list ${name} ${seq}${r.action} ${r.network}${r.le ? ` le ${r.le}` : ''}${r.ge ? ` ge ${r.ge}` : ''}`);
  }
}

function accessListBlock(name: string, rules: readonly AccessListRule[], out: string[]): void {
  out.push('!');
  for (const r of rules) out.push(`${r.ipv6 ? 'ipv6 ' : ''}access-list ${name} ${r.seq !== undefined ? `seq ${r.seq} ` : ''}${r.action} ${r.network}`);
}

function routeMapBlock(name: string, seq: number, e: RouteMapEntry, out: string[]): void {
  out.push('!', `route-map ${name} ${e.action} ${seq}`);
  for (const m of e.matches) out.push(` match ${m.key}${m.value !== undefined ? ` ${m.value}` : ''}`);
  for (const s of e.sets) out.push(` set ${s.key}${s.value !== undefined ? ` ${s.value}` : ''}`);
  if (e.call) out.push(` call ${e.call}`);
  if (e.exitAction) out.push(` ${e.exitAction}`);
  out.push(...e.custom, 'exit');
}

function protocolRouteMapBlock(protocol: string, maps: { readonly v4?: string; readonly v6?: string }, out: string[]): void {
  out.push('!');
  if (maps.v4) out.push(`ip protocol ${protocol} route-map ${maps.v4}`);
  if (maps.v6) out.push('!', `ipv6 protocol ${protocol} route-map ${maps.v6}`);
}
