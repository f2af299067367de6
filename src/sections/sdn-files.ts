/**
 * The `/etc/pve/sdn` directory as a set of section-config files ⇄ the raw
 * config (running-config shape). Pure: the caller reads and writes the files.
 */
import type { RawConfig, RawSection, SectionSetName } from '../model/config.js';
import type { Issue } from '../model/issues.js';
import { SECTION_KINDS } from './kinds.js';
import type { SectionKind } from '../model/section-kind.js';
import { parseSectionConfig, writeSectionConfig, type SectionText, type SectionValue } from '../config/section-config.js';

interface FileSpec {
  readonly set: SectionSetName;
  readonly file: string;
  readonly kind: SectionKind;
  /** properties that repeat one line per item */
  readonly arrayKeys: ReadonlySet<string>;
}

export const SDN_FILES: readonly FileSpec[] = [
  ...Object.entries(SECTION_KINDS).map(([set, kind]): FileSpec => ({
    set: set as SectionSetName,
    file: kind.file,
    kind,
    arrayKeys: new Set(Object.entries(kind.properties).filter(([, p]) => p.type === 'array').map(([k]) => k)),
  })),
];

/** Section text → raw section: values stay text; list keys stay lists. */
function toRawSection(s: SectionText): RawSection {
  const out: Record<string, unknown> = { type: s.type };
  for (const [k, v] of s.values) out[k] = v;
  return out;
}

/**
 * `files` maps a file name (`zones.cfg`) to its text; a missing file is an
 * empty set of sections. `version` is the config version to stamp.
 */
export function rawConfigFromFiles(files: Readonly<Record<string, string>>, version: number): { raw: RawConfig; issues: Issue[] } {
  const issues: Issue[] = [];
  const raw: Record<string, unknown> = { version };
  for (const spec of SDN_FILES) {
    const text = files[spec.file];
    const ids: Record<string, RawSection> = {};
    if (text !== undefined) {
      const parsed = parseSectionConfig(spec.file, text, spec.arrayKeys);
      issues.push(...parsed.issues);
      for (const s of parsed.sections) ids[s.id] = toRawSection(s);
    }
    raw[spec.set] = { ids };
  }
  return { raw: raw as RawConfig, issues };
}

/** Raw value → section-file text (lists of node names joined, booleans as 0/1). */
function toSectionValue(value: unknown): SectionValue | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'object') return Object.keys(value).join(',');
  if (typeof value === 'boolean') return value ? '1' : '0';
  return String(value);
}

/**
 * Raw config → file name → text, each file in the reference's layout.
 * Sections keep their order in `raw` (file order when it was parsed; new
 * sections were added last), as the reference keeps them.
 */
export function filesFromRawConfig(raw: RawConfig): Record<string, string> {
  const out: Record<string, string> = {};
  for (const spec of SDN_FILES) {
    const ids = raw[spec.set]?.ids ?? {};
    const sections = Object.entries(ids).map(([id, section]) => {
      const { type, ...rest } = section;
      const values = new Map<string, SectionValue>();
      for (const [k, v] of Object.entries(rest)) {
        const sv = toSectionValue(v);
        if (sv !== undefined) values.set(k, sv);
      }
      return { type: String(type), id, values };
    });
    out[spec.file] = writeSectionConfig(spec.kind, sections);
  }
  return out;
}
