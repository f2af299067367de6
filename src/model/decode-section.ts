/**
 * Phase one of validation: one section against its kind's schema. Checks the
 * id, the type, that every property is known to that type, that required ones
 * are present, and each value's type/format/range; decodes the values.
 */
import { formatValue } from './format-values.js';
import { checkProperty } from './schema.js';
import { issue, type Issue } from './issues.js';
import type { RawSection } from './config.js';
import type { OptionRule, SectionKind } from './section-kind.js';
import { parseSubnetId, type SubnetId } from './subnet.js';

export interface DecodedSection {
  readonly id: string;
  readonly type: string;
  /** `id`, `type` and the decoded values; for subnets also `zone`, `cidr`, `cidrText` from the id */
  readonly record: Readonly<Record<string, unknown>>;
}

interface KindTables {
  readonly lists: ReadonlySet<string>;
  readonly required: ReadonlyMap<string, readonly string[]>;
}

/** Per-kind lookups computed once, not once per section (configs hold thousands). */
const tablesCache = new WeakMap<SectionKind, KindTables>();
function tablesOf(kind: SectionKind): KindTables {
  let t = tablesCache.get(kind);
  if (!t) {
    const types = kind.types as Record<string, Record<string, { optional: boolean }>>;
    t = {
      lists: new Set(kind.listProperties ?? []),
      required: new Map(Object.entries(types).map(([type, options]) => [type, Object.keys(options).filter((k) => !options[k]?.optional)])),
    };
    tablesCache.set(kind, t);
  }
  return t;
}

/** `{ node1: 1, node2: 1 }` (running config) or `"node1,node2"` (file, API) → text. */
function listText(raw: unknown): unknown {
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) return Object.keys(raw).join(',');
  return raw;
}

/** Checks a section id: what a subnet id names, else null after reporting the problem at `path`. */
function checkSectionId(kind: SectionKind, id: string, path: () => string, issues: Issue[]): SubnetId | null {
  if (kind.name === 'subnets') {
    const subnetId = parseSubnetId(id);
    if (!subnetId) issues.push(issue('bad-id', path(), `invalid subnet id '${id}': expected <zone>-<network>-<prefix>, e.g. myzone-10.0.0.0-24`));
    return subnetId;
  }
  const r = checkProperty(kind.idSchema, id);
  if (!r.ok) issues.push(issue('bad-id', path(), `invalid ${kind.idProperty} id '${id}': ${r.message}`));
  return null;
}

/** `where` prefixes paths: `zones.` for the running config, `zones.cfg:` for a file. */
export function decodeSection(kind: SectionKind, id: string, raw: RawSection, where: string): { section?: DecodedSection; issues: Issue[] } {
  // the path is only spelled out for a problem: most sections have none, and configs hold thousands
  let base: string | undefined;
  const path = (suffix = ''): string => (base ??= `${where}${kind.displayId ? kind.displayId(id) : id}`) + suffix;
  const issues: Issue[] = [];
  const subnetId = checkSectionId(kind, id, path, issues);

  const type = raw.type;
  const options = typeof type === 'string' ? (kind.types as Record<string, Record<string, OptionRule>>)[type] : undefined;
  if (typeof type !== 'string' || !options) {
    const known = Object.keys(kind.types).join(', ');
    issues.push(issue('unknown-type', path('.type'), `unknown ${kind.idProperty} type '${String(type)}' (expected one of: ${known})`));
    return { issues };
  }

  const { lists, required } = tablesOf(kind);
  const record: Record<string, unknown> = { id, type };
  for (const key in raw) {
    const rawValue = raw[key];
    if (key === 'type' || rawValue === undefined || rawValue === null) continue;
    // the running config repeats the id in some sections (fabrics: `"id": "uwu_pve"`)
    if (key === kind.idProperty && rawValue === id) continue;
    const schema = options[key]?.schema ?? kind.properties[key];
    if (!schema || !(key in options)) {
      issues.push(issue('unknown-property', path(`.${key}`), `property is not allowed for ${kind.idProperty} type '${type}'`));
      continue;
    }
    const r = checkProperty(schema, lists.has(key) ? listText(rawValue) : rawValue);
    if (!r.ok) {
      issues.push(issue('bad-value', path(`.${key}`), r.message));
      continue;
    }
    const rule = kind.values?.[key];
    const decoded = rule ? rule(r.value) : { value: formatValue(schema, r.value) };
    if ('value' in decoded) record[key] = decoded.value;
    else issues.push(issue(decoded.code, path(`.${key}`), decoded.message));
  }
  for (const key of required.get(type) ?? []) {
    if (record[key] === undefined && !issues.some((i) => i.path === path(`.${key}`))) {
      issues.push(issue('missing-property', path(`.${key}`), `required for type '${type}': give a value`));
    }
  }
  if (issues.length > 0) return { issues };
  if (subnetId) {
    record.zone = subnetId.zone;
    record.cidr = subnetId.cidr;
    record.cidrText = subnetId.text;
  }
  return { section: { id, type, record }, issues };
}
