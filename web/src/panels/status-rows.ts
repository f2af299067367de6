/**
 * The overview tree (nodes → zones → VNets) as the flat list of rows it
 * shows: only children of expanded entries, or with a filter every entry
 * whose name matches plus the way to it. Pure, so thousands of VNets cost
 * one pass.
 */
import type { SdnResource, VnetStatus } from '../api/types';

export interface StatusRow {
  readonly key: string;
  readonly depth: 0 | 1 | 2;
  readonly kind: 'node' | 'zone' | 'vnet';
  readonly name: string;
  readonly status?: string;
  readonly message?: string;
  /** children it has (VNets of a zone, zones of a node) */
  readonly children: number;
  readonly expanded: boolean;
}

export function statusRows(zones: readonly SdnResource[], contents: ReadonlyMap<string, readonly VnetStatus[]>, expanded: ReadonlySet<string>, filter: string): StatusRow[] {
  const needle = filter.trim().toLowerCase();
  const matches = (name: string) => needle === '' || name.toLowerCase().includes(needle);
  const byNode = new Map<string, SdnResource[]>();
  for (const z of zones) byNode.set(z.node, [...(byNode.get(z.node) ?? []), z]);
  const rows: StatusRow[] = [];
  for (const node of [...byNode.keys()].sort()) {
    const nodeKey = `node/${node}`;
    const zoneRows: StatusRow[] = [];
    for (const z of byNode.get(node) ?? []) {
      const zoneKey = `${nodeKey}/zone/${z.sdn}`;
      const vnets = contents.get(`${node}/${z.sdn}`) ?? [];
      // a zone whose name matches shows all its VNets; else only the matching ones, opened
      const byVnets = needle !== '' && !matches(z.sdn);
      const shownVnets = byVnets ? vnets.filter((v) => matches(v.vnet)) : vnets;
      if (byVnets && shownVnets.length === 0 && !matches(node)) continue;
      const open = byVnets ? shownVnets.length > 0 : expanded.has(zoneKey);
      zoneRows.push({ key: zoneKey, depth: 1, kind: 'zone', name: z.sdn, status: z.status, children: vnets.length, expanded: open });
      if (!open) continue;
      for (const v of shownVnets) zoneRows.push({ key: `${zoneKey}/vnet/${v.vnet}`, depth: 2, kind: 'vnet', name: v.vnet, status: v.status, ...(v.statusmsg ? { message: v.statusmsg } : {}), children: 0, expanded: false });
    }
    if (needle && zoneRows.length === 0 && !matches(node)) continue;
    // nodes start open: a node is collapsed by choice
    const open = needle !== '' || !expanded.has(`${nodeKey}!closed`);
    rows.push({ key: nodeKey, depth: 0, kind: 'node', name: node, children: byNode.get(node)?.length ?? 0, expanded: open });
    if (open) rows.push(...zoneRows);
  }
  return rows;
}

/** The expansion state after a click on `row`: nodes are remembered closed, zones open. */
export function toggled(expanded: ReadonlySet<string>, row: StatusRow): Set<string> {
  const next = new Set(expanded);
  const key = row.kind === 'node' ? `${row.key}!closed` : row.key;
  if (next.has(key)) next.delete(key);
  else next.add(key);
  return next;
}
