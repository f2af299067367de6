/** The topology picture: zones, VNets, subnets, nodes, exit nodes and peers (loaded on demand with its graph library). */
import { Alert, Badge, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useQueries } from '@tanstack/react-query';
import { Background, Controls, ReactFlow, type Edge, type Node } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useMemo } from 'react';
import { api, describeError } from '../api/client';
import { useNodes, useRows } from '../api/queries';
import type { SectionRow } from '../api/types';
import { CONTROLLERS, SUBNETS, VNETS, ZONES } from '../resources/registry';
import { buildTopology, NODE_HEIGHT, NODE_WIDTH, type GraphNodeKind } from './graph';

const COLORS: Readonly<Record<GraphNodeKind, string>> = {
  host: 'var(--mantine-color-gray-2)',
  peer: 'var(--mantine-color-gray-0)',
  controller: 'var(--mantine-color-grape-1)',
  zone: 'var(--mantine-color-blue-1)',
  vnet: 'var(--mantine-color-teal-1)',
  subnet: 'var(--mantine-color-lime-1)',
};

function NodeLabel({ label, detail, pending }: { readonly label: string; readonly detail?: string | undefined; readonly pending: boolean }) {
  return (
    <div>
      <div style={{ fontWeight: 600, overflow: 'hidden', textOverflow: 'ellipsis' }}>{label}</div>
      <div style={{ fontSize: 10, opacity: 0.75 }}>
        {detail}
        {pending ? ' · pending' : ''}
      </div>
    </div>
  );
}

export default function TopologyPanel() {
  const hosts = useNodes();
  const zones = useRows(ZONES);
  const vnets = useRows(VNETS);
  const controllers = useRows(CONTROLLERS);
  const subnetQueries = useQueries({
    queries: (vnets.data ?? []).map((v) => ({
      queryKey: ['sdn', 'subnets', String(v.vnet), 'rows'],
      queryFn: () => api.get<SectionRow[]>(SUBNETS.list(String(v.vnet)), { pending: 1 }),
    })),
  });
  const subnetsUpdated = subnetQueries.map((q) => q.dataUpdatedAt).join(',');
  const graph = useMemo(
    () =>
      buildTopology({
        hosts: hosts.data?.map((h) => h.node) ?? [],
        zones: zones.data ?? [],
        vnets: vnets.data ?? [],
        subnets: subnetQueries.flatMap((q) => q.data ?? []),
        controllers: controllers.data ?? [],
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `subnetsUpdated` stands for `subnetQueries`
    [hosts.data, zones.data, vnets.data, controllers.data, subnetsUpdated],
  );
  const flowNodes: Node[] = graph.nodes.map((n) => ({
    id: n.id,
    position: { x: n.x, y: n.y },
    data: { label: <NodeLabel label={n.label} detail={n.detail} pending={n.pending} /> },
    style: { width: NODE_WIDTH, height: NODE_HEIGHT, padding: 4, fontSize: 12, background: COLORS[n.kind], borderStyle: n.pending ? 'dashed' : 'solid' },
    draggable: true,
    connectable: false,
  }));
  const flowEdges: Edge[] = graph.edges.map((e) => ({
    id: e.id,
    source: e.source,
    target: e.target,
    ...(e.label ? { label: e.label } : {}),
    ...(e.emphasis ? { style: { stroke: 'var(--mantine-color-orange-6)', strokeWidth: 2 }, animated: true } : {}),
  }));
  const error = [hosts, zones, vnets, controllers].find((q) => q.isError)?.error;

  return (
    <Stack gap="sm" data-panel="topology">
      <Title order={3}>Topology</Title>
      <Group gap="xs">
        <Text size="sm" c="dimmed">
          As it will be after the next apply; dashed boxes are pending.
        </Text>
        {(['host', 'zone', 'vnet', 'subnet', 'controller', 'peer'] as const).map((k) => (
          <Badge key={k} variant="outline" color="gray" style={{ background: COLORS[k] }}>
            {k}
          </Badge>
        ))}
      </Group>
      {error ? <Alert color="red">{describeError(error)}</Alert> : null}
      {hosts.isPending || zones.isPending ? (
        <Loader size="sm" />
      ) : (
        <div style={{ height: '70vh', width: '100%', border: '1px solid var(--mantine-color-gray-3)', borderRadius: 4 }} data-testid="topology">
          <ReactFlow nodes={flowNodes} edges={flowEdges} fitView nodesConnectable={false}>
            <Background />
            <Controls showInteractive={false} />
          </ReactFlow>
        </div>
      )}
    </Stack>
  );
}
