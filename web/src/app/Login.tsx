/**
 * The login form: user, realm and password give a ticket (`POST
 * /access/ticket`); a user with second factors is then asked for the TOTP
 * code or one of the recovery keys.
 */
import { Alert, Button, Card, Center, PasswordInput, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { ApiError, describeError } from '../api/client';
import { LOGIN_ATTEMPT, useSession } from '../api/session';

interface Credentials {
  username: string;
  password: string;
  realm: string;
}

const failureText = (error: unknown, what: string): string | null =>
  error instanceof ApiError && error.status === 401 ? `Login failed: check ${what}.` : error ? describeError(error) : null;

/** A login form's end: why the last attempt failed, and its button. */
function Submit({ failure, pending, label }: { readonly failure: string | null; readonly pending: boolean; readonly label: string }) {
  return (
    <>
      {failure ? (
        <Alert color="red" role="alert">
          {failure}
        </Alert>
      ) : null}
      <Button type="submit" loading={pending}>
        {label}
      </Button>
    </>
  );
}

function SecondFactor({ username }: { readonly username: string }) {
  const { answerSecondFactor, cancelSecondFactor } = useSession();
  const form = useForm<{ answer: string }>({ initialValues: { answer: '' } });
  const attempt = useMutation({ mutationFn: (v: { answer: string }) => answerSecondFactor(v.answer), meta: LOGIN_ATTEMPT });
  const failure = failureText(attempt.error, 'the code or the key');
  return (
    <form onSubmit={form.onSubmit((v) => attempt.mutate(v))}>
      <Stack>
        <Title order={3}>Second factor</Title>
        <Text size="sm">{username} has a second login factor: the code your authenticator app shows now, or one of your unused recovery keys (xxxx-xxxx-xxxx-xxxx).</Text>
        <TextInput label="TOTP code or recovery key" autoComplete="one-time-code" required data-autofocus {...form.getInputProps('answer')} />
        <Submit failure={failure} pending={attempt.isPending} label="Confirm" />
        <Button variant="subtle" onClick={cancelSecondFactor}>
          Back
        </Button>
      </Stack>
    </form>
  );
}

export function Login() {
  const { login, ended, secondFactor } = useSession();
  const form = useForm<Credentials>({ initialValues: { username: 'root', password: '', realm: 'pam' } });
  const attempt = useMutation({ mutationFn: (c: Credentials) => login(c.username, c.password, c.realm), meta: LOGIN_ATTEMPT });
  const failure = failureText(attempt.error, 'the user name, the realm and the password');
  return (
    <Center mih="100vh" p="md">
      <Card withBorder shadow="sm" padding="lg" w="100%" maw={380}>
        {secondFactor ? (
          <SecondFactor username={secondFactor} />
        ) : (
          <form onSubmit={form.onSubmit((c) => attempt.mutate(c))}>
            <Stack>
              <Title order={3}>Weft SDN</Title>
              {/* a new attempt's failure replaces why the last session ended */}
              {ended && !failure ? <Alert color="yellow">{ended}</Alert> : null}
              <Text size="xs" c="dimmed" data-testid="first-password">
                First login: user root, realm pam, with the one-time password weft server wrote to DATA-DIR/priv/root-password on its machine (it prints the path when it starts).
              </Text>
              <TextInput label="User name" autoComplete="username" required {...form.getInputProps('username')} />
              <PasswordInput label="Password" autoComplete="current-password" required {...form.getInputProps('password')} />
              <Select label="Realm" data={[{ value: 'pam', label: 'Linux PAM (pam)' }, { value: 'pve', label: 'Weft (pve)' }]} allowDeselect={false} {...form.getInputProps('realm')} />
              <Submit failure={failure} pending={attempt.isPending} label="Log in" />
            </Stack>
          </form>
        )}
      </Card>
    </Center>
  );
}
