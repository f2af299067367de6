/**
 * Phase two for what zones reference in the routing layer: a VXLAN zone's
 * fabric (underlay instead of peers) and the EVPN controllers of a zone
 * (primary plus secondary ones, each with its own BGP peer group). The
 * controllers' own references are their plugins' checks (controllers/).
 */
import type { SdnConfig } from './sdn-config.js';
import { issue, type Issue } from '../model/issues.js';

type WhereFn = (kind: 'zones' | 'controllers') => string;

function checkFabricRefs(cfg: SdnConfig, where: WhereFn, out: Issue[]): void {
  for (const z of cfg.zones.values()) {
    if (z.type === 'vxlan' && z.fabric !== undefined && !cfg.fabrics.has(z.fabric)) {
      out.push(issue('unknown-fabric', `${where('zones')}${z.id}.fabric`, `fabric '${z.fabric}' does not exist`));
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
  checkSecondaryControllers(cfg, where, out);
  return out;
}
