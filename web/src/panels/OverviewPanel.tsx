/** The SDN overview: the running version and what is pending, Apply/Rollback, and each node's zones and VNets with their state. */
import { Anchor, Card, Stack, Title } from '@mantine/core';
import { Link } from 'wouter';
import { useLastApply } from '../app/apply-context';
import { ApplyButtons, PendingSummary } from './ApplyPanel';
import { ApplyProgress } from './ApplyProgress';
import { NodeAgents } from './NodeAgents';
import { StatusTree } from './StatusTree';

export function OverviewPanel() {
  const { upid } = useLastApply();
  return (
    <Stack gap="md" data-panel="overview">
      <Title order={3}>SDN overview</Title>
      <Card withBorder padding="sm">
        <Stack gap="xs">
          <PendingSummary />
          <ApplyButtons />
          <Anchor component={Link} href="/apply" size="sm">
            Review every node&apos;s changes before applying (dry run)
          </Anchor>
        </Stack>
      </Card>
      {upid ? <ApplyProgress upid={upid} /> : null}
      <NodeAgents />
      <Title order={4}>Status per node</Title>
      <StatusTree live={upid !== null} />
    </Stack>
  );
}
