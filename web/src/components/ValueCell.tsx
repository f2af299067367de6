/** A property of a listed section: its running value, and the pending one when an edit changed it. */
import { Text } from '@mantine/core';
import type { SectionRow } from '../api/types';
import { recordText } from '../forms/property-string';

function show(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map(recordText).join('; ');
  return recordText(value);
}

export function ValueCell({ row, name }: { readonly row: SectionRow; readonly name: string }) {
  const running = show(row[name]);
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
        {show(pending)}
      </Text>
    </Text>
  );
}
