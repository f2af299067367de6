/**
 * One property value in its three shapes: the text of a section file, the
 * decoded running-config value (integers as numbers, booleans as 1/0, node
 * lists as `{ name: 1 }` sets, as the reference's parser leaves them), and
 * the API answer (sets joined with commas, as the reference's encode_value).
 */
import type { SectionValue } from '../config/section-config.js';
import { encodeProperty, type DecodedValue, type PropertySchema } from '../model/schema.js';
import type { SectionKind } from '../model/section-kind.js';

export type RunningValue = string | number | readonly string[] | Readonly<Record<string, 1>>;
export type RunningSection = Readonly<Record<string, RunningValue>>;

const isSet = (v: unknown): v is Readonly<Record<string, 1>> => v !== null && typeof v === 'object' && !Array.isArray(v);

export function listItems(text: string): string[] {
  return text.split(/[,;\s]+/).filter((s) => s !== '');
}

/** File text → running-config value. */
export function toRunning(kind: SectionKind, key: string, value: SectionValue): RunningValue {
  if (typeof value !== 'string') return [...value];
  if (kind.listProperties?.includes(key)) return Object.fromEntries(listItems(value).map((n) => [n, 1 as const]));
  const schema: PropertySchema | undefined = kind.properties[key];
  if (schema?.type === 'integer' && /^[+-]?\d+$/.test(value)) return Number(value);
  if (schema?.type === 'boolean') return value === '1' || value === 'true' ? 1 : 0;
  return value;
}

/** Running-config value → file text (rollback writes the running config back as files). */
export function toText(value: unknown): SectionValue | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.map(String);
  if (isSet(value)) return Object.keys(value).sort().join(',');
  if (typeof value === 'boolean') return value ? '1' : '0';
  return String(value);
}

/** Decoded API parameter → file text. */
export function paramText(schema: PropertySchema, value: DecodedValue): SectionValue {
  return encodeProperty(schema, value);
}

/** The reference's encode_value: lists compare and display as sorted comma text. */
export function encodeValue(key: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (['nodes', 'exitnodes', 'dhcp-range', 'interfaces'].includes(key)) {
    if (Array.isArray(value)) return [...value].map(String).sort().join(',');
    if (isSet(value)) return Object.keys(value).sort().join(',');
  }
  if (Array.isArray(value)) return value.join(',');
  return String(value);
}

/** Running value → API answer value (sets become comma text). */
export function apiValue(value: unknown): unknown {
  return isSet(value) ? Object.keys(value).sort().join(',') : value;
}
