/**
 * The topology as a graph, from the config as it will be after the next
 * apply: hosts (cluster nodes) above the zones deployed on them, exit
 * nodes, peers, controllers and fabrics; below each zone its VNets (with
 * their subnets) as one block. A zone with more than a few VNets shows
 * only its block's header until it is expanded, so thousands of VNets cost
 * a box each only where someone looks (layout.ts places them). Pure, so the
 * panel only draws.
 */
import type { SectionRow } from '../api/types';
import { layout, type Block, type Box } from './layout';

export type GraphNodeKind = 'host' | 'peer' | 'controller' | 'fabric' | 'zone' | 'group' | 'vnet' | 'subnet';

export interface GraphNode {
  readonly id: string;
  readonly kind: GraphNodeKind;
  readonly label: string;
  readonly detail?: string;
  readonly pending: boolean;
  readonly x: number;
  readonly y: number;
  /** what a click opens: a zone's block toggles, an item opens its panel */
  readonly open?: { readonly toggle: string } | { readonly path: string; readonly filter: string };
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
  readonly fabrics: readonly SectionRow[];
  readonly fabricNodes: readonly SectionRow[];
  /** zones whose VNets are shown (others with more than GROUP_LIMIT VNets show a header only) */
  readonly expanded: ReadonlySet<string>;
}

/** a zone with at most this many VNets shows them without being expanded */
export const GROUP_LIMIT = 4;

/** A property as it will be after apply (the pending value when an edit changed it). */
function value(row: SectionRow, key: string): string | undefined {
  const v = row.pending && key in row.pending ? row.pending[key] : row[key];
  return v === undefined || v === null || v === 'deleted' ? undefined : String(v);
}

/** Items by a key, in their order; one pass. */
export function groupBy<T>(items: Iterable<T>, key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

const list = (text: string | undefined) => (text ?? '').split(/[,;\s]+/).filter((s) => s !== '');
const live = (rows: readonly SectionRow[]) => rows.filter((r) => r.state !== 'deleted');
const addressOf = (ip: string | undefined) => ip?.replace(/\/\d+$/, '');

export function buildTopology(input: TopologyInput): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const boxes = new Map<string, Box>();
  const edges: GraphEdge[] = [];
  const add = (box: Box) => {
    if (!boxes.has(box.id)) boxes.set(box.id, box);
    return box.id;
  };
  const host = (h: string) => add({ id: `host/${h}`, kind: 'host', label: h, pending: false, detail: 'node' });
  const link = (source: string, target: string, label?: string, emphasis?: boolean) =>
    edges.push({ id: `${source}->${target}${label ? `:${label}` : ''}`, source, target, ...(label ? { label } : {}), ...(emphasis ? { emphasis } : {}) });

  for (const h of input.hosts) host(h);
  // a node's own address among a zone's or controller's peers is that node, not a peer
  const ownAddress = new Map<string, string>();
  for (const n of live(input.fabricNodes)) {
    for (const key of ['ip', 'ip6']) {
      const ip = addressOf(value(n, key));
      if (ip) ownAddress.set(ip, String(n.node_id));
    }
  }
  const peer = (ip: string, target: string) => {
    const node = ownAddress.get(ip);
    if (node) link(host(node), target, `peer ${ip}`);
    else link(add({ id: `peer/${ip}`, kind: 'peer', label: ip, pending: false, detail: 'peer' }), target, 'peer');
  };
  for (const f of live(input.fabrics)) {
    const id = String(f.id);
    add({ id: `fabric/${id}`, kind: 'fabric', label: id, pending: f.state !== undefined, detail: `${value(f, 'protocol') ?? ''} fabric`, open: { path: '/fabrics', filter: id } });
  }
  for (const n of live(input.fabricNodes)) link(`fabric/${String(n.fabric_id)}`, host(String(n.node_id)), value(n, 'ip'));

  const controllers = new Map(live(input.controllers).map((c) => [String(c.controller), c]));
  for (const z of live(input.zones)) {
    const zoneId = String(z.zone);
    const zid = add({ id: `zone/${zoneId}`, kind: 'zone', label: zoneId, pending: z.state !== undefined, detail: `${value(z, 'type') ?? ''} zone`, open: { path: '/zones', filter: zoneId } });
    const on = list(value(z, 'nodes'));
    for (const h of on.length ? on : input.hosts) link(host(h), zid);
    const primary = value(z, 'exitnodes-primary');
    for (const h of list(value(z, 'exitnodes'))) link(host(h), zid, h === primary ? 'primary exit' : 'exit', true);
    for (const ip of list(value(z, 'peers'))) peer(ip, zid);
    const fabric = value(z, 'fabric');
    if (fabric) link(`fabric/${fabric}`, zid, 'underlay');
    const controller = value(z, 'controller');
    if (controller) {
      const c = controllers.get(controller);
      const cid = add({ id: `controller/${controller}`, kind: 'controller', label: controller, pending: c?.state !== undefined, detail: `${c ? (value(c, 'type') ?? '') : 'missing'} controller`, open: { path: '/controllers', filter: controller } });
      link(cid, zid, 'controls');
      for (const ip of list(c ? value(c, 'peers') : undefined)) peer(ip, cid);
      const cfabric = c ? value(c, 'fabric') : undefined;
      if (cfabric) link(`fabric/${cfabric}`, cid, 'underlay');
    }
  }

  const subnetsOf = groupBy(live(input.subnets), (s) => value(s, 'vnet') ?? '');
  const subnetBox = (s: SectionRow, vnet: string): Box => {
    const gateway = value(s, 'gateway');
    return { id: `subnet/${String(s.subnet)}`, kind: 'subnet', label: String(s.cidr ?? s.subnet), pending: s.state !== undefined, detail: gateway ? `gw ${gateway}` : 'subnet', open: { path: '/vnets', filter: vnet } };
  };
  const vnetsOf = groupBy(live(input.vnets), (v) => value(v, 'zone') ?? '');
  const blocks: Block[] = [];
  for (const [zone, vnets] of vnetsOf) {
    if (!boxes.has(`zone/${zone}`)) add({ id: `zone/${zone}`, kind: 'zone', label: zone, pending: false, detail: 'zone (missing)' });
    const shown = vnets.length <= GROUP_LIMIT || input.expanded.has(zone);
    const header: Box = {
      id: `group/${zone}`,
      kind: 'group',
      label: `${vnets.length} VNet${vnets.length === 1 ? '' : 's'}`,
      pending: vnets.some((v) => v.state !== undefined),
      detail: vnets.length <= GROUP_LIMIT ? `of zone ${zone}` : shown ? 'click to collapse' : 'click to show',
      ...(vnets.length > GROUP_LIMIT ? { open: { toggle: zone } } : {}),
    };
    link(`zone/${zone}`, header.id);
    blocks.push({
      zone,
      header,
      vnets: shown
        ? vnets.map((v) => {
            const id = String(v.vnet);
            const tag = value(v, 'tag');
            return { vnet: { id: `vnet/${id}`, kind: 'vnet', label: id, pending: v.state !== undefined, detail: tag ? `VNet, tag ${tag}` : 'VNet', open: { path: '/vnets', filter: id } }, subnets: (subnetsOf.get(id) ?? []).map((sub) => subnetBox(sub, id)) };
          })
        : [],
    });
  }
  return layout([...boxes.values()], blocks, edges);
}
