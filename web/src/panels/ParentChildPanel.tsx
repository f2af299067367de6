/** A resource with children in one view: pick a VNet to see its subnets, a fabric to see its nodes. */
import { Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { SectionRow } from '../api/types';
import type { ResourceDef } from '../resources/registry';
import { ResourcePanel } from './ResourcePanel';

export function ParentChildPanel({ parent, child }: { readonly parent: ResourceDef; readonly child: ResourceDef }) {
  const [picked, setPicked] = useState<SectionRow | null>(null);
  const id = picked ? parent.idOf(picked) : undefined;
  return (
    <Stack gap="xl">
      <ResourcePanel def={parent} {...(id ? { selected: id } : {})} onSelect={setPicked} />
      {picked && id ? (
        <ResourcePanel key={id} def={child} parent={{ id, row: picked }} />
      ) : (
        <Text c="dimmed" size="sm">
          Select a {parent.noun} to see its {child.title.toLowerCase()}.
        </Text>
      )}
    </Stack>
  );
}
