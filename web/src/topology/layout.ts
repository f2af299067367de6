/**
 * Places the topology's boxes in layers, top to bottom: fabrics, then
 * nodes and peers, then controllers, then zones, each zone above its block
 * of VNets. The zones sit side by side, each in a column as wide as its
 * block; every box above goes where the boxes it links to are (the mean of
 * their centres), pushed right only as far as needed not to overlap. One
 * pass per layer, so a hundred zones cost what their boxes cost (a general
 * layered layout took 70–200 ms for 50 boxes in the browser).
 */
import type { GraphEdge, GraphNode, GraphNodeKind } from './graph';

export const NODE_WIDTH = 150;
export const NODE_HEIGHT = 48;
const GAP = 16;
const COLUMN_GAP = 40;
const LAYER_GAP = 60;
const COLUMNS = 8;

export type Box = Omit<GraphNode, 'x' | 'y'>;

/** The VNets of a zone, each with its subnets below it, in a grid under the block's header. */
export interface Block {
  readonly zone: string;
  readonly header: Box;
  readonly vnets: readonly { readonly vnet: Box; readonly subnets: readonly Box[] }[];
}

/** The layer of each kind of box above the blocks; placed from the zones up. */
const LAYER: Readonly<Record<Exclude<GraphNodeKind, 'group' | 'vnet' | 'subnet'>, number>> = { fabric: 0, host: 1, peer: 1, controller: 2, zone: 3 };
const PLACED_UPWARDS = [2, 1, 0];

function blockShape(b: Block): { width: number; columns: number; cell: number } {
  const columns = Math.min(COLUMNS, Math.max(1, b.vnets.length));
  let deepest = 0;
  for (const v of b.vnets) deepest = Math.max(deepest, v.subnets.length);
  return { width: columns * (NODE_WIDTH + GAP) - GAP, columns, cell: (1 + deepest) * (NODE_HEIGHT + GAP) };
}

export function layout(boxes: readonly Box[], blocks: readonly Block[], edges: readonly GraphEdge[]): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const layers: Box[][] = [[], [], [], []];
  const zones: Box[] = [];
  for (const b of boxes) {
    if (b.kind === 'zone') zones.push(b);
    else if (b.kind in LAYER) layers[LAYER[b.kind as keyof typeof LAYER]]?.push(b);
  }
  // empty layers take no room
  const used = [...layers.map((l) => l.length > 0), zones.length > 0];
  const top = (layer: number) => used.slice(0, layer).filter(Boolean).length * (NODE_HEIGHT + LAYER_GAP);

  const centre = new Map<string, number>();
  const nodes: GraphNode[] = [];
  const drawn: GraphEdge[] = [];
  const blockOf = new Map(blocks.map((b) => [b.zone, b]));
  let right = 0;
  for (const z of zones) {
    const block = blockOf.get(z.label);
    const shape = block ? blockShape(block) : undefined;
    const width = Math.max(NODE_WIDTH, shape?.width ?? 0);
    const mid = right + width / 2;
    right += width + COLUMN_GAP;
    centre.set(z.id, mid);
    nodes.push({ ...z, x: mid - NODE_WIDTH / 2, y: top(LAYER.zone) });
    if (!block || !shape) continue;
    const blockTop = top(LAYER.zone) + NODE_HEIGHT + LAYER_GAP;
    centre.set(block.header.id, mid);
    nodes.push({ ...block.header, x: mid - NODE_WIDTH / 2, y: blockTop });
    const left = mid - shape.width / 2;
    block.vnets.forEach(({ vnet, subnets }, i) => {
      const x = left + (i % shape.columns) * (NODE_WIDTH + GAP);
      const y = blockTop + NODE_HEIGHT + GAP + Math.floor(i / shape.columns) * shape.cell;
      nodes.push({ ...vnet, x, y });
      centre.set(vnet.id, x + NODE_WIDTH / 2);
      subnets.forEach((s, j) => {
        nodes.push({ ...s, x, y: y + (j + 1) * (NODE_HEIGHT + GAP) });
        centre.set(s.id, x + NODE_WIDTH / 2);
        drawn.push({ id: `${vnet.id}->${s.id}`, source: vnet.id, target: s.id });
      });
    });
  }

  const neighbours = new Map<string, string[]>();
  const addNeighbour = (a: string, b: string) => {
    const list = neighbours.get(a);
    if (list) list.push(b);
    else neighbours.set(a, [b]);
  };
  for (const e of edges) {
    addNeighbour(e.source, e.target);
    addNeighbour(e.target, e.source);
  }
  for (const layer of PLACED_UPWARDS) {
    // where each box would like to be: the mean centre of what it links to below; unlinked ones last
    const wanted = (layers[layer] ?? []).map((box) => {
      const below = (neighbours.get(box.id) ?? []).map((n) => centre.get(n)).filter((x): x is number => x !== undefined);
      return { box, at: below.length ? below.reduce((a, b) => a + b, 0) / below.length : Number.POSITIVE_INFINITY };
    });
    wanted.sort((a, b) => (a.at === b.at ? 0 : a.at - b.at));
    let free = Number.NEGATIVE_INFINITY; // the leftmost x not overlapping the box before
    for (const { box, at } of wanted) {
      const x = Math.max(Number.isFinite(at) ? at - NODE_WIDTH / 2 : Math.max(free, 0), free);
      free = x + NODE_WIDTH + GAP;
      centre.set(box.id, x + NODE_WIDTH / 2);
      nodes.push({ ...box, x, y: top(layer) });
    }
  }
  for (const e of edges) if (centre.has(e.source) && centre.has(e.target)) drawn.push(e);
  return { nodes, edges: drawn };
}
