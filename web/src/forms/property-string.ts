/**
 * Property strings (`action=permit,prefix=10.0.0.0/8,seq=10`) as the API
 * reads and writes them, split into their keys for the form and joined
 * back in the schema's key order; the server checks every key.
 */
import type { PropertyStringSchema } from '../../../src/model/property-schema';

export type RecordValue = Readonly<Record<string, string>>;

export function parseRecord(text: string): RecordValue {
  const out: Record<string, string> = {};
  for (const item of text.split(',')) {
    const eq = item.indexOf('=');
    if (eq > 0) out[item.slice(0, eq).trim()] = item.slice(eq + 1);
  }
  return out;
}

export function formatRecord(record: RecordValue, keys: PropertyStringSchema): string {
  return Object.keys(keys)
    .filter((k) => (record[k] ?? '').trim() !== '')
    .map((k) => `${k}=${(record[k] ?? '').trim()}`)
    .join(',');
}

/** An API value that is already split into keys (a subnet's `dhcp-range`) back as text. */
export function recordText(value: unknown): string {
  if (value !== null && typeof value === 'object') return Object.entries(value).map(([k, v]) => `${k}=${String(v)}`).join(',');
  return String(value);
}
