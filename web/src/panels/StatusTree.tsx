/**
 * Nodes → zones → VNets with the state each node's agent reported, read
 * from `/cluster/resources` and each zone's `content` on each node.
 */
import { Alert, Group, Loader, Text, Tree, useTree, type RenderTreeNodePayload, type TreeNodeData } from '@mantine/core';
import { useQueries } from '@tanstack/react-query';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { api, describeError } from '../api/client';
import { POLL_MS, useZoneStatus } from '../api/queries';
import type { SdnResource, VnetStatus } from '../api/types';
import { StatusBadge } from '../components/StatusBadge';

interface Entry {
  readonly kind: 'node' | 'zone' | 'vnet';
  readonly name: string;
  readonly status?: string;
  readonly message?: string;
}

function buildTree(zones: readonly SdnResource[], contents: ReadonlyMap<string, readonly VnetStatus[]>): { data: TreeNodeData[]; entries: Map<string, Entry> } {
  const entries = new Map<string, Entry>();
  const byNode = new Map<string, SdnResource[]>();
  for (const z of zones) byNode.set(z.node, [...(byNode.get(z.node) ?? []), z]);
  const data = [...byNode.keys()].sort().map((node): TreeNodeData => {
    const nodeKey = `node/${node}`;
    entries.set(nodeKey, { kind: 'node', name: node });
    return {
      value: nodeKey,
      label: node,
      children: (byNode.get(node) ?? []).map((z): TreeNodeData => {
        const zoneKey = `${nodeKey}/zone/${z.sdn}`;
        entries.set(zoneKey, { kind: 'zone', name: z.sdn, status: z.status });
        return {
          value: zoneKey,
          label: z.sdn,
          children: (contents.get(`${node}/${z.sdn}`) ?? []).map((v): TreeNodeData => {
            const vnetKey = `${zoneKey}/vnet/${v.vnet}`;
            entries.set(vnetKey, { kind: 'vnet', name: v.vnet, status: v.status, ...(v.statusmsg ? { message: v.statusmsg } : {}) });
            return { value: vnetKey, label: v.vnet };
          }),
        };
      }),
    };
  });
  return { data, entries };
}

export function StatusTree({ live = false }: { readonly live?: boolean }) {
  const zones = useZoneStatus(live);
  const contents = useQueries({
    queries: (zones.data ?? []).map((z) => ({
      // the zone's state in the key: its VNets are re-read when it changes
      queryKey: ['sdn', 'content', z.node, z.sdn, z.status],
      queryFn: () => api.get<VnetStatus[]>(`/nodes/${encodeURIComponent(z.node)}/sdn/zones/${encodeURIComponent(z.sdn)}/content`),
      refetchInterval: live && z.status === 'pending' ? POLL_MS : false,
    })),
  });
  // useQueries answers a new array each render; rebuild the tree only when an answer changed
  const updated = contents.map((c) => c.dataUpdatedAt).join(',');
  const { data, entries } = useMemo(
    () => buildTree(zones.data ?? [], new Map((zones.data ?? []).map((z, i) => [`${z.node}/${z.sdn}`, contents[i]?.data ?? []]))),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `updated` stands for `contents`
    [zones.data, updated],
  );
  // everything starts expanded; what the user collapses stays collapsed across refreshes
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const expandedState = useMemo(() => Object.fromEntries([...entries.keys()].map((k) => [k, !collapsed.has(k)])), [entries, collapsed]);
  const tree = useTree({
    expandedState,
    onExpandedStateChange: (state) => setCollapsed(new Set(Object.entries(state).filter(([, open]) => !open).map(([k]) => k))),
  });

  if (zones.isPending) return <Loader size="sm" />;
  if (zones.isError) return <Alert color="red">{describeError(zones.error)}</Alert>;
  if (data.length === 0) return <Text c="dimmed" size="sm">No zone is applied yet: create a zone, then Apply.</Text>;

  const render = ({ node, expanded, hasChildren, elementProps }: RenderTreeNodePayload) => {
    const e = entries.get(node.value);
    return (
      <Group gap={6} wrap="nowrap" {...elementProps} data-tree={node.value}>
        {hasChildren ? expanded ? <IconChevronDown size={14} /> : <IconChevronRight size={14} /> : <span style={{ width: 14 }} />}
        <Text size="xs" c="dimmed" w={36}>
          {e?.kind}
        </Text>
        <Text size="sm" fw={e?.kind === 'node' ? 600 : 400}>
          {node.label}
        </Text>
        {e?.status ? <StatusBadge status={e.status} message={e.message} /> : null}
      </Group>
    );
  };
  return <Tree data={data} tree={tree} renderNode={render} levelOffset="md" />;
}
