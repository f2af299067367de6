/**
 * Read views of a section set as the API returns them: the edited files
 * (default, with the file digest), `running=1` (the applied config) or
 * `pending=1` (both, with state/pending markers). Secrets never appear:
 * they are not in the files.
 */
import { parseDhcpRange } from '../model/subnet.js';
import type { SECTION_KINDS } from '../sections/kinds.js';
import { SETS, type SetName } from './kinds.js';
import { pendingConfig, type PendingSection } from './pending.js';
import { runningIds, type SdnState, type SectionFile, type TextSection } from './state.js';
import { sectionsNaming } from './value-index.js';
import type { FabricRow, KindRow, SubnetRowExtras } from './section-row.js';
import { apiValue, toRunning, type RunningSection } from './values.js';

export type ReadMode = 'config' | 'pending' | 'running';

/** per section object (sections are never changed in place): its values as the running config holds them */
const shapes = new WeakMap<TextSection, { readonly set: SetName; readonly shape: RunningSection }>();

export function runningShape(set: SetName, s: TextSection): RunningSection {
  const known = shapes.get(s);
  if (known?.set === set) return known.shape;
  const out: Record<string, RunningSection[string]> = { type: s.type };
  for (const [k, v] of s.values) out[k] = toRunning(SETS[set].kind, k, v);
  shapes.set(s, { set, shape: out });
  return out;
}

/** per parsed file (files are never changed in place): a read does not convert every section again */
const configShapes = new WeakMap<SectionFile, Readonly<Record<string, RunningSection>>>();

export function configIds(state: SdnState, set: SetName): Readonly<Record<string, RunningSection>> {
  const file = state.files[set];
  const known = configShapes.get(file);
  if (known) return known;
  const out: Record<string, RunningSection> = {};
  for (const [id, s] of file.sections) out[id] = runningShape(set, s);
  configShapes.set(file, out);
  return out;
}

/** per (running, edited) pair of section sets: the last pending view of each */
const pendingViews = new WeakMap<object, { readonly config: object; readonly view: Readonly<Record<string, PendingSection>> }>();

export function pendingIds(state: SdnState, set: SetName): Readonly<Record<string, PendingSection>> {
  const running = runningIds(state, set);
  const config = configIds(state, set);
  const known = pendingViews.get(running);
  if (known?.config === config) return known.view;
  const view = pendingConfig(running, config);
  pendingViews.set(running, { config, view });
  return view;
}

export interface SetView {
  readonly ids: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly digest?: string;
}

export function setView(state: SdnState, set: SetName, mode: ReadMode): SetView {
  if (mode === 'running') return { ids: runningIds(state, set) };
  if (mode === 'pending') return { ids: pendingIds(state, set) };
  return { ids: configIds(state, set), digest: state.files[set].digest };
}

/**
 * One section of a view, as `setView(state, set, mode).ids[id]` holds it,
 * without building the view: a read of one section costs that section,
 * also right after an edit made a new file (the pending view of a section
 * depends on its running and edited versions only).
 */
export function sectionView(state: SdnState, set: SetName, mode: ReadMode, id: string): { readonly section: Readonly<Record<string, unknown>> | undefined; readonly digest?: string } {
  const running = runningIds(state, set);
  const ran = Object.hasOwn(running, id) ? running[id] : undefined;
  if (mode === 'running') return { section: ran };
  const text = state.files[set].sections.get(id);
  const edited = text && runningShape(set, text);
  if (mode === 'config') return { section: edited, digest: state.files[set].digest };
  if (!ran && !edited) return { section: undefined };
  return { section: pendingConfig(ran ? { [id]: ran } : {}, edited ? { [id]: edited } : {})[id] };
}

/** Every value of a section as the API answers it. */
export function encodeAll(o: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, apiValue(v)]));
}

/** The rows of each section set as the API answers them, derived from its kind's tables (sdn/section-row.ts). */
export type SetRows = { readonly [S in SetName]: S extends 'subnets' ? Omit<KindRow<(typeof SECTION_KINDS)[S]>, 'dhcp-range'> & SubnetRowExtras : KindRow<(typeof SECTION_KINDS)[S]> };

/**
 * A section's values as its set's row type: the one place a row gets its
 * kind's type. The values are the section's as its kind's schema checked
 * them when the API wrote it, in the reference's encoding (toRunning,
 * apiValue), which is what the row types say (section-row.ts AnswerValue).
 */
const asRow = <S extends SetName>(_set: S, row: Record<string, unknown>) => row as SetRows[S];

/** Adds what the reference's read helpers add: the id under its parameter name, the digest, subnet fields. */
export function apiSection<S extends SetName>(set: S, id: string, section: Readonly<Record<string, unknown>>, digest: string | undefined): SetRows[S] {
  const out = encodeAll(section);
  if (section.pending && typeof section.pending === 'object') out.pending = encodeAll(section.pending as Record<string, unknown>);
  out[SETS[set].kind.idProperty] = id;
  if (digest !== undefined) out.digest = digest;
  if (set === 'subnets') Object.assign(out, subnetExtras(id, section));
  return asRow(set, out);
}

/**
 * Every section of a view as the API lists them, sorted by id: once per view
 * (the views are memoized per file and running config), so a list of
 * thousands is built once per revision, not per request. The answers are
 * shared: callers filter them, never change them.
 */
type ListMemo<S extends SetName> = WeakMap<object, { readonly digest: string | undefined; readonly list: readonly SetRows[S][] }>;
const lists: { readonly [S in SetName]: ListMemo<S> } = {
  zones: new WeakMap(),
  vnets: new WeakMap(),
  subnets: new WeakMap(),
  controllers: new WeakMap(),
  ipams: new WeakMap(),
  dns: new WeakMap(),
  fabrics: new WeakMap(),
  'prefix-lists': new WeakMap(),
  'route-maps': new WeakMap(),
};

export function apiList<S extends SetName>(set: S, view: SetView): readonly SetRows[S][] {
  const memo: ListMemo<S> = lists[set];
  const known = memo.get(view.ids);
  if (known && known.digest === view.digest) return known.list;
  const list = Object.keys(view.ids)
    .sort()
    .map((id) => apiSection(set, id, view.ids[id] ?? {}, view.digest));
  memo.set(view.ids, { digest: view.digest, list });
  return list;
}

/** The two halves of `fabrics.cfg`: fabrics (`<protocol>_fabric`) and their nodes (`<protocol>_node`). */
export type FabricPart = 'fabric' | 'node';
type FabricKind = (typeof SECTION_KINDS)['fabrics'];
/** Each half's rows, derived from the fabric kind's tables. */
export type FabricRows = { readonly [W in FabricPart]: FabricRow<FabricKind, Extract<keyof FabricKind['types'], `${string}_${W}`>> };

/** The one place a fabric row gets its type: its values are its section's, as `asRow`'s are. */
const asFabricRow = <W extends FabricPart>(_part: W, row: Record<string, unknown>) => row as FabricRows[W];

/** The fabrics or the fabric nodes of a view, as the fabric routes list them: sorted by section id. */
export function fabricRows<W extends FabricPart>(view: SetView, part: W): FabricRows[W][] {
  const out: FabricRows[W][] = [];
  for (const id of Object.keys(view.ids).sort()) {
    const s = view.ids[id] ?? {};
    const type = String(s.type ?? (s.pending as Record<string, unknown> | undefined)?.type ?? '');
    const [protocol, what] = type.split('_');
    if (what !== part) continue;
    // a pending read's `pending` holds values, not a set of names
    const values = Object.fromEntries(Object.entries(s).filter(([k]) => k !== 'type').map(([k, v]) => [k, k === 'pending' && v && typeof v === 'object' ? encodeAll(v as Record<string, unknown>) : apiValue(v)]));
    const ids = part === 'fabric' ? { id } : { fabric_id: id.slice(0, id.indexOf('_')), node_id: id.slice(id.indexOf('_') + 1) };
    out.push(asFabricRow(part, { ...values, ...ids, protocol, ...(view.digest ? { digest: view.digest } : {}) }));
  }
  return out;
}

/**
 * A VNet's subnets as the API lists them (sorted by id): in the edited
 * config the VNet's own from the subnet index (sdn/value-index.ts), not a
 * list of every subnet made again after each edit; in the other views
 * those of the list naming the VNet.
 */
export function vnetSubnets(state: SdnState, vnet: string, mode: ReadMode): readonly SetRows['subnets'][] {
  if (mode !== 'config') return apiList('subnets', setView(state, 'subnets', mode)).filter((s) => s.vnet === vnet);
  const digest = state.files.subnets.digest;
  return [...sectionsNaming(state, 'subnets', vnet)].sort().map((id) => apiSection('subnets', id, sectionView(state, 'subnets', mode, id).section ?? {}, digest));
}

function subnetExtras(id: string, section: Readonly<Record<string, unknown>>): SubnetRowExtras {
  const [zone = '', network = '', mask = ''] = id.split('-');
  const ids = { id, zone, network, mask, cidr: `${network}/${mask}` };
  const ranges = section['dhcp-range'];
  if (!Array.isArray(ranges)) return ids;
  // the model's parse of a range; the answer gives its addresses as written
  const pairs = ranges.flatMap((text) => {
    const r = parseDhcpRange(String(text));
    return r ? [{ 'start-address': r.start.written, 'end-address': r.end.written }] : [];
  });
  return { ...ids, 'dhcp-range': pairs };
}
