/**
 * The configured prefix lists and route maps into the FRR IR, on every node
 * with an frr.conf. Keys map to FRR's words (`ip6-next-hop` → `ipv6 next-hop
 * global`, as proxmox-frr renders them). A configured map or list replaces a
 * generated one of the same name; the reserved names keep that from happening.
 */
import type { PrefixList } from '../model/prefix-list.js';
import type { KeyValue, RouteMapEntry as ConfigEntry, RouteMaps } from '../model/route-map.js';
import type { Draft, FrrDraft } from './draft.js';
import type { RouteMapEntry } from './ir.js';

const MATCH_WORDS: Readonly<Record<string, string>> = {
  'route-type': 'evpn route-type',
  vni: 'evpn vni',
  'ip-address-prefix-list': 'ip address prefix-list',
  'ip6-address-prefix-list': 'ipv6 address prefix-list',
  'ip-next-hop-prefix-list': 'ip next-hop prefix-list',
  'ip6-next-hop-prefix-list': 'ipv6 next-hop prefix-list',
  'ip-next-hop-address': 'ip next-hop address',
  'ip6-next-hop-address': 'ipv6 next-hop address',
};

const SET_WORDS: Readonly<Record<string, string>> = {
  'ip-next-hop': 'ip next-hop',
  'ip-next-hop-peer-address': 'ip next-hop peer-address',
  'ip-next-hop-unchanged': 'ip next-hop unchanged',
  'ip6-next-hop': 'ipv6 next-hop global',
  'ip6-next-hop-peer-address': 'ipv6 next-hop peer-address',
  'ip6-next-hop-prefer-global': 'ipv6 next-hop prefer-global',
};

const EXIT_WORDS: Readonly<Record<string, string>> = { 'on-match-next': 'on-match next', 'on-match-goto': 'on-match goto', continue: 'continue' };

/** Keys FRR spells as they are (`metric`, `tag`, `local-preference`, …) map to themselves. */
const words = (table: Readonly<Record<string, string>>, kv: KeyValue) => ({ key: table[kv.key] ?? kv.key, ...(kv.value !== undefined ? { value: kv.value } : {}) });

function entry(e: ConfigEntry): Draft<RouteMapEntry> {
  const exit = e.exitAction ? [EXIT_WORDS[e.exitAction.key] ?? e.exitAction.key, e.exitAction.value].filter((w) => w !== undefined).join(' ') : undefined;
  return {
    action: e.action,
    seq: e.order,
    matches: e.match.map((m) => words(MATCH_WORDS, m)),
    sets: e.set.map((s) => words(SET_WORDS, s)),
    ...(e.call !== undefined ? { call: e.call } : {}),
    ...(exit !== undefined ? { exitAction: exit } : {}),
    custom: [],
  };
}

export function addPolicies(frr: FrrDraft, prefixLists: ReadonlyMap<string, PrefixList>, routeMaps: RouteMaps): void {
  for (const [name, list] of prefixLists) {
    frr.prefixLists.set(
      name,
      list.entries.map((e) => ({
        ipv6: e.prefix.version === 6,
        action: e.action,
        network: `${e.prefix.address.text}/${e.prefix.prefix}`,
        seq: e.seq,
        ...(e.le !== undefined ? { le: e.le } : {}),
        ...(e.ge !== undefined ? { ge: e.ge } : {}),
      })),
    );
  }
  for (const [name, entries] of routeMaps) frr.routeMaps.set(name, entries.map(entry));
}
