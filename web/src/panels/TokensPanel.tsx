/**
 * The logged-in user's API tokens: the list with each token's ACL entries
 * (given and taken away here, TokenAcl.tsx), a form to create one (its
 * secret shown once, with what privilege separation means), and delete. The CLI and agents use a token
 * (`WEFT_TOKEN=user@realm!name=secret`) where a person would log in.
 */
import { Alert, Badge, Button, Code, CopyButton, Group, Loader, Modal, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { api, describeError } from '../api/client';
import { useSession } from '../api/session';
import { ConfirmDelete } from '../components/ConfirmDelete';
import { RowActions } from '../components/RowActions';
import { FormFooter, useRefusal } from '../forms/ServerErrors';
import type { FormValues } from '../forms/values';
import { TokenAcl, type AclEntry } from './TokenAcl';

interface TokenRow {
  readonly tokenid: string;
  readonly comment?: string;
  readonly expire?: number;
  readonly privsep: number;
}

interface Created {
  readonly 'full-tokenid': string;
  readonly value: string;
}

const PRIVSEP_HELP =
  'With privilege separation the token may do only what ACL entries given to the token itself allow (at most what you may); a new one may do nothing until it gets some. Without it, the token acts with all of your privileges.';

const tokensPath = (userid: string) => `/access/users/${encodeURIComponent(userid)}/token`;

function CreateToken({ userid, onCreated, onCancel }: { readonly userid: string; onCreated(created: Created): void; onCancel(): void }) {
  const form = useForm<FormValues>({ initialValues: { tokenid: '', comment: '', privsep: true } });
  const { refusal, formRef, refused, submit } = useRefusal(form, [
    { name: 'tokenid', label: 'Token name' },
    { name: 'comment', label: 'Comment' },
  ]);
  const create = useMutation({
    mutationFn: (v: FormValues) => api.post<Created>(`${tokensPath(userid)}/${encodeURIComponent(String(v.tokenid).trim())}`, { comment: String(v.comment).trim() || undefined, privsep: v.privsep === true ? 1 : 0 }),
    onSuccess: onCreated,
    onError: refused,
  });
  return (
    <form ref={formRef} onSubmit={submit((v) => create.mutate(v))} noValidate>
      <Stack gap="sm">
        <TextInput label="Token name" description="Letters, digits, '.', '-' and '_', starting with a letter; the token's id is user!name." withAsterisk data-field="tokenid" {...form.getInputProps('tokenid')} />
        <TextInput label="Comment" data-field="comment" {...form.getInputProps('comment')} />
        <Switch label="Privilege separation" description={PRIVSEP_HELP} data-field="privsep" {...form.getInputProps('privsep', { type: 'checkbox' })} />
        <FormFooter refusal={refusal} submitLabel="Create" busy={create.isPending} onCancel={onCancel} />
      </Stack>
    </form>
  );
}

function ShownOnce({ created, onDone }: { readonly created: Created; onDone(): void }) {
  const value = `${created['full-tokenid']}=${created.value}`;
  return (
    <Stack gap="sm">
      <Alert color="yellow" title="Copy the secret now">
        It is shown only this once; Weft keeps only its hash. A lost secret cannot be read again: delete the token and make another.
      </Alert>
      <Text size="sm">Token id</Text>
      <Code data-testid="token-id">{created['full-tokenid']}</Code>
      <Text size="sm">Secret</Text>
      <Code data-testid="token-secret" style={{ wordBreak: 'break-all' }}>
        {created.value}
      </Code>
      <Text size="sm">For the CLI:</Text>
      <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{`export WEFT_TOKEN='${value}'`}</Code>
      <Group justify="flex-end">
        <CopyButton value={value}>{({ copied, copy }) => <Button variant="light" onClick={copy}>{copied ? 'Copied' : 'Copy id=secret'}</Button>}</CopyButton>
        <Button onClick={onDone}>Done</Button>
      </Group>
    </Stack>
  );
}

export function TokensPanel() {
  const { session } = useSession();
  const userid = session?.username ?? '';
  const client = useQueryClient();
  const tokens = useQuery({ queryKey: ['access', 'tokens', userid], queryFn: () => api.get<TokenRow[]>(tokensPath(userid)), enabled: userid !== '' });
  const acl = useQuery({ queryKey: ['access', 'acl'], queryFn: () => api.get<AclEntry[]>('/access/acl') });
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<Created | null>(null);
  const [deleting, setDeleting] = useState<string | null>(null);
  const refresh = () => client.invalidateQueries({ queryKey: ['access'] });
  const aclOf = (tokenid: string) => (acl.data ?? []).filter((e) => e.type === 'token' && e.ugid === `${userid}!${tokenid}`);

  return (
    <Stack gap="sm" data-panel="tokens">
      <Group justify="space-between" wrap="nowrap">
        <Title order={3}>API tokens</Title>
        <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
          Add token
        </Button>
      </Group>
      <Text size="sm" c="dimmed">
        Tokens of {userid}, for the CLI (<Code>WEFT_TOKEN</Code>), node agents and scripts. {PRIVSEP_HELP} Give a separated token access with its key button: a role on a path.
      </Text>
      {tokens.isError ? <Alert color="red">{describeError(tokens.error)}</Alert> : null}
      {tokens.isPending ? (
        <Loader size="sm" />
      ) : tokens.data?.length === 0 ? (
        <Text size="sm" c="dimmed">
          No API token yet.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={360}>
          <Table verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Privileges</Table.Th>
                <Table.Th>ACL entries</Table.Th>
                <Table.Th style={{ position: 'sticky', right: 0, background: 'var(--mantine-color-body)' }} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(tokens.data ?? []).map((t) => {
                const entries = aclOf(t.tokenid);
                return (
                  <Table.Tr key={t.tokenid} data-row={t.tokenid}>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {t.tokenid}
                      </Text>
                      {t.comment ? (
                        <Text size="xs" c="dimmed">
                          {t.comment}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={t.privsep ? 'blue' : 'orange'} style={{ minWidth: 'max-content' }}>
                        {t.privsep ? 'separated' : 'all of yours'}
                      </Badge>
                    </Table.Td>
                    <Table.Td data-testid="token-acl">
                      {t.privsep ? <TokenAcl token={`${userid}!${t.tokenid}`} entries={entries} onChanged={() => void refresh()} /> : <Text span size="sm" c="dimmed">not needed</Text>}
                    </Table.Td>
                    <Table.Td style={{ position: 'sticky', right: 0, background: 'var(--mantine-color-body)' }}>
                      <RowActions name={t.tokenid} onDelete={() => setDeleting(t.tokenid)} />
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Modal opened={creating} onClose={() => setCreating(false)} title="Create an API token">
        <CreateToken
          userid={userid}
          onCancel={() => setCreating(false)}
          onCreated={(c) => {
            setCreating(false);
            setCreated(c);
            void refresh();
          }}
        />
      </Modal>
      <Modal opened={created !== null} onClose={() => setCreated(null)} title="Token created" closeOnClickOutside={false}>
        {created ? <ShownOnce created={created} onDone={() => setCreated(null)} /> : null}
      </Modal>
      {deleting ? (
        <Modal opened onClose={() => setDeleting(null)} title={`Delete token ${deleting}?`}>
          <ConfirmDelete
            path={`${tokensPath(userid)}/${encodeURIComponent(deleting)}`}
            explanation="Whatever uses this token is refused from now on."
            onDone={() => {
              setDeleting(null);
              void refresh();
            }}
          />
        </Modal>
      ) : null}
    </Stack>
  );
}
