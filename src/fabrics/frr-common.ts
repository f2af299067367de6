/**
 * FRR pieces every routing fabric adds (proxmox-ve-config `fabric::frr`):
 * which routes the fabric accepts (its `route_filter` prefix list, else an
 * access list of its prefixes) and a `pve_<protocol>` route-map entry that
 * sets the node's fabric address as the source of those routes, applied with
 * `ip protocol`, so traffic to the fabric leaves from the dummy loopback.
 */
import type { FrrDraft } from '../frr/draft.js';
import { ensure } from '../frr/draft.js';
import type { ProtocolRouteMap, RouteMapMatch } from '../frr/ir.js';
import { cidrText, type Fabric } from './fabric-config.js';
import type { FabricFrrState } from './plugin.js';

export type RoutingProtocol = 'openfabric' | 'ospf' | 'bgp';

/** First `pve_*` source entry number, and the step between fabrics. */
export const SOURCE_SEQ_START = 100;
const SOURCE_SEQ_STEP = 10;

export function takeSeq(state: FabricFrrState): number {
  const seq = state.nextSeq;
  state.nextSeq += SOURCE_SEQ_STEP;
  return seq;
}

/** The routes the fabric accepts, as route-map matches (none when it has no filter and no prefix). */
export function fabricMatches(frr: FrrDraft, protocol: RoutingProtocol, fabric: Fabric, v6: boolean): RouteMapMatch[] {
  const family = v6 ? 'ipv6' : 'ip';
  if ('route_filter' in fabric && fabric.route_filter !== undefined) return [{ key: `${family} address prefix-list`, value: fabric.route_filter }];
  const prefix = v6 ? fabric.ip6_prefix : fabric.ip_prefix;
  if (!prefix) return [];
  const name = `pve_${protocol}_${fabric.id}_ip${v6 ? '6' : ''}s`;
  frr.accessLists.set(name, [{ ipv6: v6, action: 'permit', network: cidrText(prefix) }]);
  return [{ key: `${family} address`, value: name }];
}

/** `route-map pve_<protocol>[6] permit SEQ / match … / set src ADDRESS`, applied by `ip[v6] protocol`. */
export function addSourceRouteMap(frr: FrrDraft, state: FabricFrrState, protocol: RoutingProtocol, v6: boolean, src: string, matches: RouteMapMatch[]): void {
  const name = `pve_${protocol}${v6 ? '6' : ''}`;
  ensure(frr.routeMaps, name, () => []).push({ action: 'permit', seq: takeSeq(state), matches, sets: [{ key: 'src', value: src }], custom: [] });
  const maps = ensure(frr.protocolRouteMaps, protocol, (): { -readonly [K in keyof ProtocolRouteMap]: ProtocolRouteMap[K] } => ({}));
  if (v6) maps.v6 = name;
  else maps.v4 = name;
}
