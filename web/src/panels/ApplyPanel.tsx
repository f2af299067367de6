/**
 * Review and apply: what is pending, every node's dry-run diff, then Apply
 * (`PUT /cluster/sdn`) and the task's per-node progress; or Rollback, which
 * discards the pending changes.
 */
import { Alert, Badge, Button, Group, Modal, Stack, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { IconArrowBackUp, IconPlayerPlay } from '@tabler/icons-react';
import { useState } from 'react';
import { api, describeError } from '../api/client';
import { useRefreshSdn, useSdnStatus } from '../api/queries';
import { useLastApply } from '../app/apply-context';
import { ApplyWithConfirm, ConfirmCountdown } from '../history/ConfirmCountdown';
import { ApplyProgress } from './ApplyProgress';
import { DryRun } from './DryRun';

export function PendingSummary() {
  const status = useSdnStatus();
  if (!status.data) return status.isError ? <Alert color="red">{describeError(status.error)}</Alert> : null;
  const sets = Object.entries(status.data.pending).filter(([, n]) => n > 0);
  return (
    <Group gap="xs" data-testid="pending-summary">
      <Text size="sm">
        Running version <b data-testid="running-version">{status.data.version}</b> ·{' '}
        <span data-testid="pending-total">{status.data['pending-total']}</span> pending change(s)
      </Text>
      {sets.map(([set, n]) => (
        <Badge key={set} variant="light" color="yellow">
          {set}: {n}
        </Badge>
      ))}
      {status.data.locked ? <Badge color="red">locked</Badge> : null}
    </Group>
  );
}

export function ApplyButtons() {
  const refresh = useRefreshSdn();
  const { setUpid } = useLastApply();
  const [confirmRollback, setConfirmRollback] = useState(false);
  const apply = useMutation({
    mutationFn: () => api.put<string>('/cluster/sdn'),
    onSuccess: async (upid) => {
      setUpid(upid);
      await refresh();
    },
  });
  const rollback = useMutation({
    mutationFn: () => api.post('/cluster/sdn/rollback'),
    onSuccess: async () => {
      setConfirmRollback(false);
      await refresh();
    },
  });
  // nothing to apply or discard until an edit is pending
  const nothing = useSdnStatus().data?.['pending-total'] === 0;
  return (
    <Stack gap="xs">
      <Group gap="xs">
        <Button leftSection={<IconPlayerPlay size={16} />} loading={apply.isPending} disabled={nothing} onClick={() => apply.mutate()} data-testid="apply">
          Apply
        </Button>
        <Button variant="default" leftSection={<IconArrowBackUp size={16} />} disabled={nothing} onClick={() => setConfirmRollback(true)}>
          Rollback
        </Button>
        {nothing ? (
          <Text size="xs" c="dimmed" data-testid="nothing-pending">
            Nothing pending: edit something first.
          </Text>
        ) : null}
      </Group>
      {apply.isError ? <Alert color="red">{describeError(apply.error)}</Alert> : null}
      <Modal opened={confirmRollback} onClose={() => setConfirmRollback(false)} title="Discard the pending changes?">
        <Stack>
          <Text size="sm">Rollback puts the running configuration back into the edited one: every pending change is lost.</Text>
          {rollback.isError ? <Alert color="red">{describeError(rollback.error)}</Alert> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirmRollback(false)}>
              Cancel
            </Button>
            <Button color="red" loading={rollback.isPending} onClick={() => rollback.mutate()}>
              Rollback
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

export function ApplyPanel() {
  const { upid } = useLastApply();
  return (
    <Stack gap="md" data-panel="apply">
      <Title order={3}>Review and apply</Title>
      <PendingSummary />
      <ConfirmCountdown />
      <ApplyButtons />
      <ApplyWithConfirm />
      {upid ? <ApplyProgress upid={upid} /> : null}
      <Title order={4}>Changes per node (dry run)</Title>
      <DryRun />
    </Stack>
  );
}
