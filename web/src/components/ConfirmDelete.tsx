/** The body of a delete dialog: what deleting means, the server's refusal if any, Cancel and Delete (or another `action`; a removal some methods make with PUT, e.g. an ACL entry's `delete=1`). */
import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { api, describeError, type Params } from '../api/client';
import { useRefreshSdn } from '../api/queries';

export function ConfirmDelete({ path, params, method = 'delete', explanation, action = 'Delete', onDone }: { readonly path: string; readonly params?: Params; readonly method?: 'delete' | 'put'; readonly explanation: string; readonly action?: string; onDone(): void }) {
  const refresh = useRefreshSdn();
  const remove = useMutation({
    mutationFn: () => (method === 'put' ? api.put(path, params) : api.delete(path, params)),
    onSuccess: async () => {
      await refresh();
      onDone();
    },
  });
  return (
    <Stack>
      <Text size="sm">{explanation}</Text>
      {remove.isError ? <Alert color="red">{describeError(remove.error)}</Alert> : null}
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          Cancel
        </Button>
        <Button color="red" loading={remove.isPending} onClick={() => remove.mutate()}>
          {action}
        </Button>
      </Group>
    </Stack>
  );
}
