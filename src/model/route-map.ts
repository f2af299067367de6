/**
 * Route maps (`route-maps.cfg`): one `route-map-entry: NAME_ORDER` section per
 * entry, with `action`, repeated `match key=…,value=…` and `set key=…,value=…`
 * lines, an optional `call` of another route map and an `exit-action`
 * (`on-match-next`, `on-match-goto`, `continue`). Keys and value rules are the
 * reference's (proxmox-ve-config `sdn::route_map`).
 */
import { parseIp } from './ip.js';
import { issue, type Issue } from './issues.js';
import { POLICY_NAME_PATTERN } from './prefix-list.js';
import type { PropertyStringSchema } from './schema.js';
import { optional, required, type SectionKind, type SectionRecord } from './section-kind.js';

/** Names the controllers and fabrics generate; `pve_` is the fabric prefix. */
export function isReservedRouteMap(name: string): boolean {
  return name === 'MAP_VTEP_IN' || name === 'MAP_VTEP_OUT' || name === 'correct_src' || name.startsWith('pve_');
}

type ValueCheck = (value: string) => string | null;
/** A key takes no value (`none`) or a value passing `check`. */
type KeyRule = 'none' | ValueCheck;

const UINT32_MAX = 4294967295;
const uint = (max: number, min = 0): ValueCheck => (v) => (/^\d+$/.test(v) && Number(v) >= min && Number(v) <= max ? null : `expected a number ${min}-${max}`);
const ipOf = (version: 4 | 6 | null): ValueCheck => (v) => {
  const ip = parseIp(v);
  return ip && (version === null || ip.version === version) ? null : `expected an ${version ? `IPv${version}` : 'IP'} address`;
};
const policyName: ValueCheck = (v) => (new RegExp(`^${POLICY_NAME_PATTERN}$`).test(v) ? null : 'expected a prefix list name');
const tag: ValueCheck = (v) => (v === 'untagged' || uint(UINT32_MAX, 1)(v) === null ? null : "expected a tag 1-4294967295 or 'untagged'");
/** N sets, +N / -N adjusts */
const modify: ValueCheck = (v) => (/^[+-]?\d+$/.test(v) && Math.abs(Number(v)) <= UINT32_MAX ? null : 'expected N, +N or -N');
const setMetric: ValueCheck = (v) => (['rtt', '+rtt', '-rtt', 'igp', 'aigp'].includes(v) || modify(v) === null ? null : 'expected N, +N, -N, rtt, +rtt, -rtt, igp or aigp');
const word: ValueCheck = (v) => (/^\S+$/.test(v) ? null : 'expected one word');

export const MATCH_KEYS: Readonly<Record<string, KeyRule>> = {
  'route-type': (v) => (['ead', 'macip', 'multicast', 'es', 'prefix'].includes(v) ? null : 'expected ead, macip, multicast, es or prefix'),
  vni: uint(16777215, 1),
  'ip-address-prefix-list': policyName,
  'ip6-address-prefix-list': policyName,
  'ip-next-hop-prefix-list': policyName,
  'ip6-next-hop-prefix-list': policyName,
  'ip-next-hop-address': ipOf(4),
  'ip6-next-hop-address': ipOf(6),
  metric: uint(UINT32_MAX),
  'local-preference': uint(UINT32_MAX),
  peer: word,
  tag,
};

export const SET_KEYS: Readonly<Record<string, KeyRule>> = {
  'ip-next-hop': ipOf(4),
  'ip-next-hop-peer-address': 'none',
  'ip-next-hop-unchanged': 'none',
  'ip6-next-hop': ipOf(6),
  'ip6-next-hop-peer-address': 'none',
  'ip6-next-hop-prefer-global': 'none',
  'local-preference': modify,
  tag,
  weight: uint(UINT32_MAX),
  metric: setMetric,
  src: ipOf(null),
};

/** FRR route-map sequence numbers are 1-65535. */
const ORDER_MAX = 65535;
export const EXIT_KEYS: Readonly<Record<string, KeyRule>> = {
  'on-match-next': 'none',
  'on-match-goto': uint(ORDER_MAX, 1),
  continue: uint(ORDER_MAX, 1),
};

function keyValue(keys: Readonly<Record<string, KeyRule>>, what: string) {
  return {
    key: { type: 'string', enum: Object.keys(keys), description: `What to ${what}.` },
    value: { type: 'string', optional: true, description: 'The value; depends on the key.' },
  } as const satisfies PropertyStringSchema;
}

export const routeMapKind = {
  name: 'route-maps',
  file: 'route-maps.cfg',
  idProperty: 'id',
  idSchema: { type: 'string', pattern: `${POLICY_NAME_PATTERN}_\\d+`, description: 'Route map name and entry order: <name>_<order>.' },
  displayId: (id: string) => id.replace(/_(\d+)$/, '/$1'),
  properties: {
    action: { type: 'string', enum: ['permit', 'deny'], description: 'Permit (after the set actions) or deny matching routes.' },
    match: { type: 'array', items: { type: 'string', properties: keyValue(MATCH_KEYS, 'match') }, description: 'Match conditions; all must hold.' },
    set: { type: 'array', items: { type: 'string', properties: keyValue(SET_KEYS, 'set') }, description: 'Attributes to set on a match.' },
    call: { type: 'string', pattern: POLICY_NAME_PATTERN, description: 'Route map to call after this entry.' },
    'exit-action': { type: 'string', properties: keyValue(EXIT_KEYS, 'do after a match'), description: 'How evaluation continues after a match.' },
  },
  types: { 'route-map-entry': { action: required, match: optional, set: optional, call: optional, 'exit-action': optional } },
} as const satisfies SectionKind<'route-map-entry'>;

/** A `route-map-entry` section as the decoder makes it from the kind's tables. */
export type RouteMapSection = SectionRecord<typeof routeMapKind, 'route-map-entry'>;

/** A match, set or exit action: its key and, for the keys that take one, its value. */
export type KeyValue = NonNullable<RouteMapSection['exit-action']>;

export interface RouteMapEntry {
  readonly routeMap: string;
  readonly order: number;
  readonly action: 'permit' | 'deny';
  readonly match: readonly KeyValue[];
  readonly set: readonly KeyValue[];
  readonly call?: string;
  readonly exitAction?: KeyValue;
}

/** Route maps by name, each entry list in order. */
export type RouteMaps = ReadonlyMap<string, readonly RouteMapEntry[]>;

/** `bgp-out_10` → name `bgp-out`, order 10 (the last `_` splits: names may contain `_`). */
export function splitRouteMapEntryId(id: string): { name: string; order: number } {
  const at = id.lastIndexOf('_');
  return { name: id.slice(0, at), order: Number(id.slice(at + 1)) };
}

function checkKeyValue(kv: KeyValue, keys: Readonly<Record<string, KeyRule>>, path: string, out: Issue[]): void {
  const rule = keys[kv.key];
  if (rule === undefined) return; // the enum already refused it
  if (rule === 'none') {
    if (kv.value !== undefined) out.push(issue('bad-value', path, `${kv.key} takes no value`));
    return;
  }
  const problem = kv.value === undefined ? 'a value is required' : rule(kv.value);
  if (problem) out.push(issue('bad-value', path, `${kv.key}: ${problem}`));
}

/** Decoded sections → route maps, with the value of every match/set/exit key checked. */
export function buildRouteMaps(sections: ReadonlyMap<string, RouteMapSection>, where: string): { routeMaps: Map<string, RouteMapEntry[]>; issues: Issue[] } {
  const out: Issue[] = [];
  const maps = new Map<string, RouteMapEntry[]>();
  for (const [id, r] of sections) {
    const { name, order } = splitRouteMapEntryId(id);
    const path = `${where}${name}/${order}`;
    if (order < 1 || order > ORDER_MAX) out.push(issue('bad-id', `${path}.order`, `order ${order} is outside FRR's route-map sequence range 1-${ORDER_MAX}`));
    if (isReservedRouteMap(name)) out.push(issue('reserved-name', path, `'${name}' is reserved for generated route maps (MAP_VTEP_IN, MAP_VTEP_OUT, correct_src, pve_*)`));
    const match = r.match ?? [];
    const set = r.set ?? [];
    match.forEach((kv, i) => checkKeyValue(kv, MATCH_KEYS, `${path}.match[${i}]`, out));
    set.forEach((kv, i) => checkKeyValue(kv, SET_KEYS, `${path}.set[${i}]`, out));
    const exit = r['exit-action'];
    if (exit) {
      checkKeyValue(exit, EXIT_KEYS, `${path}.exit-action`, out);
      // FRR jumps only forward: a goto/continue target must come after this entry
      if (exit.key !== 'on-match-next' && exit.value !== undefined && Number(exit.value) <= order) {
        out.push(issue('bad-value', `${path}.exit-action`, `${exit.key} ${exit.value} must point after this entry (order ${order})`));
      }
    }
    const entry: RouteMapEntry = {
      routeMap: name,
      order,
      action: r.action,
      match,
      set,
      ...(r.call !== undefined ? { call: r.call } : {}),
      ...(exit ? { exitAction: exit } : {}),
    };
    const list = maps.get(name) ?? [];
    list.push(entry);
    maps.set(name, list);
  }
  const sorted = new Map([...maps].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k, v.sort((a, b) => a.order - b.order)]));
  return { routeMaps: sorted, issues: out };
}

/** Match keys that name a prefix list. */
export const PREFIX_LIST_MATCH_KEYS: ReadonlySet<string> = new Set(['ip-address-prefix-list', 'ip6-address-prefix-list', 'ip-next-hop-prefix-list', 'ip6-next-hop-prefix-list']);

/** References from route maps: prefix lists they match on, route maps they call. */
export function checkRouteMapRefs(maps: RouteMaps, prefixLists: ReadonlySet<string>, where: string): Issue[] {
  const out: Issue[] = [];
  for (const entries of maps.values()) {
    for (const e of entries) {
      const path = `${where}${e.routeMap}/${e.order}`;
      e.match.forEach((m, i) => {
        if (PREFIX_LIST_MATCH_KEYS.has(m.key) && m.value !== undefined && !prefixLists.has(m.value)) {
          out.push(issue('unknown-prefix-list', `${path}.match[${i}]`, `prefix list '${m.value}' does not exist`));
        }
      });
      if (e.call !== undefined && !maps.has(e.call)) out.push(issue('unknown-route-map', `${path}.call`, `route map '${e.call}' does not exist`));
    }
  }
  return out;
}
