/** The login form: user, realm and password give a ticket (`POST /access/ticket`). */
import { Alert, Button, Card, Center, PasswordInput, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { ApiError, describeError } from '../api/client';
import { useSession } from '../api/session';

interface Credentials {
  username: string;
  password: string;
  realm: string;
}

export function Login() {
  const { login, ended } = useSession();
  const form = useForm<Credentials>({ initialValues: { username: 'root', password: '', realm: 'pam' } });
  const attempt = useMutation({ mutationFn: (c: Credentials) => login(c.username, c.password, c.realm) });
  const failure = attempt.error instanceof ApiError && attempt.error.status === 401 ? 'Login failed: check the user name, the realm and the password.' : attempt.error ? describeError(attempt.error) : null;
  return (
    <Center mih="100vh" p="md">
      <Card withBorder shadow="sm" padding="lg" w="100%" maw={380}>
        <form onSubmit={form.onSubmit((c) => attempt.mutate(c))}>
          <Stack>
            <Title order={3}>Weft SDN</Title>
            {ended ? <Alert color="yellow">{ended}</Alert> : null}
            <Text size="xs" c="dimmed" data-testid="first-password">
              First login: user root, realm pam, with the one-time password weft server wrote to DATA-DIR/priv/root-password on its machine (it prints the path when it starts).
            </Text>
            <TextInput label="User name" autoComplete="username" required {...form.getInputProps('username')} />
            <PasswordInput label="Password" autoComplete="current-password" required {...form.getInputProps('password')} />
            <Select label="Realm" data={[{ value: 'pam', label: 'Linux PAM (pam)' }, { value: 'pve', label: 'Weft (pve)' }]} allowDeselect={false} {...form.getInputProps('realm')} />
            {failure ? (
              <Alert color="red" role="alert">
                {failure}
              </Alert>
            ) : null}
            <Button type="submit" loading={attempt.isPending}>
              Log in
            </Button>
          </Stack>
        </form>
      </Card>
    </Center>
  );
}
