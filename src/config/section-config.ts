/**
 * The reference's section-config text format (`/etc/pve/sdn/*.cfg`):
 *
 *     <type>: <id>
 *     <TAB><key> <value>
 *     <blank line>
 *
 * Parsing is strict where the reference only warns and skips: a malformed
 * header or property line, or a duplicate key, is an error naming the file and
 * line, because silently dropping a section would drop a network.
 * Writing follows the reference byte for byte: sections in their original
 * order (new ones last), required properties first, each group sorted.
 */
import { issue, type Issue } from '../model/issues.js';
import type { SectionKind } from '../model/section-kind.js';

export type SectionValue = string | readonly string[];

export interface SectionText {
  readonly type: string;
  readonly id: string;
  /** values in file order; list properties (e.g. `dhcp-range`) repeat their key */
  readonly values: ReadonlyMap<string, SectionValue>;
  /** 1-based line of the header */
  readonly line: number;
}

const HEADER_RE = /^(\S+):\s*(\S+)\s*$/;
const PROPERTY_RE = /^\s+(\S+)(?:\s+(.*\S))?\s*$/;
const CONFIGID_RE = /^[a-z][a-z0-9_-]+$/i;

/** `arrayKeys`: properties that may repeat (kept as lists). */
export function parseSectionConfig(file: string, text: string, arrayKeys: ReadonlySet<string> = new Set()): { sections: SectionText[]; issues: Issue[] } {
  const sections: SectionText[] = [];
  const issues: Issue[] = [];
  const lines = text.split('\n');
  let current: { type: string; id: string; line: number; values: Map<string, SectionValue> } | null = null;
  const ids = new Set<string>();

  const close = () => {
    if (current) sections.push({ type: current.type, id: current.id, values: current.values, line: current.line });
    current = null;
  };

  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    const where = `${file}:${lineNo}`;
    if (/^\s*#/.test(raw)) return;
    if (/^\s*$/.test(raw)) {
      close();
      return;
    }
    if (!current) {
      const m = HEADER_RE.exec(raw);
      if (!m) {
        issues.push(issue('bad-header', where, `expected a section header '<type>: <id>', got '${raw.trim()}'`));
        // swallow the body of the broken section so its lines are not reported too
        current = { type: '', id: '', line: lineNo, values: new Map() };
        return;
      }
      const [, type = '', id = ''] = m;
      if (!CONFIGID_RE.test(type)) issues.push(issue('bad-header', where, `invalid section type '${type}'`));
      if (ids.has(id)) issues.push(issue('duplicate-section', where, `section '${id}' is defined twice`));
      ids.add(id);
      current = { type: type.toLowerCase(), id, line: lineNo, values: new Map() };
      return;
    }
    if (current.type === '') return;
    const m = PROPERTY_RE.exec(raw);
    if (!m) {
      issues.push(issue('bad-line', `${where}`, `section '${current.id}': expected an indented '<key> <value>' line, got '${raw.trim()}'`));
      return;
    }
    const [, key = '', value = ''] = m;
    const previous = current.values.get(key);
    if (arrayKeys.has(key)) {
      current.values.set(key, [...((previous as readonly string[] | undefined) ?? []), value]);
    } else if (previous !== undefined) {
      issues.push(issue('duplicate-property', where, `section '${current.id}': duplicate property '${key}'`));
    } else {
      current.values.set(key, value);
    }
  });
  close();
  // a section whose header failed to parse was a placeholder
  return { sections: sections.filter((s) => s.type !== ''), issues };
}

/**
 * Serializes sections in the given order. `kind` decides which properties are
 * required for each type (those are written first); unknown types keep their
 * values sorted.
 */
export function writeSectionConfig(kind: Pick<SectionKind, 'types'> | null, sections: readonly Pick<SectionText, 'type' | 'id' | 'values'>[]): string {
  let out = '';
  for (const s of sections) {
    const rules = (kind?.types as Record<string, Record<string, { optional: boolean }>> | undefined)?.[s.type] ?? {};
    const keys = [...s.values.keys()].sort();
    const isRequired = (k: string) => rules[k] !== undefined && !rules[k].optional;
    const ordered = [...keys.filter(isRequired), ...keys.filter((k) => !isRequired(k))];
    out += `${s.type}: ${s.id}\n`;
    for (const key of ordered) {
      const value = s.values.get(key);
      if (value === undefined) continue;
      for (const v of typeof value === 'string' ? [value] : value) {
        // a line feed would inject a property or a section into the file
        if (/[\n\r]/.test(key + v)) throw new Error(`section '${s.id}': property '${key}' contains a line feed`);
        // the reference omits empty values rather than writing a bare key
        if (v !== '') out += `\t${key} ${v}\n`;
      }
    }
    out += '\n';
  }
  return out;
}
