/**
 * A lab node's drift as its agent reports it in the store: waits (on the
 * store's watch, bounded by the given timeout) for the node status to show an
 * item drifted or nothing drifted, and asks the agent for a repair.
 */
import { strict as assert } from 'node:assert';
import { nodeNameOf } from '../../src/model/formats.js';
import { askNode } from '../../src/sdn/node-query.js';
import { nodeKeys, parseNodeStatus, type DriftItem, type NodeStatus } from '../../src/sdn/node-status.js';
import type { ConfigStore } from '../../src/store/types.js';
import { waitFor } from '../../src/store/wait.js';

export interface DriftStatus {
  /** the first drift item `match` accepts, once the status shows one */
  drifted(what: string, match: (item: DriftItem) => boolean): Promise<DriftItem>;
  /** the status once the node applied its version and nothing drifted */
  clean(): Promise<NodeStatus>;
  /** the repair query's answer: the items still drifted after it */
  repair(): Promise<DriftItem[]>;
}

/** `log` is shown with a failure (the agent's output). */
export function driftStatus(store: ConfigStore, node: string, log: () => string, timeoutMs: number): DriftStatus {
  const status = async (what: string, ok: (s: NodeStatus) => boolean): Promise<NodeStatus> => {
    const s = await waitFor(store, `nodes/${node}/`, (snap) => {
      const st = parseNodeStatus(snap.docs.get(nodeKeys(node).status));
      return st && ok(st) ? st : undefined;
    }, { timeoutMs });
    assert.ok(s, `the node status never showed ${what}\n${log()}`);
    return s;
  };
  return {
    async drifted(what, match) {
      const s = await status(`${what} drifted`, (st) => st.drift?.items.some(match) === true);
      return s.drift?.items.find(match) as DriftItem;
    },
    clean: () => status('no drift', (s) => s.state === 'applied' && s.drift?.items.length === 0),
    repair: async () => (await askNode(store, nodeNameOf(node) ?? assert.fail(`'${node}' is not a node name`), { kind: 'repair' }, { timeoutMs })) as DriftItem[],
  };
}
