/**
 * A fabric's live state on its node (`/nodes/{node}/sdn/fabrics/{fabric}/…`),
 * read with the vtysh commands the reference runs and reduced as it reduces
 * them (pve-rs `PVE::RS::SDN::Fabrics` routes/neighbors/interfaces over
 * proxmox-frr's `de` types):
 * - routes: zebra's routes of the fabric's protocol (`show ip route
 *   openfabric json` and its IPv6 twin, `show ip route ospf json`); a prefix
 *   is the fabric's when one of its installed routes leaves through an
 *   interface of the fabric on this node (its `dummy_<fabric>` included);
 *   then every nexthop of every route of that prefix, by address, else
 *   interface, else `unreachable`. Prefixes in address order, IPv4 first.
 * - OpenFabric neighbors and interfaces: fabricd names each fabric's area
 *   after it (`show openfabric neighbor detail json`, `show openfabric
 *   interface json`), so the area's circuits are the fabric's.
 * - OSPF neighbors and interfaces: one OSPF instance serves every OSPF
 *   fabric, so they are the fabric's by interface (`show ip ospf neighbor
 *   json`: the first adjacency of each neighbor on a fabric interface;
 *   `show ip ospf interface json`: up or down, and the network type).
 */
import type { FabricQuery } from '../sdn/node-query.js';
import { parseCidr, type ParsedCidr } from '../model/ip.js';

export interface FabricRoute {
  readonly route: string;
  readonly via: readonly string[];
}

export interface FabricNeighbor {
  readonly neighbor: string;
  readonly status: string;
  readonly uptime: string;
}

export interface FabricInterface {
  readonly name: string;
  readonly state: string;
  readonly type: string;
}

type Json = Readonly<Record<string, unknown>>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const objects = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : []);
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The JSON object FRR printed, else an error naming what was asked. */
function table(json: unknown, what: string): Json {
  if (!isObject(json)) throw new Error(`FRR answered no ${what}`);
  return json;
}

/** Reference order (proxmox-network-types `Cidr`): IPv4 before IPv6, then address, then prefix length. */
function cidrOrder(a: ParsedCidr, b: ParsedCidr): number {
  if (a.version !== b.version) return a.version - b.version;
  if (a.address.value !== b.address.value) return a.address.value < b.address.value ? -1 : 1;
  return a.prefix - b.prefix;
}

/** How a nexthop is shown: its address, else its interface, else `unreachable` for a reject route; null for none of these. */
function via(nexthop: Json): string | null {
  return text(nexthop.ip) ?? text(nexthop.interfaceName) ?? (nexthop.unreachable === true ? 'unreachable' : null);
}

/** The routes of zebra's route tables (`show ip[v6] route <protocol> json`) that belong to the fabric, whose interfaces on this node are `interfaces`. */
export function fabricRoutes(tables: readonly unknown[], interfaces: ReadonlySet<string>): FabricRoute[] {
  const prefixes: { cidr: ParsedCidr; routes: Json[] }[] = [];
  for (const t of tables) {
    for (const [prefix, routes] of Object.entries(table(t, 'route table'))) {
      const cidr = parseCidr(prefix);
      // zebra keys its table by prefix; anything else is no route
      if (cidr) prefixes.push({ cidr, routes: objects(routes) });
    }
  }
  const leaves = (r: Json) => objects(r.nexthops).some((nh) => interfaces.has(text(nh.interfaceName) ?? ''));
  return prefixes
    .filter((p) => p.routes.some((r) => r.installed === true && leaves(r)))
    .sort((a, b) => cidrOrder(a.cidr, b.cidr))
    .map((p) => ({ route: `${p.cidr.address.text}/${p.cidr.prefix}`, via: p.routes.flatMap((r) => objects(r.nexthops).flatMap((nh) => via(nh) ?? [])) }));
}

/** The circuits of the fabric's area in fabricd's `{ areas: [{ area, circuits }] }`. */
function areaCircuits(json: unknown, fabric: string, what: string): Json[] {
  return objects(table(json, what).areas)
    .filter((a) => a.area === fabric)
    .flatMap((a) => objects(a.circuits));
}

/** `show openfabric neighbor detail json`: each adjacency of the fabric's area with its state and time since its last change. */
export function openfabricNeighbors(json: unknown, fabric: string): FabricNeighbor[] {
  return areaCircuits(json, fabric, 'OpenFabric neighbors').flatMap((c) => {
    const adj = text(c.adj);
    const iface = isObject(c.interface) ? c.interface : undefined;
    const state = text(iface?.state);
    // a circuit without an adjacency yet lists only its number
    return adj !== undefined && state !== undefined ? [{ neighbor: adj, status: state, uptime: text(iface?.['last-ago']) ?? '' }] : [];
  });
}

/** fabricd's circuit types (`p2p`, `lan`, `loopback`) as the reference names them. */
const OPENFABRIC_TYPES: Readonly<Record<string, string>> = { p2p: 'Point-To-Point', lan: 'Broadcast', loopback: 'Loopback' };

/** `show openfabric interface json`: each circuit of the fabric's area, its state (`Init`, `Config`, `Up`, `Unknown`) and type. */
export function openfabricInterfaces(json: unknown, fabric: string): FabricInterface[] {
  return areaCircuits(json, fabric, 'OpenFabric interfaces').flatMap((c) => {
    const iface = isObject(c.interface) ? c.interface : undefined;
    const name = text(iface?.name);
    if (!iface || name === undefined) return [];
    const type = text(iface.type) ?? 'Unknown';
    return [{ name, state: text(iface.state) ?? 'Unknown', type: OPENFABRIC_TYPES[type] ?? type }];
  });
}

/** Map keys in the reference's order (a Rust BTreeMap of strings: by code unit). */
const sortedEntries = (o: Json): [string, unknown][] => Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/**
 * `show ip ospf neighbor json` (`{ neighbors: { <router-id>: [adjacency] } }`):
 * per neighbor, its first adjacency over an interface of the fabric
 * (`ifaceName` is `<interface>:<local address>`), by its address there.
 */
export function ospfNeighbors(json: unknown, interfaces: ReadonlySet<string>): FabricNeighbor[] {
  const neighbors = table(json, 'OSPF neighbors').neighbors;
  return sortedEntries(isObject(neighbors) ? neighbors : {}).flatMap(([, adjacencies]) => {
    const adj = objects(adjacencies).find((a) => {
      const name = text(a.ifaceName) ?? '';
      return name.includes(':') && interfaces.has(name.slice(0, name.indexOf(':')));
    });
    return adj ? [{ neighbor: text(adj.ifaceAddress) ?? '', status: text(adj.nbrState) ?? '', uptime: text(adj.upTime) ?? '' }] : [];
  });
}

/** ospfd's network types as the reference names them. */
const OSPF_TYPES: Readonly<Record<string, string>> = {
  POINTOPOINT: 'Point-To-Point',
  BROADCAST: 'Broadcast',
  POINTOMULTIPOINT: 'Point-To-Multipoint',
  VIRTUALLINK: 'Virtual Link',
  LOOPBACK: 'Loopback',
};

/** `show ip ospf interface json`: the fabric's interfaces, `up` or `down`, and their configured network type. */
export function ospfInterfaces(json: unknown, interfaces: ReadonlySet<string>): FabricInterface[] {
  const all = table(json, 'OSPF interfaces').interfaces;
  return sortedEntries(isObject(all) ? all : {}).flatMap(([name, iface]) => {
    if (!interfaces.has(name) || !isObject(iface)) return [];
    const type = text(iface.networkType) ?? '';
    return [{ name, state: iface.ifUp === true ? 'up' : 'down', type: OSPF_TYPES[type] ?? type }];
  });
}

/** Runs one vtysh command and returns its JSON (`{}` when FRR has no state). */
export type VtyshJson = (command: string) => Promise<unknown>;

/** What the node answers about the fabric in `ask`. */
export async function fabricState(ask: FabricQuery, vtysh: VtyshJson): Promise<FabricRoute[] | FabricNeighbor[] | FabricInterface[]> {
  const openfabric = ask.protocol === 'openfabric';
  // routes and OSPF state are the fabric's by the node's interfaces in it: a node not in the fabric has none
  if (ask.interfaces === null && (ask.what === 'routes' || !openfabric)) return [];
  const interfaces = new Set(ask.interfaces ?? []);
  switch (ask.what) {
    case 'routes': {
      const commands = openfabric ? ['show ip route openfabric json', 'show ipv6 route openfabric json'] : ['show ip route ospf json'];
      const tables: unknown[] = [];
      for (const command of commands) tables.push(await vtysh(command));
      return fabricRoutes(tables, interfaces);
    }
    case 'neighbors':
      return openfabric ? openfabricNeighbors(await vtysh('show openfabric neighbor detail json'), ask.fabric) : ospfNeighbors(await vtysh('show ip ospf neighbor json'), interfaces);
    case 'interfaces':
      return openfabric ? openfabricInterfaces(await vtysh('show openfabric interface json'), ask.fabric) : ospfInterfaces(await vtysh('show ip ospf interface json'), interfaces);
  }
}
