/**
 * Long lists (thousands of VNets) a page at a time, with a filter on the
 * name; lists that fit one page show no controls.
 */
import { Group, Pagination, Text, TextInput } from '@mantine/core';
import { useState, type ReactNode } from 'react';

export const PAGE_SIZE = 50;

/** `initialFilter`: a name to start filtered on (a link from the topology, `?filter=`). */
export function usePaging<T>(items: readonly T[], nameOf: (item: T) => string, initialFilter = ''): { readonly visible: readonly T[]; readonly controls: ReactNode } {
  const [filter, setFilter] = useState(initialFilter);
  const [page, setPage] = useState(1);
  if (items.length <= PAGE_SIZE && filter === '') return { visible: items, controls: null };
  const matching = filter ? items.filter((i) => nameOf(i).toLowerCase().includes(filter.toLowerCase())) : items;
  const pages = Math.max(1, Math.ceil(matching.length / PAGE_SIZE));
  const current = Math.min(page, pages);
  const controls = (
    <Group justify="space-between" wrap="wrap" gap="xs">
      <TextInput
        placeholder="Filter by name"
        aria-label="filter by name"
        value={filter}
        onChange={(e) => {
          setFilter(e.currentTarget.value);
          setPage(1);
        }}
        size="xs"
      />
      <Text size="xs" c="dimmed">
        {matching.length} of {items.length}
      </Text>
      {pages > 1 ? <Pagination total={pages} value={current} onChange={setPage} size="sm" siblings={0} /> : null}
    </Group>
  );
  return { visible: matching.slice((current - 1) * PAGE_SIZE, current * PAGE_SIZE), controls };
}
