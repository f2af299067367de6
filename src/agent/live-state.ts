/**
 * The node's live state, as its agent answers the API's queries
 * (`src/sdn/node-query.ts`), read with the commands the reference runs on the
 * node and reduced the way it reduces them:
 * - bridges (pve-network `Nodes/Zone.pm`, pve-common `PVE::IPRoute2`):
 *   `ip -details -json link show`; every port of a bridge (a link whose
 *   `info_slave_kind` is `bridge`), guest ports named after their guest and
 *   NIC; on a VLAN-aware bridge each port's PVID and other VLANs from
 *   `bridge -compressvlans -json vlan show`.
 * - ip-vrf (pve-rs `l3vpn_routes`): `vtysh -c 'show ip route vrf <vrf> json'`,
 *   the routes installed in that VRF; nexthops by address, else interface,
 *   without FRR's duplicates.
 * - mac-vrf (pve-rs `l2vpn_routes`): `vtysh -c 'show bgp l2vpn evpn route vni
 *   <vni> type 2 json'`, the best paths that carry a MAC, an IP and a nexthop.
 * - a fabric's routes, neighbors and interfaces: `fabric-state.ts`.
 */
import { parseInterfaces } from '../config/interfaces.js';
import type { NodeQuery } from '../sdn/node-query.js';
import { fabricState } from './fabric-state.js';
import { guestOfPort } from './guest-ports.js';
import type { NodeHost } from './host.js';
import { readLinks, type IpLink } from './links.js';
import { INTERFACES_PATH, type FrrPaths } from './node-plan.js';
import { failure } from './reload.js';

export interface BridgePort {
  readonly name: string;
  readonly vmid?: number;
  /** the guest's NIC, `net<n>` */
  readonly index?: string;
  /** VLAN-aware bridges only */
  readonly primary_vlan?: number;
  readonly vlans?: readonly string[];
}

export interface NodeBridge {
  readonly name: string;
  /** `"1"` VLAN-aware, `"0"` not; null when the node has no such bridge (the reference lists it all the same) */
  readonly vlan_filtering: string | null;
  readonly ports: readonly BridgePort[];
}

/** One entry of `bridge -json vlan show`. */
export interface PortVlans {
  readonly ifname: string;
  readonly vlans?: ReadonlyArray<{ readonly vlan?: number; readonly vlanEnd?: number; readonly flags?: readonly string[] }>;
}

export interface VrfRoute {
  readonly ip: string;
  readonly protocol: string;
  readonly metric: number;
  readonly nexthops: readonly string[];
}

export interface MacVrfEntry {
  readonly ip: string;
  readonly mac: string;
  readonly nexthop: string;
}

/** A port with its guest, and on a VLAN-aware bridge (`vlans` given) its PVID apart from its other VLANs. */
function bridgePort(name: string, vlans: PortVlans['vlans'] | null): BridgePort {
  const port = { name, ...guestOfPort(name) };
  if (!vlans) return port;
  let primary: number | undefined;
  const others: string[] = [];
  for (const v of vlans) {
    if (v.flags?.includes('PVID')) primary = v.vlan;
    else if (v.vlan && v.vlanEnd) others.push(`${v.vlan}-${v.vlanEnd}`);
    else if (v.vlan) others.push(String(v.vlan));
  }
  return { ...port, ...(primary !== undefined ? { primary_vlan: primary } : {}), vlans: others };
}

/** The bridges `names` (sorted) with their ports in link order. */
export function bridgesOf(names: readonly string[], links: readonly IpLink[], vlans: readonly PortVlans[]): NodeBridge[] {
  const vlansOf = new Map(vlans.map((v) => [v.ifname, v.vlans ?? []]));
  return [...new Set(names)].sort().map((name) => {
    const filtering = links.find((l) => l.ifname === name)?.linkinfo?.info_data?.vlan_filtering;
    const ports = links
      .filter((l) => l.master === name && l.linkinfo?.info_slave_kind === 'bridge')
      .map((l) => bridgePort(l.ifname, filtering === 1 ? (vlansOf.get(l.ifname) ?? []) : null));
    return { name, vlan_filtering: filtering === undefined ? null : String(filtering), ports };
  });
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

interface FrrRoute {
  readonly vrfName?: string;
  readonly installed?: boolean;
  readonly protocol?: string;
  readonly metric?: number;
  readonly nexthops?: ReadonlyArray<{ readonly ip?: string; readonly interfaceName?: string; readonly duplicate?: boolean }>;
}

/** The installed routes of `vrf` in FRR's `show ip route … json`. */
export function vrfRoutes(table: unknown, vrf: string): VrfRoute[] {
  if (!isObject(table)) throw new Error('FRR answered no route table');
  const out: VrfRoute[] = [];
  for (const [prefix, routes] of Object.entries(table)) {
    if (!Array.isArray(routes)) continue;
    for (const r of routes as FrrRoute[]) {
      if (r.vrfName !== vrf || r.installed !== true) continue;
      // a blackhole or unreachable nexthop has neither address nor interface
      const nexthops = (r.nexthops ?? []).filter((nh) => nh.duplicate !== true).flatMap((nh) => nh.ip ?? nh.interfaceName ?? []);
      out.push({ ip: prefix, protocol: String(r.protocol), metric: r.metric ?? 0, nexthops });
    }
  }
  return out;
}

interface EvpnPath {
  readonly bestpath?: boolean;
  readonly mac?: string;
  readonly ip?: string;
  readonly nexthops?: ReadonlyArray<{ readonly ip?: string }>;
}

/** The MAC/IP entries of FRR's `show bgp l2vpn evpn route vni … type 2 json`: best paths with a MAC, an IP and a nexthop. */
export function macVrf(routes: unknown): MacVrfEntry[] {
  if (!isObject(routes)) throw new Error('FRR answered no EVPN routes');
  const out: MacVrfEntry[] = [];
  // besides the routes: numPrefix, numPaths
  for (const route of Object.values(routes)) {
    if (!isObject(route) || !Array.isArray(route.paths)) continue;
    for (const path of (route.paths as unknown[]).flat() as EvpnPath[]) {
      const nexthop = path?.nexthops?.[0]?.ip;
      if (path?.bestpath === true && typeof path.mac === 'string' && typeof path.ip === 'string' && typeof nexthop === 'string') out.push({ ip: path.ip, mac: path.mac, nexthop });
    }
  }
  return out;
}

/**
 * One vtysh command's JSON; FRR's own tools find the node's FRR (`-N` for a
 * pathspace). Empty output is an empty table. With `silentIsEmpty`, a vtysh
 * that fails without output (no FRR, or not the protocol's daemon, running)
 * is an empty table too: the reference reads the fabric commands so (through
 * `sh -c`, their exit status unread). A command killed at its timeout fails.
 */
async function vtyshJson(host: NodeHost, frr: FrrPaths, command: string, timeoutMs: number, silentIsEmpty = false): Promise<unknown> {
  const r = await host.runSystem('vtysh', [...(frr.instance ? ['-N', frr.instance] : []), '-c', command], { timeoutMs });
  // the runner reports a command killed by a signal with code 128
  const noState = silentIsEmpty && r.code < 128 && r.stdout.trim() === '';
  if (r.code !== 0 && !noState) throw new Error(failure(r, `vtysh -c '${command}'`));
  if (r.stdout.trim() === '') return {};
  try {
    return JSON.parse(r.stdout);
  } catch {
    throw new Error(`vtysh -c '${command}' printed no JSON: ${r.stdout.trim().split('\n')[0] ?? ''}`);
  }
}

async function nodeBridges(host: NodeHost, names: readonly string[], timeoutMs: number): Promise<NodeBridge[]> {
  const links = await readLinks(host.runner, true);
  if (!links) throw new Error("'ip -details -json link show' failed");
  // VLANs only matter on VLAN-aware bridges (none on a kernel without bridge VLAN filtering)
  const aware = links.some((l) => names.includes(l.ifname) && l.linkinfo?.info_data?.vlan_filtering === 1);
  let vlans: PortVlans[] = [];
  if (aware) {
    const r = await host.runner.run('bridge', ['-compressvlans', '-json', 'vlan', 'show'], { timeoutMs });
    if (r.code !== 0) throw new Error(failure(r, "'bridge -compressvlans -json vlan show'"));
    vlans = JSON.parse(r.stdout) as PortVlans[];
  }
  return bridgesOf(names, links, vlans);
}

/** The bridges of the node's /etc/network/interfaces (its own file, not the sourced ones, as the reference reads it). */
function localBridges(host: NodeHost): string[] {
  return [...parseInterfaces(host.read(INTERFACES_PATH) ?? '').ifaces.values()].filter((i) => i.isBridge).map((i) => i.name);
}

/** What the agent answers `query` with; throws with the reason it cannot. */
export async function liveState(host: NodeHost, frr: FrrPaths, query: NodeQuery): Promise<unknown> {
  // a command must end before the server stops waiting, so the answer says why it failed
  const timeoutMs = Math.max(1000, query.timeoutMs - 1000);
  const ask = query.ask;
  switch (ask.kind) {
    case 'bridges':
      return nodeBridges(host, ask.bridges, timeoutMs);
    case 'local-bridges':
      return nodeBridges(host, localBridges(host), timeoutMs);
    case 'ip-vrf':
      // vtysh takes the words of its command line apart: only a plain name goes in
      if (!/^[\w.-]+$/.test(ask.vrf)) throw new Error(`invalid VRF name '${ask.vrf}'`);
      return vrfRoutes(await vtyshJson(host, frr, `show ip route vrf ${ask.vrf} json`, timeoutMs), ask.vrf);
    case 'mac-vrf':
      if (!Number.isInteger(ask.vni)) throw new Error(`invalid VNI '${String(ask.vni)}'`);
      return macVrf(await vtyshJson(host, frr, `show bgp l2vpn evpn route vni ${ask.vni} type 2 json`, timeoutMs));
    case 'fabric':
      return fabricState(ask, (command) => vtyshJson(host, frr, command, timeoutMs, true));
    default:
      throw new Error(`this agent does not know the query '${(ask as { kind: string }).kind}': update weft on the node`);
  }
}
