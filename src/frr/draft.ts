/**
 * A mutable draft of the FRR IR that plugins fill in, the way the
 * reference's controllers fill one hash: the first plugin that needs a
 * router creates it, later ones add peer groups, address families and
 * route-map entries. A finished draft is the readonly `FrrConfig`.
 */
import { DEFAULT_VRF, type BgpRouter, type FrrConfig, type L2vpnEvpnAf, type RouteMapEntry, type UnicastAf, type Vrf } from './ir.js';

/** `T` with every readonly property, array and map made mutable, recursively. */
export type Draft<T> =
  T extends ReadonlyMap<infer K, infer V>
    ? Map<K, Draft<V>>
    : T extends ReadonlyArray<infer U>
      ? Draft<U>[]
      : T extends object
        ? { -readonly [P in keyof T]: Draft<T[P]> }
        : T;

export type FrrDraft = Draft<FrrConfig>;
export type BgpRouterDraft = Draft<BgpRouter>;

/** The header the reference writes (its FRR version line is informational only). */
export function newFrrDraft(hostname: string): FrrDraft {
  return {
    header: { version: '10.4.1', defaults: 'datacenter', hostname, log: 'syslog informational' },
    vrfs: new Map(),
    bgpRouters: new Map(),
    isisRouters: new Map(),
    isisInterfaces: new Map(),
    prefixLists: new Map(),
    custom: [],
    openfabric: { routers: new Map(), interfaces: new Map() },
    ospf: { interfaces: new Map() },
    accessLists: new Map(),
    extcommunityLists: new Map(),
    routeMaps: new Map(),
    ipRoutes: [],
    protocolRouteMaps: new Map(),
  };
}

/** The value under `key`, created by `make` when absent. */
export function ensure<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}

export function newBgpRouter(asn: number, routerId: string): BgpRouterDraft {
  return { asn, routerId, neighborGroups: [], addressFamilies: {}, custom: [] };
}

export function defaultRouter(frr: FrrDraft): BgpRouterDraft | undefined {
  return frr.bgpRouters.get(DEFAULT_VRF);
}

export function newUnicastAf(): Draft<UnicastAf> {
  return { importVrf: [], neighbors: [], custom: [], networks: [], redistribute: [] };
}

export function newL2vpnEvpnAf(): Draft<L2vpnEvpnAf> {
  return { importVrf: [], neighbors: [], custom: [], defaultOriginate: [] };
}

export function newVrf(vni?: number): Draft<Vrf> {
  return { ...(vni !== undefined ? { vni } : {}), ipRoutes: [], custom: [] };
}

export function routeMapEntries(frr: FrrDraft, name: string): Draft<RouteMapEntry>[] {
  return ensure(frr.routeMaps, name, () => []);
}

export function routeMapEntry(action: RouteMapEntry['action'], parts: Partial<Pick<RouteMapEntry, 'matches' | 'sets'>> = {}): Draft<RouteMapEntry> {
  return { action, matches: [...(parts.matches ?? [])], sets: [...(parts.sets ?? [])], custom: [] };
}
