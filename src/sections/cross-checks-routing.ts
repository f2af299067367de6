/**
 * Phase two for what zones and controllers reference in the routing layer:
 * fabrics (underlay instead of peers), route maps (controller in/out), and the
 * EVPN controllers of a zone (primary plus secondary ones, each with its own
 * BGP peer group).
 */
import type { SdnConfig } from './sdn-config.js';
import { issue, type Issue } from '../model/issues.js';

type WhereFn = (kind: 'zones' | 'controllers') => string;

/** Peer groups Weft generates itself: the BGP controller's, and one per BGP fabric (its id). */
const BGP_CONTROLLER_PEER_GROUP = 'BGP';
export const DEFAULT_EVPN_PEER_GROUP = 'VTEP';

function checkFabricRefs(cfg: SdnConfig, where: WhereFn, out: Issue[]): void {
  for (const z of cfg.zones.values()) {
    if (z.type === 'vxlan' && z.fabric !== undefined && !cfg.fabrics.has(z.fabric)) {
      out.push(issue('unknown-fabric', `${where('zones')}${z.id}.fabric`, `fabric '${z.fabric}' does not exist`));
    }
  }
  for (const c of cfg.controllers.values()) {
    if (c.type === 'evpn' && c.fabric !== undefined && !cfg.fabrics.has(c.fabric)) {
      out.push(issue('unknown-fabric', `${where('controllers')}${c.id}.fabric`, `fabric '${c.fabric}' does not exist`));
    }
  }
}

function checkControllerPolicies(cfg: SdnConfig, where: WhereFn, out: Issue[]): void {
  const groups = new Map<string, string>();
  const bgpFabrics = new Set([...cfg.fabrics.values()].filter((e) => e.protocol === 'bgp').map((e) => e.fabric.id));
  for (const c of cfg.controllers.values()) {
    if (c.type === 'isis') continue;
    for (const key of ['route-map-in', 'route-map-out'] as const) {
      const name = c[key];
      if (name !== undefined && !cfg.routeMaps.has(name)) out.push(issue('unknown-route-map', `${where('controllers')}${c.id}.${key}`, `route map '${name}' does not exist`));
    }
    if (c.type !== 'evpn') continue;
    const group = c['peer-group-name'] ?? DEFAULT_EVPN_PEER_GROUP;
    const path = `${where('controllers')}${c.id}.peer-group-name`;
    const other = groups.get(group);
    if (other !== undefined) out.push(issue('duplicate-peer-group', path, `peer group '${group}' is already used by EVPN controller '${other}'; give each EVPN controller its own peer-group-name`));
    else groups.set(group, c.id);
    if (group === BGP_CONTROLLER_PEER_GROUP || bgpFabrics.has(group)) {
      out.push(issue('reserved-peer-group', path, `peer group '${group}' is the one of ${group === BGP_CONTROLLER_PEER_GROUP ? 'the BGP controller' : `BGP fabric '${group}'`}`));
    }
  }
}

function checkSecondaryControllers(cfg: SdnConfig, where: WhereFn, out: Issue[]): void {
  for (const z of cfg.zones.values()) {
    if (z.type !== 'evpn') continue;
    const path = `${where('zones')}${z.id}.secondary-controllers`;
    const seen = new Set([z.controller]);
    for (const id of z['secondary-controllers'] ?? []) {
      const c = cfg.controllers.get(id);
      if (seen.has(id)) out.push(issue('duplicate-controller', path, `controller '${id}' is listed twice for zone '${z.id}'`));
      else if (!c) out.push(issue('unknown-controller', path, `controller '${id}' does not exist`));
      else if (c.type !== 'evpn') out.push(issue('not-evpn-controller', path, `controller '${id}' is of type '${c.type}', not an evpn controller`));
      seen.add(id);
    }
  }
}

export function crossCheckRouting(cfg: SdnConfig, where: WhereFn): Issue[] {
  const out: Issue[] = [];
  checkFabricRefs(cfg, where, out);
  checkControllerPolicies(cfg, where, out);
  checkSecondaryControllers(cfg, where, out);
  return out;
}
