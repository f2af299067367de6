/** Edit (when the row can be edited) and delete buttons of a listed row, named after it for screen readers (and tests). */
import { ActionIcon, Group } from '@mantine/core';
import { IconPencil, IconTrash } from '@tabler/icons-react';

export function RowActions({ name, onEdit, onDelete }: { readonly name: string; onEdit?: () => void; onDelete(): void }) {
  return (
    <Group gap={4} wrap="nowrap" justify="flex-end">
      {onEdit ? (
        <ActionIcon variant="subtle" aria-label={`edit ${name}`} onClick={onEdit}>
          <IconPencil size={16} />
        </ActionIcon>
      ) : null}
      <ActionIcon variant="subtle" color="red" aria-label={`delete ${name}`} onClick={onDelete}>
        <IconTrash size={16} />
      </ActionIcon>
    </Group>
  );
}
