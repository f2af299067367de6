/**
 * Every node with its agent's state explained (see agent-state.ts), Repair
 * for a node that drifted from what its agent applied, and a way to forget a node whose agent will not answer again (a retired node:
 * applies stop waiting for it).
 */
import { Alert, Badge, Button, Card, Group, Loader, Modal, Stack, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { api, describeError } from '../api/client';
import { useAgentReport, useNodes, useRefreshSdn, useSdnStatus } from '../api/queries';
import { ConfirmDelete } from '../components/ConfirmDelete';
import { agentState, type AgentState } from './agent-state';

/** A node's agent state (undefined while its report is read), or the read's failure. */
export function useAgentState(node: string, live = false): { readonly state?: AgentState; readonly error?: string } {
  const report = useAgentReport(node, live);
  const running = useSdnStatus().data?.version;
  if (report.isError) return { error: describeError(report.error) };
  // the age as of the read (re-read every 10 s): rendering stays pure
  return report.isPending ? {} : { state: agentState(node, report.data, running, report.dataUpdatedAt / 1000) };
}

/** One node's agent state: a badge and the sentences that explain it. */
export function AgentStateText({ node, live = false }: { readonly node: string; readonly live?: boolean }) {
  const { state, error } = useAgentState(node, live);
  if (error) return <Text size="xs" c="red">{error}</Text>;
  if (!state) return <Loader size="xs" />;
  return (
    <Stack gap={2} data-agent-state={node} data-state={state.label}>
      <Group gap="xs">
        <Badge color={state.color} variant="light" style={{ minWidth: 'max-content' }}>
          {state.label}
        </Badge>
      </Group>
      {state.details.map((d) => (
        <Text key={d} size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
          {d}
        </Text>
      ))}
    </Stack>
  );
}

function ForgetNode({ node }: { readonly node: string }) {
  const report = useAgentReport(node);
  const [open, setOpen] = useState(false);
  if (!report.data) return null;
  return (
    <>
      <Button size="compact-xs" variant="subtle" color="red" onClick={() => setOpen(true)} aria-label={`forget node ${node}`}>
        Forget
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={`Forget node ${node}?`}>
        <ConfirmDelete
          path={`/nodes/${encodeURIComponent(node)}/sdn/agent`}
          action="Forget"
          explanation={`Its agent's reports and facts are removed and applies stop waiting for it. Do this for a node that is gone; if its agent runs again, it reports again and the node comes back.`}
          onDone={() => setOpen(false)}
        />
      </Modal>
    </>
  );
}

/** Re-applies what drifted on the node (its agent reloads what no longer matches); shown while the report has drift. */
function RepairNode({ node }: { readonly node: string }) {
  const report = useAgentReport(node);
  const refresh = useRefreshSdn();
  const repair = useMutation({ mutationFn: () => api.post(`/nodes/${encodeURIComponent(node)}/sdn/repair`), onSuccess: () => refresh() });
  if (!report.data?.drift?.items.length) return null;
  return (
    <Stack gap={2} align="flex-end">
      <Button size="compact-xs" variant="light" color="orange" loading={repair.isPending} onClick={() => repair.mutate()} aria-label={`repair node ${node}`}>
        Repair
      </Button>
      {repair.isError ? <Text size="xs" c="red">{describeError(repair.error)}</Text> : null}
    </Stack>
  );
}

export function NodeAgents() {
  const nodes = useNodes();
  if (nodes.isPending) return <Loader size="sm" />;
  if (nodes.isError) return <Alert color="red">{describeError(nodes.error)}</Alert>;
  return (
    <Stack gap="xs" data-testid="node-agents">
      <Title order={4}>Nodes and their agents</Title>
      {(nodes.data ?? []).map((n) => (
        <Card key={n.node} withBorder padding="xs" data-node-agent={n.node}>
          <Group justify="space-between" wrap="nowrap" align="flex-start">
            <Text size="sm" fw={600}>
              {n.node}
            </Text>
            <Group gap="xs" wrap="nowrap">
              <RepairNode node={n.node} />
              {/* the node serving this page is not forgotten: its agent answers as long as the page does */}
              {n.status === 'online' ? null : <ForgetNode node={n.node} />}
            </Group>
          </Group>
          <AgentStateText node={n.node} />
        </Card>
      ))}
    </Stack>
  );
}
