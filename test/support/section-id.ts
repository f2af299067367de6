/** A test's zone, VNet or controller id made through the decoder's id check (sections/section-ids.ts sectionIdOf), the way a lookup by text reaches a decoded config. */
import { strict as assert } from 'node:assert';
import { sectionIdOf, type BrandedIdKind, type SectionId } from '../../src/sections/section-ids.js';

export function sectionId<N extends BrandedIdKind>(kind: N, text: string): SectionId<N> {
  return sectionIdOf(kind, text) ?? assert.fail(`'${text}' is no id of ${kind}`);
}
