/**
 * What the colours of a list mean: the pending badges and how a value an
 * edit changed reads (the running value struck through, the pending one
 * in yellow). Shown above a list that has pending rows.
 */
import { Group, Text } from '@mantine/core';
import { PendingBadge } from './PendingBadge';

export function ValueLegend() {
  return (
    <Group gap={6} data-testid="value-legend" aria-label="legend" wrap="wrap">
      {(['new', 'changed', 'deleted'] as const).map((state) => (
        <PendingBadge key={state} row={{ state }} />
      ))}
      <Text size="xs" c="dimmed">
        until the next Apply;
      </Text>
      <Text span td="line-through" c="dimmed" size="xs">
        running
      </Text>
      <Text span c="yellow.8" fw={500} size="xs">
        pending
      </Text>
      <Text size="xs" c="dimmed">
        a value now, and after Apply
      </Text>
    </Group>
  );
}
