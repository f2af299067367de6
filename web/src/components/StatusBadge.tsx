/** A zone's or VNet's state on a node, as its agent reported it (`available`, `pending`, `error`). */
import { Badge, Tooltip } from '@mantine/core';

const COLORS: Readonly<Record<string, string>> = { available: 'green', pending: 'gray', error: 'red' };

export function StatusBadge({ status, message }: { readonly status: string; readonly message?: string | undefined }) {
  const badge = (
    <Badge color={COLORS[status] ?? 'yellow'} variant="light" data-status={status} style={{ minWidth: 'max-content' }}>
      {status}
    </Badge>
  );
  return message ? <Tooltip label={message} multiline maw={320}>{badge}</Tooltip> : badge;
}
