/** IPAMs, and the addresses the built-in one holds (`/cluster/sdn/ipams/{ipam}/status`): guests' IP mappings and gateways. */
import { Alert, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, ApiError, describeError } from '../api/client';
import type { IpamEntry, SectionRow } from '../api/types';
import { IPAMS } from '../resources/registry';
import { ResourcePanel } from './ResourcePanel';

function Mappings({ ipam }: { readonly ipam: string }) {
  const entries = useQuery({ queryKey: ['sdn', 'ipam-status', ipam], queryFn: () => api.get<IpamEntry[]>(`/cluster/sdn/ipams/${encodeURIComponent(ipam)}/status`) });
  if (entries.isPending) return <Loader size="sm" />;
  if (entries.isError) {
    const e = entries.error;
    if (e instanceof ApiError && e.status === 501) return <Text c="dimmed" size="sm">This server does not list IPAM entries yet.</Text>;
    return <Alert color="red">{describeError(e)}</Alert>;
  }
  if (entries.data.length === 0) return <Text c="dimmed" size="sm">No address is allocated in {ipam}.</Text>;
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table verticalSpacing="xs" data-testid="ipam-entries">
        <Table.Thead>
          <Table.Tr>
            {['IP', 'VNet', 'Zone', 'Subnet', 'MAC', 'VM', 'Hostname'].map((h) => (
              <Table.Th key={h}>{h}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.data.map((e) => (
            <Table.Tr key={`${e.vnet}/${e.ip}`}>
              <Table.Td>{e.ip}</Table.Td>
              <Table.Td>{e.vnet}</Table.Td>
              <Table.Td>{e.zone}</Table.Td>
              <Table.Td>{e.subnet}</Table.Td>
              <Table.Td>{e.gateway ? 'gateway' : (e.mac ?? '')}</Table.Td>
              <Table.Td>{e.vmid ?? ''}</Table.Td>
              <Table.Td>{e.hostname ?? ''}</Table.Td>
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
