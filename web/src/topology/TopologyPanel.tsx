/**
 * The topology picture: nodes, zones, controllers, fabrics, exit nodes and
 * peers; each zone's VNets and subnets as a block, collapsed beyond a few
 * VNets (a click on its header shows them); a click on an item opens its
 * panel. Loaded on demand with its graph library.
 */
import { Alert, Badge, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useQueries, useQuery } from '@tanstack/react-query';
import { Background, Controls, ReactFlow, type Edge, type Node } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useMemo, useState } from 'react';
import { useLocation } from 'wouter';
import { api, describeError } from '../api/client';
import { useNodes, useRows } from '../api/queries';
import type { SectionRow } from '../api/types';
import { CONTROLLERS, SUBNETS, VNETS, ZONES } from '../resources/registry';
import { buildTopology, groupBy, GROUP_LIMIT, type GraphNode, type GraphNodeKind } from './graph';
import { NODE_HEIGHT, NODE_WIDTH } from './layout';

/** Subnets are read per VNet: only for shown blocks, and not for a block larger than this. */
const SUBNET_READS = 24;

const COLORS: Readonly<Record<GraphNodeKind, string>> = {
  host: 'var(--mantine-color-gray-2)',
  peer: 'var(--mantine-color-gray-0)',
  controller: 'var(--mantine-color-grape-1)',
  fabric: 'var(--mantine-color-orange-1)',
  zone: 'var(--mantine-color-blue-1)',
  group: 'var(--mantine-color-cyan-0)',
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
  const fabrics = useQuery({ queryKey: ['sdn', 'fabrics', 'all'], queryFn: () => api.get<{ fabrics: SectionRow[]; nodes: SectionRow[] }>('/cluster/sdn/fabrics/all', { pending: 1 }) });
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [, navigate] = useLocation();
  const shownVnets = useMemo(
    () => [...groupBy(vnets.data ?? [], (v) => String(v.zone))].filter(([zone, vs]) => vs.length <= GROUP_LIMIT || (expanded.has(zone) && vs.length <= SUBNET_READS)).flatMap(([, vs]) => vs),
    [vnets.data, expanded],
  );
  const subnetQueries = useQueries({
    queries: shownVnets.map((v) => ({
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
        fabrics: fabrics.data?.fabrics ?? [],
        fabricNodes: fabrics.data?.nodes ?? [],
        expanded,
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `subnetsUpdated` stands for `subnetQueries`
    [hosts.data, zones.data, vnets.data, controllers.data, fabrics.data, expanded, subnetsUpdated],
  );
  const byId = useMemo(() => new Map(graph.nodes.map((n) => [n.id, n])), [graph]);
  const open = (n: GraphNode | undefined) => {
    const target = n?.open;
    if (!target) return;
    if ('toggle' in target) {
      setExpanded((e) => {
        const next = new Set(e);
        if (!next.delete(target.toggle)) next.add(target.toggle);
        return next;
      });
    } else navigate(`${target.path}?filter=${encodeURIComponent(target.filter)}`);
  };
  const flowNodes: Node[] = graph.nodes.map((n) => ({
    id: n.id,
    position: { x: n.x, y: n.y },
    data: { label: <NodeLabel label={n.label} detail={n.detail} pending={n.pending} /> },
    style: { width: NODE_WIDTH, height: NODE_HEIGHT, padding: 4, fontSize: 12, background: COLORS[n.kind], borderStyle: n.pending ? 'dashed' : 'solid', cursor: n.open ? 'pointer' : 'default' },
    draggable: false,
    connectable: false,
  }));
  const flowEdges: Edge[] = graph.edges.map((e) => ({
    id: e.id,
    source: e.source,
    target: e.target,
    ...(e.label ? { label: e.label } : {}),
    ...(e.emphasis ? { style: { stroke: 'var(--mantine-color-orange-6)', strokeWidth: 2 }, animated: true } : {}),
  }));
  const reads = [hosts, zones, vnets, controllers, fabrics];
  const error = reads.find((q) => q.isError)?.error;
  // drawn once every read answered: each partial picture would be laid out and drawn for nothing
  const loading = reads.some((q) => q.isPending && !q.isError);

  return (
    <Stack gap="sm" data-panel="topology">
      <Title order={3}>Topology</Title>
      <Group gap="xs">
        <Text size="sm" c="dimmed">
          As it will be after the next apply; dashed boxes are pending. Click a box to open it, a zone&apos;s VNet count to show or hide its VNets.
        </Text>
        {(['host', 'zone', 'group', 'vnet', 'subnet', 'controller', 'fabric', 'peer'] as const).map((k) => (
          <Badge key={k} variant="outline" color="gray" style={{ background: COLORS[k] }}>
            {k === 'group' ? "a zone's VNets" : k === 'host' ? 'node' : k}
          </Badge>
        ))}
      </Group>
      {error ? <Alert color="red">{describeError(error)}</Alert> : null}
      {loading ? (
        <Loader size="sm" />
      ) : (
        <div style={{ height: '70vh', width: '100%', border: '1px solid var(--mantine-color-gray-3)', borderRadius: 4 }} data-testid="topology">
          <ReactFlow nodes={flowNodes} edges={flowEdges} fitView nodesConnectable={false} onlyRenderVisibleElements minZoom={0.02} onNodeClick={(_e, node) => open(byId.get(node.id))}>
            <Background />
            <Controls showInteractive={false} />
          </ReactFlow>
        </div>
      )}
    </Stack>
  );
}
