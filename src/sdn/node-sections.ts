/**
 * What of the running config a node carries: the zones set up on it (the
 * model's rule, model/zone-nodes.ts) and the fabrics with a node section for
 * it. The node routes (status, live state, resources, interfaces) ask here.
 */
import { zoneAppliesTo } from '../model/zone-nodes.js';
import { runningIds, type SdnState } from './state.js';
import type { NodeName } from '../model/values.js';
import { nodeNameOf } from '../model/formats.js';

/** Zones of the running config set up on `node`, sorted (its `nodes` set there: `{ name: 1 }`; none: every node). */
export function zonesOnNode(state: SdnState, node: NodeName): string[] {
  return Object.entries(runningIds(state, 'zones'))
    .filter(([, z]) => {
      const nodes = z.nodes;
      if (nodes === undefined) return zoneAppliesTo(undefined, node);
      // the running config's texts, checked when they were written: each one a node name
      return typeof nodes === 'object' && nodes !== null && !Array.isArray(nodes) && zoneAppliesTo(Object.keys(nodes).flatMap((n) => nodeNameOf(n) ?? []), node);
    })
    .map(([id]) => id)
    .sort();
}

/** Fabrics of the running config with a node section for `node`, and their protocol, sorted by fabric. */
export function fabricsOnNode(state: SdnState, node: string): { fabric: string; protocol: string }[] {
  const out: { fabric: string; protocol: string }[] = [];
  for (const [id, section] of Object.entries(runningIds(state, 'fabrics'))) {
    const m = /^(.+)_node$/.exec(String(section.type ?? ''));
    // a node section's id is `<fabric>_<node>`; neither name holds an underscore
    const cut = id.indexOf('_');
    if (m?.[1] && id.slice(cut + 1) === node) out.push({ fabric: id.slice(0, cut), protocol: m[1] });
  }
  return out.sort((a, b) => (a.fabric < b.fabric ? -1 : a.fabric > b.fabric ? 1 : 0));
}
