/**
 * Raw config (running-config JSON or parsed section files) → validated
 * `SdnConfig`. Phase one checks each section; phase two the references and
 * uniqueness rules across sections. Every finding is returned, not the first.
 */
import type { RawConfig, RawSection } from '../model/config.js';
import type { SdnConfig } from './sdn-config.js';
import { crossCheck } from './cross-checks.js';
import { decodeSection } from '../model/decode-section.js';
import { buildFabricConfig } from '../fabrics/build.js';
import { checkFabrics } from '../fabrics/checks.js';
import { buildPrefixLists } from '../model/prefix-list.js';
import { buildRouteMaps, checkRouteMapRefs } from '../model/route-map.js';
import { errorsOf, issue, type Issue } from '../model/issues.js';
import type { Purpose, WhereFn } from '../model/check-rules.js';
import { MODELLED_KIND_NAMES, SECTION_KINDS, type KindRecords, type ModelledKindName } from './kinds.js';

export interface DecodeResult {
  /** present when there is no error (warnings allowed) */
  readonly config?: SdnConfig;
  readonly issues: readonly Issue[];
}

export const jsonWhere: WhereFn = (kind) => `${kind}.`;

/** A section's decode: its record when it passed, and every finding. */
export interface SectionResult<N extends ModelledKindName> {
  readonly section?: { readonly id: string; readonly type: string; readonly record: KindRecords[N] };
  readonly issues: readonly Issue[];
}

/**
 * Each raw section object's decode, with the kind, id and path prefix it was
 * decoded under: a caller that keeps its unchanged sections' raw objects
 * (the API server, sdn/state.ts) decodes only what changed. Raw sections are
 * never changed in place, and decoded records are read-only.
 */
const decodedSections = new WeakMap<object, { readonly kind: ModelledKindName; readonly id: string; readonly prefix: string; readonly result: SectionResult<ModelledKindName> }>();

export function decodeSectionOnce<N extends ModelledKindName>(kind: N, id: string, section: RawSection, prefix: string): SectionResult<N> {
  const known = decodedSections.get(section);
  // the entry was stored under this kind (checked), so its record is this kind's
  if (known && known.kind === kind && known.id === id && known.prefix === prefix) return known.result as SectionResult<N>;
  // the decoder is the one place a checked section becomes its kind's record: its values were checked against the very tables KindRecords derives from
  const result = decodeSection(SECTION_KINDS[kind], id, section, prefix) as SectionResult<N>;
  decodedSections.set(section, { kind, id, prefix, result });
  return result;
}

/**
 * One set's sections decoded (phase one), in id order: the records that
 * passed, with every finding pushed to `issues`.
 */
export function decodeSet<N extends ModelledKindName>(kind: N, sections: Readonly<Record<string, unknown>>, prefix: string, issues: Issue[]): Map<KindRecords[N]['id'], KindRecords[N]> {
  const into = new Map<KindRecords[N]['id'], KindRecords[N]>();
  // ids sorted so outputs and messages never depend on input order (and SdnConfig's maps iterate sorted)
  for (const id of Object.keys(sections).sort()) {
    const section = sections[id];
    if (section === null || typeof section !== 'object') {
      issues.push(issue('bad-section', `${prefix}${id}`, 'section must be an object'));
      continue;
    }
    const r = decodeSectionOnce(kind, id, section as RawSection, prefix);
    for (const found of r.issues) issues.push(found);
    // keyed by the record's id: the section's id, branded by the decoder as its kind's
    if (r.section) into.set(r.section.record.id, r.section.record);
  }
  return into;
}

export function decodeConfig(raw: RawConfig, where: WhereFn = jsonWhere, purpose: Purpose = 'edit'): DecodeResult {
  const issues: Issue[] = [];
  const present = {} as Record<ModelledKindName, ReadonlySet<string>>;
  for (const kind of MODELLED_KIND_NAMES) present[kind] = new Set(Object.keys(raw[kind]?.ids ?? {}));
  // in the kinds' table order, so the findings come in it
  const set = <N extends ModelledKindName>(kind: N) => decodeSet(kind, raw[kind]?.ids ?? {}, where(kind), issues);
  const [zones, vnets, subnets, controllers, ipams, dns] = [set('zones'), set('vnets'), set('subnets'), set('controllers'), set('ipams'), set('dns')] as const;
  const [fabricRecords, prefixListRecords, routeMapRecords] = [set('fabrics'), set('prefix-lists'), set('route-maps')] as const;

  const version = raw.version ?? 0;
  if (!Number.isInteger(version) || version < 0) issues.push(issue('bad-version', 'version', `version must be a non-negative integer, got '${String(raw.version)}'`));

  const prefixLists = buildPrefixLists(prefixListRecords, where('prefix-lists'));
  const routeMaps = buildRouteMaps(routeMapRecords, where('route-maps'));
  const fabrics = buildFabricConfig(fabricRecords, present.fabrics, where('fabrics'));
  issues.push(...prefixLists.issues, ...routeMaps.issues, ...fabrics.issues);
  const refs = { prefixLists: new Set(prefixLists.lists.keys()), routeMaps: new Set(routeMaps.routeMaps.keys()) };
  issues.push(...checkRouteMapRefs(routeMaps.routeMaps, refs.prefixLists, where('route-maps')), ...checkFabrics(fabrics.config, where('fabrics'), refs));

  const config: SdnConfig = {
    version: Number(version),
    zones,
    vnets,
    subnets,
    controllers,
    ipams,
    dns,
    fabrics: fabrics.config,
    prefixLists: prefixLists.lists,
    routeMaps: routeMaps.routeMaps,
  };
  issues.push(...crossCheck(config, present, where, purpose));
  return errorsOf(issues).length > 0 ? { issues } : { config, issues };
}
