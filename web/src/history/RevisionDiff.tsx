/** What one revision changed against another: the sections per set (before → after) and each node's files as unified diffs. */
import { Alert, Badge, Code, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api, describeError } from '../api/client';
import { DiffView } from '../components/DiffView';
import type { RevisionDiff, Section } from './types';

const FILES = [
  ['interfaces-diff', '/etc/network/interfaces.d/sdn'],
  ['frr-diff', '/etc/frr/frr.conf'],
] as const;

const show = (s: Section) => Object.entries(s).map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join(' ');

export function RevisionDiffView({ revision, from }: { readonly revision: number; readonly from: number | undefined }) {
  const diff = useQuery({
    queryKey: ['sdn', 'revision-diff', revision, from ?? null],
    queryFn: () => api.get<RevisionDiff>(`/cluster/sdn/revisions/${revision}/diff`, from === undefined ? {} : { from }),
  });
  if (diff.isPending) return <Loader size="sm" />;
  if (diff.isError) return <Alert color="gray">{describeError(diff.error)}</Alert>;
  const d = diff.data;
  const sets = Object.entries(d.sections);
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        From revision {d.from} to {d.to}
      </Text>
      {sets.length === 0 ? <Text size="sm">No section changed.</Text> : null}
      {sets.map(([set, c]) => (
        <Stack key={set} gap={2} data-set={set}>
          <Title order={5}>{set}</Title>
          {c.added.map((s) => (
            <Group key={`a${s.id}`} gap="xs" wrap="nowrap">
              <Badge color="green" size="sm">added</Badge>
              <Code>{s.id}</Code>
              <Text size="xs">{show(s.after)}</Text>
            </Group>
          ))}
          {c.changed.map((s) => (
            <Group key={`c${s.id}`} gap="xs" wrap="nowrap">
              <Badge color="yellow" size="sm">changed</Badge>
              <Code>{s.id}</Code>
              <Text size="xs">
                {show(s.before)} → {show(s.after)}
              </Text>
            </Group>
          ))}
          {c.deleted.map((s) => (
            <Group key={`d${s.id}`} gap="xs" wrap="nowrap">
              <Badge color="red" size="sm">deleted</Badge>
              <Code>{s.id}</Code>
              <Text size="xs">{show(s.before)}</Text>
            </Group>
          ))}
        </Stack>
      ))}
      {d.nodes.map((n) => (
        <Stack key={n.node} gap={4} data-node={n.node}>
          <Title order={5}>{n.node}</Title>
          {FILES.filter(([key]) => n[key]).map(([key, path]) => (
            <Stack key={key} gap={2}>
              <Text size="sm" fw={500}>
                {path}
              </Text>
              <DiffView diff={n[key] ?? ''} label={`${n.node} ${path}`} />
            </Stack>
          ))}
          {FILES.every(([key]) => !n[key]) ? <Text size="xs" c="dimmed">no file changes</Text> : null}
        </Stack>
      ))}
    </Stack>
  );
}
