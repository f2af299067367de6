/**
 * IPAMs, and the addresses the built-in one holds (`/cluster/sdn/ipams/{ipam}/status`):
 * guests' IP mappings and gateways, which can be added, changed and removed
 * (`/cluster/sdn/vnets/{vnet}/ips`; an empty IP allocates the next free one).
 */
import { Alert, Button, Group, Loader, Modal, Stack, Table, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { api, ApiError, describeError } from '../api/client';
import { ConfirmDelete } from '../components/ConfirmDelete';
import { RowActions } from '../components/RowActions';
import { MethodForm } from '../forms/MethodForm';
import type { IpamEntry, SectionRow } from '../api/types';
import { IPAMS } from '../resources/registry';
import { ResourcePanel } from './ResourcePanel';

const IPS_PATH = '/cluster/sdn/vnets/{vnet}/ips';

type MappingAction = { readonly kind: 'add' } | { readonly kind: 'edit' | 'delete'; readonly entry: IpamEntry };

function MappingDialog({ action, onClose }: { readonly action: MappingAction; onClose(): void }) {
  const phone = useMediaQuery('(max-width: 48em)');
  const title = action.kind === 'add' ? 'Add an IP mapping' : `${action.kind === 'edit' ? 'Edit' : 'Delete'} ${action.entry.ip} in ${action.entry.vnet}`;
  return (
    <Modal opened onClose={onClose} title={title} size="lg" fullScreen={phone === true}>
      {action.kind === 'add' ? <MethodForm method="POST" path={IPS_PATH} hidden={['zone']} submitLabel="Add" onDone={onClose} /> : null}
      {action.kind === 'edit' ? (
        <MethodForm method="PUT" path={IPS_PATH} hidden={['zone']} fixed={{ vnet: action.entry.vnet }} initial={action.entry} submitLabel="Save" onDone={onClose} />
      ) : null}
      {action.kind === 'delete' ? (
        <ConfirmDelete
          path={`/cluster/sdn/vnets/${encodeURIComponent(action.entry.vnet)}/ips`}
          params={{ ip: action.entry.ip, mac: action.entry.mac ?? '' }}
          explanation="The address is released in the IPAM (and its DNS records and DHCP reservation removed) at once."
          onDone={onClose}
        />
      ) : null}
    </Modal>
  );
}

function Mappings({ ipam }: { readonly ipam: string }) {
  const [action, setAction] = useState<MappingAction | null>(null);
  const entries = useQuery({ queryKey: ['sdn', 'ipam-status', ipam], queryFn: () => api.get<IpamEntry[]>(`/cluster/sdn/ipams/${encodeURIComponent(ipam)}/status`) });
  if (entries.isPending) return <Loader size="sm" />;
  if (entries.isError) {
    const e = entries.error;
    if (e instanceof ApiError && e.status === 501) return <Text c="dimmed" size="sm">This server does not list IPAM entries yet.</Text>;
    return <Alert color="red">{describeError(e)}</Alert>;
  }
  return (
    <Stack gap="sm">
      <Group justify="flex-end">
        <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => setAction({ kind: 'add' })}>
          Add IP mapping
        </Button>
      </Group>
      {entries.data.length === 0 ? <Text c="dimmed" size="sm">No address is allocated in {ipam}.</Text> : <MappingTable entries={entries.data} onAction={setAction} />}
      {action ? <MappingDialog action={action} onClose={() => setAction(null)} /> : null}
    </Stack>
  );
}

function MappingTable({ entries, onAction }: { readonly entries: readonly IpamEntry[]; onAction(a: MappingAction): void }) {
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table verticalSpacing="xs" data-testid="ipam-entries">
        <Table.Thead>
          <Table.Tr>
            {['IP', 'VNet', 'Zone', 'Subnet', 'MAC', 'VM', 'Hostname', ''].map((h) => (
              <Table.Th key={h}>{h}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map((e) => (
            <Table.Tr key={`${e.vnet}/${e.ip}`} data-row={e.ip}>
              <Table.Td>{e.ip}</Table.Td>
              <Table.Td>{e.vnet}</Table.Td>
              <Table.Td>{e.zone}</Table.Td>
              <Table.Td>{e.subnet}</Table.Td>
              <Table.Td>{e.gateway ? 'gateway' : (e.mac ?? '')}</Table.Td>
              <Table.Td>{e.vmid ?? ''}</Table.Td>
              <Table.Td>{e.hostname ?? ''}</Table.Td>
              <Table.Td>
                {e.gateway ? null : <RowActions name={e.ip} onEdit={() => onAction({ kind: 'edit', entry: e })} onDelete={() => onAction({ kind: 'delete', entry: e })} />}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export function IpamPanel() {
  const [picked, setPicked] = useState<SectionRow | null>(null);
  const id = picked ? IPAMS.idOf(picked) : undefined;
  return (
    <Stack gap="xl">
      <ResourcePanel def={IPAMS} {...(id ? { selected: id } : {})} onSelect={setPicked} />
      {id ? (
        <Stack gap="sm">
          <Title order={4}>IP mappings in {id}</Title>
          <Mappings ipam={id} />
        </Stack>
      ) : (
        <Text c="dimmed" size="sm">
          Select an IPAM to see its IP mappings.
        </Text>
      )}
    </Stack>
  );
}
