/**
 * An apply given confirm=SECONDS: the seconds left and Confirm; without it
 * every node returns to the previous version when the time is up. Also the
 * "Apply with confirm" control that starts one.
 */
import { Alert, Button, Group, NumberInput, Text } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { IconClockCheck } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { api, describeError } from '../api/client';
import { POLL_MS, useRefreshSdn, useSdnStatus } from '../api/queries';
import { useLastApply } from '../app/apply-context';
import type { PendingConfirm } from './types';

export function usePendingConfirm() {
  return useQuery({ queryKey: ['sdn', 'confirm'], queryFn: () => api.get<PendingConfirm | null>('/cluster/sdn/confirm'), refetchInterval: (q) => (q.state.data ? POLL_MS : 10_000) });
}

/** Seconds left until `deadline` (unix seconds), ticking each second. */
function useSecondsLeft(deadline: number | undefined): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (deadline === undefined) return undefined;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [deadline]);
  return deadline === undefined ? 0 : Math.max(0, Math.ceil(deadline - now / 1000));
}

export function ConfirmCountdown() {
  const pending = usePendingConfirm();
  const refresh = useRefreshSdn();
  const left = useSecondsLeft(pending.data?.deadline);
  const confirm = useMutation({ mutationFn: () => api.post<number>('/cluster/sdn/confirm'), onSuccess: () => refresh() });
  const c = pending.data;
  if (!c) return confirm.isSuccess ? <Alert color="green" data-testid="confirmed">Version {confirm.data} confirmed: it stays.</Alert> : null;
  return (
    <Alert color={left > 0 ? 'yellow' : 'red'} data-testid="confirm-countdown" title={`Version ${c.version} waits for confirmation`}>
      <Group justify="space-between" wrap="wrap">
        <Text size="sm">
          {left > 0 ? (
            <>
              <b data-testid="confirm-seconds">{left}</b> s left; without Confirm every node returns to the config of version {c.previous}.
            </>
          ) : (
            <>Time is up: every node returns to the config of version {c.previous}.</>
          )}
        </Text>
        <Button leftSection={<IconClockCheck size={16} />} color="green" disabled={left === 0} loading={confirm.isPending} onClick={() => confirm.mutate()} data-testid="confirm">
          Confirm
        </Button>
      </Group>
      {confirm.isError ? <Text c="red" size="sm">{describeError(confirm.error)}</Text> : null}
    </Alert>
  );
}

/** Apply, rolled back unless confirmed within the given seconds. */
export function ApplyWithConfirm() {
  const refresh = useRefreshSdn();
  const { setUpid } = useLastApply();
  const [seconds, setSeconds] = useState<number>(120);
  const apply = useMutation({
    mutationFn: () => api.put<string>('/cluster/sdn', { confirm: seconds }),
    onSuccess: async (upid) => {
      setUpid(upid);
      await refresh();
    },
  });
  const nothing = useSdnStatus().data?.['pending-total'] === 0;
  return (
    <Group gap="xs" align="flex-end">
      <NumberInput label="Confirm within (s)" size="xs" w={140} min={1} max={86400} value={seconds} onChange={(v) => setSeconds(Number(v) || 1)} data-testid="confirm-seconds-input" />
      <Button size="xs" variant="light" disabled={nothing} loading={apply.isPending} onClick={() => apply.mutate()} data-testid="apply-confirm">
        Apply with confirm
      </Button>
      {apply.isError ? <Text c="red" size="sm">{describeError(apply.error)}</Text> : null}
    </Group>
  );
}
