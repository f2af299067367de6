/**
 * A privilege-separated token's ACL entries on the tokens page: each entry
 * with a button to take it away, and a form to give the token a role on a
 * path (`PUT /access/acl` with `tokens`), so that a new token can be made
 * useful without the CLI. The paths offered are the SDN's and the nodes'
 * (any other ACL path may be typed); each role says what it grants.
 */
import { ActionIcon, Autocomplete, Badge, Group, Modal, Select, Stack, Switch, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery } from '@tanstack/react-query';
import { IconKey, IconX } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { api } from '../api/client';
import { useReferenceNames } from '../api/queries';
import { ConfirmDelete } from '../components/ConfirmDelete';
import { FormFooter, useRefusal } from '../forms/ServerErrors';
import type { FormValues } from '../forms/values';

export interface AclEntry {
  readonly path: string;
  readonly type: string;
  readonly ugid: string;
  readonly roleid: string;
  readonly propagate: number;
}

interface RoleRow {
  readonly roleid: string;
  readonly privs: string;
}

const FIXED_PATHS = ['/', '/sdn', '/sdn/zones', '/sdn/controllers', '/sdn/ipams', '/sdn/dns', '/sdn/fabrics', '/nodes'];

/** The ACL paths a form offers: the fixed ones, each zone, each VNet under its zone, each node. */
function useAclPaths(): string[] {
  const zones = useReferenceNames('zones');
  const nodes = useReferenceNames('nodes');
  const vnets = useQuery({ queryKey: ['sdn', 'vnets', '', 'acl-paths'], queryFn: () => api.get<{ vnet: string; zone?: string }[]>('/cluster/sdn/vnets') });
  return useMemo(
    () => [
      ...FIXED_PATHS,
      ...zones.map((z) => `/sdn/zones/${z}`),
      ...(vnets.data ?? []).filter((v) => v.zone).map((v) => `/sdn/zones/${v.zone}/${v.vnet}`),
      ...nodes.map((n) => `/nodes/${n}`),
    ],
    [zones, nodes, vnets.data],
  );
}

function GrantAccess({ token, onDone }: { readonly token: string; onDone(): void }) {
  const form = useForm<FormValues>({ initialValues: { path: '/sdn', roles: 'PVEAuditor', propagate: true } });
  const { refusal, formRef, refused, submit } = useRefusal(form, [
    { name: 'path', label: 'Path' },
    { name: 'roles', label: 'Role' },
  ]);
  const paths = useAclPaths();
  const roles = useQuery({ queryKey: ['access', 'roles'], queryFn: () => api.get<RoleRow[]>('/access/roles') });
  const privs = roles.data?.find((r) => r.roleid === form.getValues().roles)?.privs;
  const grant = useMutation({
    mutationFn: (v: FormValues) => api.put('/access/acl', { path: String(v.path).trim(), roles: String(v.roles ?? ''), tokens: token, propagate: v.propagate === true ? 1 : 0 }),
    onSuccess: onDone,
    onError: refused,
  });
  return (
    <form ref={formRef} onSubmit={submit((v) => grant.mutate(v))} noValidate>
      <Stack gap="sm">
        <Autocomplete label="Path" description="What the role applies to: /sdn/zones/ZONE for a zone and its VNets, /sdn/zones/ZONE/VNET for one VNet, / for everything." data={paths} withAsterisk data-field="path" {...form.getInputProps('path')} />
        <Select
          label="Role"
          description={privs ? `Grants ${privs.split(',').join(', ')}.` : undefined}
          data={(roles.data ?? []).map((r) => r.roleid)}
          allowDeselect={false}
          searchable
          withAsterisk
          data-field="roles"
          {...form.getInputProps('roles')}
        />
        <Switch label="Propagate" description="Also to every path below this one." data-field="propagate" {...form.getInputProps('propagate', { type: 'checkbox' })} />
        <FormFooter refusal={refusal} submitLabel="Give access" busy={grant.isPending} onCancel={onDone} />
      </Stack>
    </form>
  );
}

/** The entries of one token (its full id `user!name`), each removable, and the button that gives it one. */
export function TokenAcl({ token, entries, onChanged }: { readonly token: string; readonly entries: readonly AclEntry[]; onChanged(): void }) {
  const [granting, setGranting] = useState(false);
  const [removing, setRemoving] = useState<AclEntry | null>(null);
  const name = token.slice(token.indexOf('!') + 1);
  const label = (e: AclEntry) => `${e.roleid} on ${e.path}`;
  return (
    <Group gap={4} wrap="wrap" align="center">
      {entries.length === 0 ? (
        <Text span size="sm" c="dimmed">
          none: may do nothing
        </Text>
      ) : (
        entries.map((e) => (
          <Badge
            key={`${e.path} ${e.roleid}`}
            variant="light"
            color="gray"
            tt="none"
            // the whole entry on a phone too: wrapped, never cut to an ellipsis
            h="auto"
            style={{ whiteSpace: 'normal', overflow: 'visible' }}
            styles={{ label: { overflow: 'visible', whiteSpace: 'normal' } }}
            data-acl={label(e)}
            rightSection={
              <ActionIcon size="xs" variant="transparent" color="gray" aria-label={`remove ${label(e)} from ${name}`} onClick={() => setRemoving(e)}>
                <IconX size={12} />
              </ActionIcon>
            }
          >
            {label(e)}
            {e.propagate ? '' : ' (this path only)'}
          </Badge>
        ))
      )}
      <ActionIcon variant="subtle" aria-label={`give ${name} access`} onClick={() => setGranting(true)}>
        <IconKey size={16} />
      </ActionIcon>
      <Modal opened={granting} onClose={() => setGranting(false)} title={`Give ${name} access`}>
        <GrantAccess
          token={token}
          onDone={() => {
            setGranting(false);
            onChanged();
          }}
        />
      </Modal>
      {removing ? (
        <Modal opened onClose={() => setRemoving(null)} title={`Remove ${label(removing)}?`}>
          <ConfirmDelete
            method="put"
            path="/access/acl"
            params={{ path: removing.path, roles: removing.roleid, tokens: token, delete: 1 }}
            explanation={`Whatever uses ${name} loses what ${removing.roleid} grants on ${removing.path}.`}
            action="Remove"
            onDone={() => {
              setRemoving(null);
              onChanged();
            }}
          />
        </Modal>
      ) : null}
    </Group>
  );
}
