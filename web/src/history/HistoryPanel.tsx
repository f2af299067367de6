/**
 * The apply history (Weft's revisions): every apply newest first with who,
 * when and what changed; a revision's diff against the one before it (or
 * any other), per section and per node's files; Revert, which applies that
 * revision's config as a new apply (optionally with confirm).
 */
import { Alert, Badge, Button, Card, Group, Loader, Modal, NumberInput, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { IconHistory } from '@tabler/icons-react';
import { useState } from 'react';
import { api, describeError } from '../api/client';
import { useRefreshSdn } from '../api/queries';
import { useLastApply } from '../app/apply-context';
import { usePaging } from '../components/Paging';
import { ApplyProgress } from '../panels/ApplyProgress';
import { ConfirmCountdown } from './ConfirmCountdown';
import { RevisionDiffView } from './RevisionDiff';
import type { RevisionRow } from './types';

const when = (unix: number) => new Date(unix * 1000).toLocaleString();

function changeSummary(r: RevisionRow): string {
  const parts = Object.entries(r.changes).flatMap(([set, c]) => (c ? [`${set}: ${[c.added.length ? `+${c.added.length}` : '', c.changed.length ? `~${c.changed.length}` : '', c.deleted.length ? `-${c.deleted.length}` : ''].filter(Boolean).join(' ')}`] : []));
  return parts.length ? parts.join(', ') : 'no section changed';
}

function RevertModal({ revision, onClose }: { readonly revision: number; readonly onClose: () => void }) {
  const refresh = useRefreshSdn();
  const { setUpid } = useLastApply();
  const [confirm, setConfirm] = useState<number | ''>('');
  const revert = useMutation({
    mutationFn: () => api.post<string>(`/cluster/sdn/revisions/${revision}/revert`, confirm === '' ? {} : { confirm }),
    onSuccess: async (upid) => {
      setUpid(upid);
      onClose();
      await refresh();
    },
  });
  return (
    <Modal opened onClose={onClose} title={`Revert to revision ${revision}?`}>
      <Stack>
        <Text size="sm">Revision {revision}'s configuration becomes the pending configuration and is applied to every node as a new version. Pending edits are replaced.</Text>
        <NumberInput label="Confirm within (seconds, optional)" description="Without a confirmation in time every node returns to the current version." min={1} max={86400} value={confirm} onChange={(v) => setConfirm(v === '' ? '' : Number(v))} data-testid="revert-confirm" />
        {revert.isError ? <Alert color="red">{describeError(revert.error)}</Alert> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button color="orange" loading={revert.isPending} onClick={() => revert.mutate()} data-testid="revert-go">
            Revert
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function HistoryPanel() {
  const list = useQuery({ queryKey: ['sdn', 'revisions'], queryFn: () => api.get<RevisionRow[]>('/cluster/sdn/revisions'), refetchInterval: 10_000 });
  const { upid } = useLastApply();
  const [selected, setSelected] = useState<number | null>(null);
  const [from, setFrom] = useState<string | null>(null);
  const [reverting, setReverting] = useState<number | null>(null);
  const rows = list.data ?? [];
  const { visible, controls } = usePaging(rows, (r) => `${r.revision} ${r.user} ${r.note ?? ''}`);
  const current = rows.find((r) => r.revision === selected);
  return (
    <Stack gap="md" data-panel="history">
      <Group gap="xs">
        <IconHistory size={22} />
        <Title order={3}>History</Title>
      </Group>
      <ConfirmCountdown />
      {upid ? <ApplyProgress upid={upid} /> : null}
      {list.isPending ? <Loader size="sm" /> : null}
      {list.isError ? <Alert color="red">{describeError(list.error)}</Alert> : null}
      {list.data && rows.length === 0 ? <Text c="dimmed">No apply recorded yet: every apply from now on is kept here.</Text> : null}
      {controls}
      {rows.length ? (
        <Table.ScrollContainer minWidth={560}>
        <Table highlightOnHover data-testid="revisions">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Revision</Table.Th>
              <Table.Th>When</Table.Th>
              <Table.Th>User</Table.Th>
              <Table.Th>Changes</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {visible.map((r) => (
              <Table.Tr key={r.revision} data-revision={r.revision} bg={r.revision === selected ? 'var(--mantine-color-blue-light)' : undefined} style={{ cursor: 'pointer' }} onClick={() => (setSelected(r.revision), setFrom(null))}>
                <Table.Td>
                  <Group gap={4}>
                    <b>{r.revision}</b>
                    {r.running ? <Badge size="xs" color="green">running</Badge> : null}
                    {r['confirm-deadline'] ? <Badge size="xs" color="yellow">awaiting confirm</Badge> : null}
                  </Group>
                </Table.Td>
                <Table.Td>{when(r.time)}</Table.Td>
                <Table.Td>{r.user}</Table.Td>
                <Table.Td>
                  <Text size="sm">{changeSummary(r)}</Text>
                  {r.note ? <Text size="xs" c="dimmed">{r.note}</Text> : null}
                </Table.Td>
                <Table.Td>
                  {r.running ? null : (
                    <Button size="xs" variant="light" color="orange" onClick={(e) => (e.stopPropagation(), setReverting(r.revision))} data-testid={`revert-${r.revision}`}>
                      Revert
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        </Table.ScrollContainer>
      ) : null}
      {current ? (
        <Card withBorder padding="sm" data-testid="revision-diff">
          <Group justify="space-between" mb="xs">
            <Title order={4}>Revision {current.revision}</Title>
            <Select
              size="xs"
              label="compared with"
              placeholder="the one before"
              clearable
              data={rows.filter((r) => r.revision !== current.revision).map((r) => String(r.revision))}
              value={from}
              onChange={setFrom}
              data-testid="diff-from"
            />
          </Group>
          <RevisionDiffView revision={current.revision} from={from === null ? undefined : Number(from)} />
        </Card>
      ) : rows.length ? (
        <Text size="sm" c="dimmed">
          Select a revision to see what it changed.
        </Text>
      ) : null}
      {reverting !== null ? <RevertModal revision={reverting} onClose={() => setReverting(null)} /> : null}
    </Stack>
  );
}
