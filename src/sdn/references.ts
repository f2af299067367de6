/**
 * Who still uses a section: the reference refuses to delete a zone that has
 * VNets, a VNet that has subnets, and so on. Returns the refusal per
 * parameter, or null when the section is free to go. (Other dangling
 * references are caught by the model's checks at the next edit or apply.)
 */
import { PREFIX_LIST_MATCH_KEYS, splitRouteMapEntryId } from '../model/route-map.js';
import type { SetName } from './kinds.js';
import type { SdnState, TextSection } from './state.js';
import { sectionsNaming } from './value-index.js';

function users(state: SdnState, set: SetName, match: (s: TextSection) => boolean): string[] {
  return [...state.files[set].sections].filter(([, s]) => match(s)).map(([id]) => id);
}

const valueIs = (key: string, id: string) => (s: TextSection) => s.values.get(key) === id;

export function deleteBlocker(state: SdnState, set: SetName, id: string): Record<string, string> | null {
  switch (set) {
    case 'zones': {
      // the index answers whether any VNet is there; their names, in file order, only for the refusal
      if (sectionsNaming(state, 'vnets', id).size === 0) return null;
      const vnets = users(state, 'vnets', valueIs('zone', id));
      return vnets.length ? { zone: `zone ${id} is used by vnet ${vnets.join(', ')}; delete or move those vnets first` } : null;
    }
    case 'vnets':
      return sectionsNaming(state, 'subnets', id).size > 0 ? { vnet: "Can't delete vnet if subnets exists" } : null;
    case 'controllers': {
      const zones = users(state, 'zones', valueIs('controller', id));
      return zones.length ? { controller: `controller ${id} is used by zone ${zones.join(', ')}` } : null;
    }
    case 'ipams': {
      const zones = users(state, 'zones', valueIs('ipam', id));
      return zones.length ? { ipam: `ipam ${id} is used by zone ${zones.join(', ')}` } : null;
    }
    case 'dns': {
      const zones = users(state, 'zones', (s) => s.values.get('dns') === id || s.values.get('reversedns') === id);
      return zones.length ? { dns: `dns ${id} is used by zone ${zones.join(', ')}` } : null;
    }
    case 'prefix-lists': {
      // the reference's check_references: a fabric's route filter, a route map entry's match
      const fabrics = users(state, 'fabrics', valueIs('route_filter', id));
      if (fabrics.length) return { id: `prefix list ${id} is still referenced by fabric ${fabrics.join(', ')}` };
      const matching = users(state, 'route-maps', (s) => [s.values.get('match') ?? []].flat().some((m) => matchesPrefixList(m, id)));
      return matching.length ? { id: `prefix list ${id} is still referenced by route map entry ${matching.map((e) => splitRouteMapEntryId(e)).map((e) => `${e.name} #${e.order}`).join(', ')}` } : null;
    }
    case 'route-maps': {
      const map = splitRouteMapEntryId(id).name;
      // only the last entry of a map can leave a dangling reference
      const others = [...state.files['route-maps'].sections.keys()].filter((k) => k !== id && splitRouteMapEntryId(k).name === map);
      if (others.length > 0) return null;
      const controllers = users(state, 'controllers', (s) => [...s.values.values()].includes(map));
      return controllers.length ? { id: `route map ${map} is used by controller ${controllers.join(', ')}; remove the reference first` } : null;
    }
    default:
      return null;
  }
}

/** A route map entry's `match` text (`key=ip-address-prefix-list,value=pl`) names prefix list `id`. */
function matchesPrefixList(text: string, id: string): boolean {
  const fields = new Map(text.split(',').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
  return PREFIX_LIST_MATCH_KEYS.has(fields.get('key') ?? '') && fields.get('value') === id;
}
