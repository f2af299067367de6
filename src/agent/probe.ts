/**
 * Probes the facts a render needs from the live node: the route source
 * towards the first peer (the VTEP, when nothing else names one), the route
 * source towards the internet (the uplink, where SNAT leaves), a MAC for router-id
 * derivation, and the physical ports of each bridge. Nothing is sent on the
 * network: `ip route get` only asks the kernel.
 */
import type { SdnConfig } from '../sections/sdn-config.js';
import type { NodeFacts, RouteSource } from '../ir/facts.js';
import type { NodeHost } from './host.js';
import { readLinks, type IpLink } from './links.js';
import type { NodeName } from '../model/values.js';

/** Targets the reference asks the kernel about for SNAT (and for the route source when no peer is configured). */
const INTERNET_V4 = '8.8.8.8';
const INTERNET_V6 = '2001:4860:4860::8888';

/** The first peer the render will look up a route for (vxlan zone peers, then EVPN/BGP controller peers). */
export function firstPeer(config: SdnConfig): string | undefined {
  for (const zone of config.zones.values()) if (zone.type === 'vxlan' && zone.peers?.length) return zone.peers[0]?.written;
  for (const c of config.controllers.values()) if ((c.type === 'evpn' || c.type === 'bgp') && c.peers?.length) return c.peers[0]?.written;
  return undefined;
}

/** Parses `ip route get` output: `… dev vmbr0 src 192.168.0.1 …`. */
export function parseRouteGet(text: string): RouteSource | null {
  const dev = /\bdev (\S+)/.exec(text)?.[1];
  const src = /\bsrc (\S+)/.exec(text)?.[1];
  return dev && src ? { ip: src, iface: dev } : null;
}

async function routeSource(host: NodeHost, target: string): Promise<RouteSource | null> {
  const r = await host.runner.run('ip', ['route', 'get', target]);
  return r.code === 0 ? parseRouteGet(r.stdout) : null;
}

/** Ports of each bridge that lead off the node: physical NICs, bonds and VLAN devices (as the reference picks them). */
export function physicalBridgePorts(links: readonly IpLink[]): Record<string, string[]> {
  const bridges = new Set(links.filter((l) => l.linkinfo?.info_kind === 'bridge').map((l) => l.ifname));
  const out: Record<string, string[]> = {};
  for (const l of links) {
    const kind = l.linkinfo?.info_kind;
    const physical = kind === undefined || kind === 'bond' || kind === 'vlan';
    if (l.master && bridges.has(l.master) && physical) (out[l.master] ??= []).push(l.ifname);
  }
  for (const ports of Object.values(out)) ports.sort();
  return out;
}

export async function probeFacts(host: NodeHost, nodename: NodeName, config: SdnConfig): Promise<NodeFacts> {
  const peer = firstPeer(config);
  const uplink = await routeSource(host, INTERNET_V4);
  const uplink6 = await routeSource(host, INTERNET_V6);
  const route = peer ? await routeSource(host, peer) : uplink;
  const links = (await readLinks(host.runner, true)) ?? [];
  // the reference reads the MAC of the route's interface, or of its bridge
  const routeLink = route ? links.find((l) => l.ifname === route.iface) : undefined;
  const master = routeLink?.master ? links.find((l) => l.ifname === routeLink.master) : undefined;
  const mac = master?.address ?? routeLink?.address;
  return {
    nodename,
    routeSource: route,
    uplink,
    uplink6,
    ...(mac ? { defaultMac: mac } : {}),
    bridgePorts: physicalBridgePorts(links),
  };
}
