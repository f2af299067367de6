/** How a section differs from the running config: new, changed or deleted until the next apply. */
import { Badge } from '@mantine/core';
import type { SectionRow } from '../api/types';

const COLORS = { new: 'green', changed: 'yellow', deleted: 'red' } as const;

export function PendingBadge({ row }: { readonly row: SectionRow }) {
  if (!row.state) return null;
  return (
    <Badge color={COLORS[row.state]} variant="light" data-pending={row.state} title="pending: applied with the next Apply" style={{ minWidth: 'max-content' }}>
      {row.state}
    </Badge>
  );
}
