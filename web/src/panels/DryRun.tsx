/** What an apply would change on every node: each node's dry-run diff of its interfaces, FRR and dnsmasq files, and what waits for its agent's first report. */
import { Alert, Badge, Card, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useQueries } from '@tanstack/react-query';
import { api, describeError } from '../api/client';
import { useNodes } from '../api/queries';
import type { DryRun as DryRunAnswer } from '../api/types';
import { DiffView } from '../components/DiffView';

const FILES = [
  ['interfaces-diff', '/etc/network/interfaces.d/sdn'],
  ['frr-diff', '/etc/frr/frr.conf'],
] as const;

export function DryRun() {
  const nodes = useNodes();
  const runs = useQueries({
    queries: (nodes.data ?? []).map((n) => ({ queryKey: ['sdn', 'dry-run', n.node], queryFn: () => api.get<DryRunAnswer>('/cluster/sdn/dry-run', { node: n.node }) })),
  });
  if (nodes.isPending) return <Loader size="sm" />;
  if (nodes.isError) return <Alert color="red">{describeError(nodes.error)}</Alert>;
  return (
    <Stack gap="sm" data-testid="dry-run">
      {(nodes.data ?? []).map((n, i) => {
        const run = runs[i];
        const data = run?.data;
        const changed: [string, string][] = [...FILES.flatMap(([key, path]) => (data?.[key] ? [[path, data[key]] as [string, string]] : [])), ...Object.entries(data?.['files-diff'] ?? {})];
        const waiting = data?.['waiting-for-facts'];
        return (
          <Card key={n.node} withBorder padding="sm" data-node={n.node}>
            <Group justify="space-between" mb="xs">
              <Title order={5}>{n.node}</Title>
              {run?.data ? <Badge variant="light" color={changed.length ? 'yellow' : 'gray'}>{changed.length ? `${changed.length} file(s) change` : 'no change'}</Badge> : null}
            </Group>
            {run?.isPending ? <Loader size="xs" /> : null}
            {run?.isError ? <Alert color="red">{describeError(run.error)}</Alert> : null}
            {waiting ? (
              <Alert color="gray" mb="xs" data-testid="waiting-for-facts">
                Not the whole picture yet: {waiting}.
              </Alert>
            ) : null}
            {changed.map(([path, fileDiff]) => (
              <Stack key={path} gap={4} mb="xs">
                <Text size="sm" fw={500}>
                  {path}
                </Text>
                <DiffView diff={fileDiff} label={`${n.node} ${path}`} />
              </Stack>
            ))}
          </Card>
        );
      })}
    </Stack>
  );
}
