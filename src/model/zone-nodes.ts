import type { NodeName } from './values.js';

/** Which nodes a zone is set up on: its `nodes` list, or every node when it has none (as the reference reads it). */
export function zoneAppliesTo(nodes: readonly NodeName[] | undefined, nodename: NodeName): boolean {
  return nodes === undefined || nodes.includes(nodename);
}
