/**
 * Raw config (running-config JSON or parsed section files) → validated
 * `SdnConfig`. Phase one checks each section; phase two the references and
 * uniqueness rules across sections. Every finding is returned, not the first.
 */
import type { RawConfig, RawSection, SdnConfig } from './config.js';
import type { Controller } from './controller.js';
import { crossCheck, type PresentIds } from './cross-checks.js';
import { decodeSection } from './decode-section.js';
import type { Dns } from './dns.js';
import { buildFabricConfig } from './fabric-build.js';
import { checkFabrics } from './fabric-checks.js';
import type { Ipam } from './ipam.js';
import { buildPrefixLists } from './prefix-list.js';
import { buildRouteMaps, checkRouteMapRefs } from './route-map.js';
import { errorsOf, issue, type Issue } from './issues.js';
import { MODELLED_KIND_NAMES, SECTION_KINDS, type ModelledKindName } from './kinds.js';
import type { Subnet } from './subnet.js';
import type { Vnet } from './vnet.js';
import type { Zone } from './zone.js';

export interface DecodeResult {
  /** present when there is no error (warnings allowed) */
  readonly config?: SdnConfig;
  readonly issues: readonly Issue[];
}

/**
 * What the config is checked for. `edit`: a change about to be written, every
 * rule applies. `render`: an already applied (running) config; rules the
 * reference enforces only when a section is edited are warnings, because the
 * reference renders such configs (its own test corpus has them).
 */
export type Purpose = 'edit' | 'render';

/** Where paths start: `zones.` for JSON, `zones.cfg:` for section files. */
export type WhereFn = (kind: ModelledKindName) => string;
export const jsonWhere: WhereFn = (kind) => `${kind}.`;

type SectionResult = ReturnType<typeof decodeSection>;

/**
 * Each raw section object's decode, with the kind, id and path prefix it was
 * decoded under: a caller that keeps its unchanged sections' raw objects
 * (the API server, sdn/state.ts) decodes only what changed. Raw sections are
 * never changed in place, and decoded records are read-only.
 */
const decodedSections = new WeakMap<object, { readonly kind: ModelledKindName; readonly id: string; readonly prefix: string; readonly result: SectionResult }>();

export function decodeSectionOnce(kind: ModelledKindName, id: string, section: RawSection, prefix: string): SectionResult {
  const known = decodedSections.get(section);
  if (known && known.kind === kind && known.id === id && known.prefix === prefix) return known.result;
  const result = decodeSection(SECTION_KINDS[kind], id, section, prefix);
  decodedSections.set(section, { kind, id, prefix, result });
  return result;
}

/**
 * One set's sections decoded (phase one), in id order: the records that
 * passed, with every finding pushed to `issues`.
 */
export function decodeSet(kind: ModelledKindName, sections: Readonly<Record<string, unknown>>, prefix: string, issues: Issue[]): Map<string, object> {
  const into = new Map<string, object>();
  // ids sorted so outputs and messages never depend on input order (and SdnConfig's maps iterate sorted)
  for (const id of Object.keys(sections).sort()) {
    const section = sections[id];
    if (section === null || typeof section !== 'object') {
      issues.push(issue('bad-section', `${prefix}${id}`, 'section must be an object'));
      continue;
    }
    const r = decodeSectionOnce(kind, id, section as RawSection, prefix);
    for (const found of r.issues) issues.push(found);
    if (r.section) into.set(id, r.section.record);
  }
  return into;
}

export function decodeConfig(raw: RawConfig, where: WhereFn = jsonWhere, purpose: Purpose = 'edit'): DecodeResult {
  const issues: Issue[] = [];
  const decoded = {} as Record<ModelledKindName, Map<string, object>>;
  const present = {} as Record<ModelledKindName, Set<string>>;

  for (const kind of MODELLED_KIND_NAMES) {
    const sections = raw[kind]?.ids ?? {};
    present[kind] = new Set(Object.keys(sections));
    decoded[kind] = decodeSet(kind, sections, where(kind), issues);
  }

  const version = raw.version ?? 0;
  if (!Number.isInteger(version) || version < 0) issues.push(issue('bad-version', 'version', `version must be a non-negative integer, got '${String(raw.version)}'`));

  type Records = Map<string, Readonly<Record<string, unknown>>>;
  const prefixLists = buildPrefixLists(decoded['prefix-lists'] as Records, where('prefix-lists'));
  const routeMaps = buildRouteMaps(decoded['route-maps'] as Records, where('route-maps'));
  const fabrics = buildFabricConfig(decoded.fabrics as Records, present.fabrics, where('fabrics'));
  issues.push(...prefixLists.issues, ...routeMaps.issues, ...fabrics.issues);
  const refs = { prefixLists: new Set(prefixLists.lists.keys()), routeMaps: new Set(routeMaps.routeMaps.keys()) };
  issues.push(...checkRouteMapRefs(routeMaps.routeMaps, refs.prefixLists, where('route-maps')), ...checkFabrics(fabrics.config, where('fabrics'), refs));

  const config: SdnConfig = {
    version: Number(version),
    zones: decoded.zones as Map<string, Zone>,
    vnets: decoded.vnets as Map<string, Vnet>,
    subnets: decoded.subnets as Map<string, Subnet>,
    controllers: decoded.controllers as Map<string, Controller>,
    ipams: decoded.ipams as Map<string, Ipam>,
    dns: decoded.dns as Map<string, Dns>,
    fabrics: fabrics.config,
    prefixLists: prefixLists.lists,
    routeMaps: routeMaps.routeMaps,
  };
  issues.push(...crossCheck(config, present as PresentIds, where, purpose));
  return errorsOf(issues).length > 0 ? { issues } : { config, issues };
}
