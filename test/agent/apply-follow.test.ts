/**
 * An apply's task following the agents' reports in the store: it ends when
 * every node answered, and fails naming each node that failed, applied with
 * a VNet down, or did not answer in time.
 */
import { strict as assert } from 'node:assert';
import { rmSync } from 'node:fs';
import { test } from 'node:test';
import { followApply } from '../../src/sdn/apply-follow.js';
import { statusWrite, type NodeStatus } from '../../src/sdn/node-status.js';
import { DirectoryStore } from '../../src/store/directory.js';
import { tempDir } from '../api/harness.js';

const report = (node: string, over: Partial<NodeStatus> = {}): NodeStatus => ({
  node,
  version: 7,
  state: 'applied',
  applied: 7,
  time: 0,
  zones: { z: { status: 'available' } },
  vnets: { v: { status: 'available' } },
  checks: [],
  changed: [],
  reloaded: [],
  ...over,
});

async function follow(reports: readonly NodeStatus[], nodes: readonly string[], later: readonly NodeStatus[] = []): Promise<{ lines: string[]; error?: string }> {
  const dir = tempDir('weft-follow-');
  const store = new DirectoryStore(dir);
  const put = (s: NodeStatus) => store.transact(() => ({ writes: [statusWrite(s)], result: null }));
  try {
    for (const r of reports) await put(r);
    const lines: string[] = [];
    const following = followApply(store, 7, nodes, (l) => lines.push(l), { timeoutMs: 1500 });
    for (const r of later) await put(r);
    try {
      await following;
      return { lines };
    } catch (e) {
      return { lines, error: (e as Error).message };
    }
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

test('ends when every node applied, also reports that arrive while it waits', async () => {
  const r = await follow([report('n1', { state: 'applying', applied: 6 })], ['n1', 'n2'], [report('n1'), report('n2')]);
  assert.equal(r.error, undefined, r.lines.join('\n'));
  assert.deepEqual(r.lines.slice(1), ['n1: applying version 7…', 'n1: applied version 7: 0 file(s) changed', 'n2: applied version 7: 0 file(s) changed', 'all 2 node(s) applied version 7']);
});

test('fails naming the node that failed, the node with a VNet down and the silent node', async () => {
  const r = await follow(
    [
      report('n1', { state: 'error', applied: 6, message: 'network reload failed: ifreload -a exited 1' }),
      report('n2', { vnets: { v: { status: 'error', statusmsg: 'missing v' } } }),
      report('n3', { version: 6 }),
      report('n4'),
    ],
    ['n1', 'n2', 'n3', 'n4'],
  );
  assert.equal(
    r.error,
    'version 7 not applied everywhere: n1 failed (network reload failed: ifreload -a exited 1); n2 applied it but vnet v: missing v; no answer within 2 s from n3 (is weft agent running there? a retired node is forgotten with DELETE /nodes/<node>/sdn/agent)',
  );
  assert.ok(r.lines.includes('n2:   vnet v: missing v'));
});

test('no agent at all: nothing to follow, and it says how to get one', async () => {
  const r = await follow([], []);
  assert.deepEqual(r.lines, ['no node agent has reported yet, so no node is followed: start `weft agent` on each node']);
});
