/**
 * The reads the panels share, as react-query hooks. Every SDN read sits
 * under the `sdn` key, so one invalidation after an edit or an apply
 * refreshes every panel.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { ResourceDef, ResourceKey } from '../resources/registry';
import { RESOURCES } from '../resources/all';
import { api } from './client';
import type { AgentReport, NodeRow, SdnResource, SdnStatus, SectionRow } from './types';

/** Rows of a resource: with pending state when it is applied, else the config as it is. */
export function useRows(def: ResourceDef, parent?: string) {
  return useQuery({
    queryKey: ['sdn', def.key, parent ?? '', 'rows'],
    queryFn: () => api.get<SectionRow[]>(def.list(parent), { ...def.listParams, ...(def.applied ? { pending: 1 } : {}) }),
    enabled: def.parentLabel === undefined || parent !== undefined,
  });
}

/** One section as edited now (the config, with its digest), for an edit form. */
export function useItem(def: ResourceDef, id: string, parent: string | undefined) {
  return useQuery({ queryKey: ['sdn', def.key, parent ?? '', 'item', id], queryFn: () => api.get<SectionRow>(def.item(id, parent)), gcTime: 0 });
}

/** The running version and the pending count; re-read now and then, as others edit too. */
export function useSdnStatus() {
  return useQuery({ queryKey: ['sdn', 'status'], queryFn: () => api.get<SdnStatus>('/cluster/sdn/status'), refetchInterval: 10_000 });
}

export function useNodes() {
  return useQuery({ queryKey: ['sdn', 'nodes'], queryFn: () => api.get<NodeRow[]>('/nodes') });
}

export const POLL_MS = 1000;

/** A node agent's last report; `live`: re-read every second (while an apply is followed). */
export function useAgentReport(node: string, live = false) {
  return useQuery({
    queryKey: ['sdn', 'agent', node],
    queryFn: () => api.get<AgentReport | null>(`/nodes/${encodeURIComponent(node)}/sdn/agent`),
    refetchInterval: live ? POLL_MS : 10_000,
  });
}

/** Every zone on every node with its status; `live`: re-read while some node has not reported yet. */
export function useZoneStatus(live = false) {
  return useQuery({
    queryKey: ['sdn', 'resources'],
    queryFn: () => api.get<SdnResource[]>('/cluster/resources', { type: 'sdn' }),
    refetchInterval: (q) => (live && (q.state.data ?? []).some((z) => z.status === 'pending') ? POLL_MS : false),
  });
}

/** Names of existing objects a field may refer to. */
export function useReferenceNames(source: ResourceKey | 'nodes'): readonly string[] {
  const def = source === 'nodes' ? undefined : RESOURCES[source];
  const nodes = useQuery({ queryKey: ['sdn', 'nodes'], queryFn: () => api.get<NodeRow[]>('/nodes'), enabled: source === 'nodes' });
  const rows = useQuery({
    queryKey: ['sdn', source, '', 'names'],
    queryFn: () => api.get<SectionRow[]>(def?.names ?? def?.list(undefined) ?? '/'),
    enabled: def !== undefined && def.parentLabel === undefined,
  });
  if (source === 'nodes') return nodes.data?.map((n) => n.node) ?? [];
  return rows.data?.map((r) => (def?.names ? String(r.id) : def ? def.idOf(r) : '')) ?? [];
}

/** Refreshes every SDN read (after an edit, an apply or a rollback). */
export function useRefreshSdn(): () => Promise<void> {
  const client = useQueryClient();
  return useCallback(() => client.invalidateQueries({ queryKey: ['sdn'] }), [client]);
}
