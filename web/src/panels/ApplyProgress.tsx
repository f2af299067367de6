/**
 * An apply task followed to its end: its status and log, and per node how
 * many of its zones its agent reports `available` (or `error`) — the
 * per-node progress of the rollout.
 */
import { Alert, Badge, Card, Group, Progress, ScrollArea, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import { POLL_MS, useZoneStatus } from '../api/queries';
import type { SdnResource, TaskLogLine, TaskStatus } from '../api/types';
import type { AgentState } from './agent-state';
import { AgentStateText, useAgentState } from './NodeAgents';

interface NodeProgress {
  readonly node: string;
  readonly total: number;
  readonly available: number;
  readonly errors: number;
}

function perNode(zones: readonly SdnResource[]): NodeProgress[] {
  const out = new Map<string, NodeProgress>();
  for (const z of zones) {
    const p = out.get(z.node) ?? { node: z.node, total: 0, available: 0, errors: 0 };
    out.set(z.node, { ...p, total: p.total + 1, available: p.available + (z.status === 'available' ? 1 : 0), errors: p.errors + (z.status === 'error' ? 1 : 0) });
  }
  return [...out.values()].sort((a, b) => a.node.localeCompare(b.node));
}

const settled = (p: NodeProgress) => p.available + p.errors === p.total;

/** What the zones say, unless the agent says more: none ever reported, or files written without a reload. */
function rowState(p: NodeProgress, agent: AgentState | undefined): { state: string; color: string } {
  if (agent?.label === 'no agent' || agent?.label === 'written, not reloaded') return { state: agent.label, color: agent.color };
  if (p.errors) return { state: 'error', color: 'red' };
  return settled(p) ? { state: 'applied', color: 'green' } : { state: 'applying', color: 'blue' };
}

function NodeRowProgress({ p, lastLine, live }: { readonly p: NodeProgress; readonly lastLine: string | undefined; readonly live: boolean }) {
  const agent = useAgentState(p.node, live);
  const { state, color } = rowState(p, agent.state);
  return (
    <Stack gap={2} data-node-progress={p.node} data-state={state}>
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm" fw={500}>
          {p.node}
        </Text>
        <Badge color={color} variant="light">
          {agent.state?.label === state ? state : `${state} · ${p.available}/${p.total} zones available`}
        </Badge>
      </Group>
      <Progress value={p.total ? ((p.available + p.errors) / p.total) * 100 : 100} color={color} animated={state === 'applying'} />
      {lastLine ? (
        <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
          {lastLine}
        </Text>
      ) : null}
      <AgentStateText node={p.node} live={live} />
    </Stack>
  );
}

export function ApplyProgress({ upid }: { readonly upid: string }) {
  const taskNode = upid.split(':')[1] ?? '';
  const base = `/nodes/${encodeURIComponent(taskNode)}/tasks/${encodeURIComponent(upid)}`;
  const status = useQuery({
    queryKey: ['task', upid, 'status'],
    queryFn: () => api.get<TaskStatus>(`${base}/status`),
    refetchInterval: (q) => (q.state.data?.status === 'stopped' ? false : POLL_MS),
  });
  const running = status.data?.status !== 'stopped';
  // the state in the key: the log is read once more when the task stops, for its last lines
  const log = useQuery({ queryKey: ['task', upid, 'log', status.data?.status], queryFn: () => api.get<TaskLogLine[]>(`${base}/log`, { start: 0, limit: 1000 }), refetchInterval: running ? POLL_MS : false, placeholderData: (previous) => previous });
  const zones = useZoneStatus(true);
  const nodes = perNode(zones.data ?? []);
  const following = running || nodes.some((p) => !settled(p));
  const lines = log.data ?? [];
  const exit = status.data?.status === 'stopped' ? (status.data.exitstatus ?? '') : null;
  const warned = exit?.startsWith('WARNINGS') ?? false;
  const failed = exit !== null && exit !== 'OK' && !warned;

  return (
    <Card withBorder padding="sm" data-testid="apply-progress" data-upid={upid} data-task-state={status.data?.status ?? 'unknown'}>
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={5}>Apply task</Title>
          <Badge color={failed ? 'red' : warned ? 'yellow' : running ? 'blue' : 'green'} variant="light" data-testid="task-status" style={{ maxWidth: '100%' }}>
            {running ? 'running' : exit === 'OK' ? 'finished' : warned ? `finished with ${exit?.toLowerCase() ?? ''}` : 'failed'}
          </Badge>
        </Group>
        {failed ? <Alert color="red" data-testid="task-error">The apply failed: {exit}. Read the task log below, fix the cause, then apply again.</Alert> : null}
        {warned ? <Alert color="yellow">The apply finished with warnings (the WARN lines of the log below): some node did not get it.</Alert> : null}
        {nodes.map((p) => (
          <NodeRowProgress key={p.node} p={p} live={running} lastLine={[...lines].reverse().find((l) => l.t.startsWith(`${p.node}:`))?.t} />
        ))}
        {nodes.length === 0 ? <Text size="sm" c="dimmed">No zone is deployed on any node.</Text> : null}
        {!following && nodes.length ? (
          <Text size="sm" c="dimmed">
            Every node has reported on every zone.
          </Text>
        ) : null}
        <ScrollArea.Autosize mah={220} type="auto">
          <Text component="pre" ff="monospace" fz="xs" m={0} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="task-log">
            {lines.map((l) => l.t).join('\n')}
          </Text>
        </ScrollArea.Autosize>
      </Stack>
    </Card>
  );
}
