/**
 * The first login with the one-time password `weft server` wrote: the user
 * chooses a password of their own before anything else (`PUT
 * /access/password`, which also needs the current one).
 */
import { Alert, Button, Card, Center, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { api, describeError } from '../api/client';
import { useSession } from '../api/session';

interface Passwords {
  current: string;
  password: string;
  repeat: string;
}

export function ChangePassword({ username }: { readonly username: string }) {
  const { passwordChanged, logout } = useSession();
  const form = useForm<Passwords>({
    initialValues: { current: '', password: '', repeat: '' },
    validate: {
      password: (v) => (v.length < 8 ? 'At least 8 characters.' : v.length > 64 ? 'At most 64 characters.' : null),
      repeat: (v, all) => (v !== all.password ? 'The two new passwords differ.' : null),
    },
  });
  const change = useMutation({
    mutationFn: (v: Passwords) => api.put('/access/password', { userid: username, password: v.password, 'confirmation-password': v.current }),
    onSuccess: passwordChanged,
  });
  return (
    <Center mih="100vh" p="md">
      <Card withBorder shadow="sm" padding="lg" w="100%" maw={380}>
        <form onSubmit={form.onSubmit((v) => change.mutate(v))} data-testid="change-password">
          <Stack>
            <Title order={3}>Choose your password</Title>
            <Text size="sm">
              {username} logged in with the one-time password of the first start. Choose a password of your own before going on; the file with the one-time password no longer works once you have.
            </Text>
            <PasswordInput label="One-time password" autoComplete="current-password" required data-field="current" {...form.getInputProps('current')} />
            <PasswordInput label="New password" description="8 to 64 characters." autoComplete="new-password" required data-field="password" {...form.getInputProps('password')} />
            <PasswordInput label="New password again" autoComplete="new-password" required data-field="repeat" {...form.getInputProps('repeat')} />
            {change.isError ? (
              <Alert color="red" role="alert">
                {describeError(change.error)}
              </Alert>
            ) : null}
            <Button type="submit" loading={change.isPending}>
              Set password
            </Button>
            <Button variant="subtle" onClick={() => logout()}>
              Log out
            </Button>
          </Stack>
        </form>
      </Card>
    </Center>
  );
}
