/**
 * A text as the id of a zone, VNet or controller, through the check the
 * decoder runs on a section's id (its kind's id schema, decode-section.ts):
 * how a lookup by a text from elsewhere — a route's parameter, an IPAM
 * record, a raw config's key — reaches the decoded config's maps, which are
 * keyed by the branded ids only the decoder makes.
 */
import { checkProperty } from '../model/schema.js';
import { SECTION_KINDS, type KindRecords } from './kinds.js';

/** The kinds whose records carry a branded id. */
export type BrandedIdKind = 'zones' | 'vnets' | 'controllers';
export type SectionId<N extends BrandedIdKind> = KindRecords[N]['id'];

/** `text` as an id of `kind`, or null when the kind's id check refuses it (no section can have it). */
export function sectionIdOf<N extends BrandedIdKind>(kind: N, text: string): SectionId<N> | null {
  // the decoder's check of a section's id: a text that passes is what it brands a section's id (decodeSectionOnce)
  return checkProperty(SECTION_KINDS[kind].idSchema, text).ok ? (text as SectionId<N>) : null;
}

/** The record of `kind` with id `text` in `map`, if the text is such an id and the map has it. */
export function recordOf<N extends BrandedIdKind, R>(kind: N, map: ReadonlyMap<SectionId<N>, R>, text: string): R | undefined {
  const id = sectionIdOf(kind, text);
  return id === null ? undefined : map.get(id);
}
