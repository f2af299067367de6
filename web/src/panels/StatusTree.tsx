/**
 * Nodes → zones → VNets with the state each node's agent reported, read
 * from `/cluster/resources` and each zone's `content` on each node. Zones
 * start collapsed, a filter finds any name, and only the rows in view are
 * drawn (see status-rows.ts and VirtualRows), so thousands of VNets stay quick.
 */
import { Alert, Group, Loader, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useQueries } from '@tanstack/react-query';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { api, describeError } from '../api/client';
import { POLL_MS, useZoneStatus } from '../api/queries';
import type { VnetStatus } from '../api/types';
import { StatusBadge } from '../components/StatusBadge';
import { VirtualRows } from '../components/VirtualRows';
import { statusRows, toggled, type StatusRow } from './status-rows';

const ROW_HEIGHT = 30;
/** how long a zone's VNet list is shown without asking again */
const CONTENT_FRESH_MS = 10_000;

function Row({ row, onToggle }: { readonly row: StatusRow; onToggle(): void }) {
  const chevron = row.children ? row.expanded ? <IconChevronDown size={14} /> : <IconChevronRight size={14} /> : <span style={{ width: 14 }} />;
  return (
    <UnstyledButton onClick={onToggle} disabled={!row.children} data-tree={row.key} aria-expanded={row.children ? row.expanded : undefined} style={{ display: 'block', width: '100%', height: ROW_HEIGHT, paddingLeft: row.depth * 20 }}>
      <Group gap={6} wrap="nowrap" h={ROW_HEIGHT}>
        {chevron}
        <Text size="xs" c="dimmed" w={36}>
          {row.kind}
        </Text>
        <Text size="sm" fw={row.kind === 'node' ? 600 : 400} truncate>
          {row.name}
        </Text>
        {row.kind === 'zone' ? (
          <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
            {row.children} VNet(s)
          </Text>
        ) : null}
        {row.status ? <StatusBadge status={row.status} message={row.message} /> : null}
      </Group>
    </UnstyledButton>
  );
}

export function StatusTree({ live = false }: { readonly live?: boolean }) {
  const zones = useZoneStatus(live);
  const contents = useQueries({
    queries: (zones.data ?? []).map((z) => ({
      // the zone's state in the key: its VNets are re-read when it changes
      queryKey: ['sdn', 'content', z.node, z.sdn, z.status],
      queryFn: () => api.get<VnetStatus[]>(`/nodes/${encodeURIComponent(z.node)}/sdn/zones/${encodeURIComponent(z.sdn)}/content`),
      refetchInterval: live && z.status === 'pending' ? POLL_MS : false,
      // coming back to the tree does not ask every zone again at once (a zone changing state is a new key)
      staleTime: CONTENT_FRESH_MS,
    })),
  });
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [filter, setFilter] = useState('');
  // useQueries answers a new array each render; rebuild the rows only when an answer changed
  const updated = contents.map((c) => c.dataUpdatedAt).join(',');
  const rows = useMemo(
    () => statusRows(zones.data ?? [], new Map((zones.data ?? []).map((z, i) => [`${z.node}/${z.sdn}`, contents[i]?.data ?? []])), expanded, filter),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `updated` stands for `contents`
    [zones.data, updated, expanded, filter],
  );

  if (zones.isPending) return <Loader size="sm" />;
  if (zones.isError) return <Alert color="red">{describeError(zones.error)}</Alert>;
  if ((zones.data ?? []).length === 0) return <Text c="dimmed" size="sm">No zone is applied yet: create a zone, then Apply.</Text>;
  return (
    <Stack gap="xs">
      <TextInput size="xs" placeholder="Filter nodes, zones and VNets by name" aria-label="filter the status tree" value={filter} onChange={(e) => setFilter(e.currentTarget.value)} maw={360} />
      {rows.length === 0 ? <Text size="sm" c="dimmed">Nothing matches “{filter}”.</Text> : null}
      <VirtualRows testId="status-tree" count={rows.length} rowHeight={ROW_HEIGHT} maxHeight={480} row={(i) => {
        const row = rows[i];
        return row ? <Row row={row} onToggle={() => setExpanded((e) => toggled(e, row))} /> : null;
      }} />
    </Stack>
  );
}
