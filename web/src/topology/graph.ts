/**
 * The topology as a graph, from the config as it will be after the next
 * apply: hosts (cluster nodes) above the zones deployed on them, exit nodes
 * and peers, then each zone's VNets and their subnets. Laid out with dagre
 * (top to bottom); pure, so the panel only draws it.
 */
import dagre from '@dagrejs/dagre';
import type { SectionRow } from '../api/types';

export type GraphNodeKind = 'host' | 'peer' | 'controller' | 'zone' | 'vnet' | 'subnet';

export interface GraphNode {
  readonly id: string;
  readonly kind: GraphNodeKind;
  readonly label: string;
  readonly detail?: string;
  readonly pending: boolean;
  readonly x: number;
  readonly y: number;
}

export interface GraphEdge {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly label?: string;
  readonly emphasis?: boolean;
}

export interface TopologyInput {
  readonly hosts: readonly string[];
  readonly zones: readonly SectionRow[];
  readonly vnets: readonly SectionRow[];
  readonly subnets: readonly SectionRow[];
  readonly controllers: readonly SectionRow[];
}

export const NODE_WIDTH = 150;
export const NODE_HEIGHT = 48;

/** A property as it will be after apply (the pending value when an edit changed it). */
function value(row: SectionRow, key: string): string | undefined {
  const v = row.pending && key in row.pending ? row.pending[key] : row[key];
  return v === undefined || v === null || v === 'deleted' ? undefined : String(v);
}

const list = (text: string | undefined) => (text ?? '').split(/[,;\s]+/).filter((s) => s !== '');
const live = (rows: readonly SectionRow[]) => rows.filter((r) => r.state !== 'deleted');

export function buildTopology(input: TopologyInput): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const nodes = new Map<string, Omit<GraphNode, 'x' | 'y'>>();
  const edges: GraphEdge[] = [];
  const add = (id: string, kind: GraphNodeKind, label: string, pending: boolean, detail?: string) => {
    if (!nodes.has(id)) nodes.set(id, { id, kind, label, pending, ...(detail ? { detail } : {}) });
    return id;
  };
  const link = (source: string, target: string, label?: string, emphasis?: boolean) =>
    edges.push({ id: `${source}->${target}${label ? `:${label}` : ''}`, source, target, ...(label ? { label } : {}), ...(emphasis ? { emphasis } : {}) });

  for (const h of input.hosts) add(`host/${h}`, 'host', h, false, 'node');
  const controllers = new Map(live(input.controllers).map((c) => [String(c.controller), c]));

  for (const z of live(input.zones)) {
    const zoneId = String(z.zone);
    const type = value(z, 'type') ?? '';
    const zid = add(`zone/${zoneId}`, 'zone', zoneId, z.state !== undefined, `${type} zone`);
    const on = list(value(z, 'nodes'));
    for (const h of on.length ? on : input.hosts) link(add(`host/${h}`, 'host', h, false, 'node'), zid);
    const primary = value(z, 'exitnodes-primary');
    for (const h of list(value(z, 'exitnodes'))) link(add(`host/${h}`, 'host', h, false, 'node'), zid, h === primary ? 'primary exit' : 'exit', true);
    for (const ip of list(value(z, 'peers'))) link(add(`peer/${ip}`, 'peer', ip, false, 'peer'), zid, 'peer');
    const controller = value(z, 'controller');
    if (controller) {
      const c = controllers.get(controller);
      const cid = add(`controller/${controller}`, 'controller', controller, c?.state !== undefined, `${c ? (value(c, 'type') ?? '') : 'missing'} controller`);
      link(cid, zid, 'controls');
      for (const ip of list(c ? value(c, 'peers') : undefined)) link(add(`peer/${ip}`, 'peer', ip, false, 'peer'), cid, 'peer');
    }
  }
  for (const v of live(input.vnets)) {
    const vnetId = String(v.vnet);
    const zone = value(v, 'zone');
    const tag = value(v, 'tag');
    const vid = add(`vnet/${vnetId}`, 'vnet', vnetId, v.state !== undefined, tag ? `VNet, tag ${tag}` : 'VNet');
    if (zone) link(add(`zone/${zone}`, 'zone', zone, false, 'zone (missing)'), vid);
  }
  for (const s of live(input.subnets)) {
    const vnet = value(s, 'vnet');
    const gateway = value(s, 'gateway');
    const sid = add(`subnet/${String(s.subnet)}`, 'subnet', String(s.cidr ?? s.subnet), s.state !== undefined, gateway ? `gw ${gateway}` : 'subnet');
    if (vnet) link(`vnet/${vnet}`, sid);
  }
  return layout([...nodes.values()], edges.filter((e) => nodes.has(e.source) && nodes.has(e.target)));
}

function layout(nodes: readonly Omit<GraphNode, 'x' | 'y'>[], edges: readonly GraphEdge[]): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'TB', nodesep: 24, ranksep: 60 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes) g.setNode(n.id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  for (const e of edges) g.setEdge(e.source, e.target, {}, e.id);
  dagre.layout(g);
  return {
    nodes: nodes.map((n) => {
      const p = g.node(n.id);
      return { ...n, x: p.x - NODE_WIDTH / 2, y: p.y - NODE_HEIGHT / 2 };
    }),
    edges: [...edges],
  };
}
