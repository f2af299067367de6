/**
 * A property of a listed section: its running value, and the pending one
 * when an edit changed it. Values read as values: a boolean as yes/no, a
 * property string as `key: value` pairs, an address range as start – end.
 */
import { Text } from '@mantine/core';
import type { PropertySchema } from '../../../src/model/property-schema';
import type { SectionRow } from '../api/types';
import { recordKeysOf } from '../forms/fields';
import { parseRecord } from '../forms/property-string';

function pairs(record: Readonly<Record<string, unknown>>): string {
  const start = record['start-address'];
  const end = record['end-address'];
  if (start !== undefined && end !== undefined) return `${String(start)} – ${String(end)}`;
  return Object.entries(record)
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join(', ');
}

function showOne(value: unknown, name: string, schema: PropertySchema | undefined): string {
  if (value !== null && typeof value === 'object') return pairs(value as Record<string, unknown>);
  if (schema?.type === 'boolean') return value === 1 || value === '1' || value === true ? 'yes' : 'no';
  if (recordKeysOf(name, schema) && typeof value === 'string') return pairs(parseRecord(value));
  return String(value);
}

function show(value: unknown, name: string, schema: PropertySchema | undefined): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map((v) => showOne(v, name, schema)).join('; ');
  return showOne(value, name, schema);
}

export function ValueCell({ row, name, schema }: { readonly row: SectionRow; readonly name: string; readonly schema?: PropertySchema | undefined }) {
  const running = show(row[name], name, schema);
  const pending = row.pending?.[name];
  if (pending === undefined) return <>{running}</>;
  if (pending === 'deleted') {
    return (
      <Text span td="line-through" c="red" size="sm">
        {running}
      </Text>
    );
  }
  return (
    <Text span size="sm">
      {running && row.state !== 'new' ? (
        <Text span td="line-through" c="dimmed" size="sm" mr={4}>
          {running}
        </Text>
      ) : null}
      <Text span c="yellow.8" fw={500} size="sm">
        {show(pending, name, schema)}
      </Text>
    </Text>
  );
}
