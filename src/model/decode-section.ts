/**
 * Phase one of validation: one section against its kind's schema. Checks the
 * id, the type, that every property is known to that type, that required ones
 * are present, and each value's type/format/range; decodes the values.
 */
import { checkProperty, splitList, type DecodedValue } from './schema.js';
import { issue, type Issue } from './issues.js';
import type { RawSection } from './config.js';
import type { SectionKind } from './section-kind.js';
import { parseSubnetId, type SubnetId } from './subnet.js';

export interface DecodedSection {
  readonly id: string;
  readonly type: string;
  readonly values: Readonly<Record<string, DecodedValue>>;
  /** for subnets: the zone and CIDR the id names */
  readonly subnetId?: SubnetId;
}

/** `{ node1: 1, node2: 1 }` (running config) or `"node1,node2"` (file, API) → text. */
function listText(raw: unknown): unknown {
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) return Object.keys(raw).join(',');
  return raw;
}

/** Checks a section id; for subnets also returns what the id names. */
export function checkSectionId(kind: SectionKind, id: string, path: string): { problem: Issue | null; subnetId?: SubnetId } {
  if (kind.name === 'subnets') {
    const subnetId = parseSubnetId(id);
    if (subnetId) return { problem: null, subnetId };
    return { problem: issue('bad-id', path, `invalid subnet id '${id}': expected <zone>-<network>-<prefix>, e.g. myzone-10.0.0.0-24`) };
  }
  const r = checkProperty(kind.idSchema, id);
  return { problem: r.ok ? null : issue('bad-id', path, `invalid ${kind.idProperty} id '${id}': ${r.message}`) };
}

/** `where` prefixes paths: `zones.` for the running config, `zones.cfg:` for a file. */
export function decodeSection(kind: SectionKind, id: string, raw: RawSection, where: string): { section?: DecodedSection; issues: Issue[] } {
  const base = `${where}${id}`;
  const issues: Issue[] = [];
  const { problem: idProblem, subnetId } = checkSectionId(kind, id, base);
  if (idProblem) issues.push(idProblem);

  const type = raw.type;
  const options = typeof type === 'string' ? (kind.types as Record<string, Record<string, { optional: boolean }>>)[type] : undefined;
  if (typeof type !== 'string' || !options) {
    const known = Object.keys(kind.types).join(', ');
    issues.push(issue('unknown-type', `${base}.type`, `unknown ${kind.idProperty} type '${String(type)}' (expected one of: ${known})`));
    return { issues };
  }

  const values: Record<string, DecodedValue> = {};
  const lists = new Set(kind.listProperties ?? []);
  for (const [key, rawValue] of Object.entries(raw)) {
    if (key === 'type' || rawValue === undefined || rawValue === null) continue;
    const schema = kind.properties[key];
    if (!schema || !(key in options)) {
      issues.push(issue('unknown-property', `${base}.${key}`, `property is not allowed for ${kind.idProperty} type '${type}'`));
      continue;
    }
    const r = checkProperty(schema, lists.has(key) ? listText(rawValue) : rawValue);
    if (!r.ok) issues.push(issue('bad-value', `${base}.${key}`, r.message));
    else values[key] = lists.has(key) ? splitList(r.value as string) : r.value;
  }
  for (const [key, rule] of Object.entries(options)) {
    if (!rule.optional && values[key] === undefined && !issues.some((i) => i.path === `${base}.${key}`)) {
      issues.push(issue('missing-property', `${base}.${key}`, 'property is missing and it is not optional'));
    }
  }
  if (issues.length > 0) return { issues };
  return { section: { id, type, values, ...(subnetId ? { subnetId } : {}) }, issues };
}
