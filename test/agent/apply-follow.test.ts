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

async function follow(reports: readonly NodeStatus[], nodes: readonly string[], later: readonly NodeStatus[] = [], named: readonly string[] = []): Promise<{ lines: string[]; warnings: string[]; error?: string }> {
  const dir = tempDir('weft-follow-');
  const store = new DirectoryStore(dir);
  const put = (s: NodeStatus) => store.transact(() => ({ writes: [statusWrite(s)], result: null }));
  try {
    for (const r of reports) await put(r);
    const lines: string[] = [];
    const warnings: string[] = [];
    const log = Object.assign((l: string) => void lines.push(l), { warn: (l: string) => void warnings.push(l) });
    const following = followApply(store, 7, { agents: nodes, named }, log, { timeoutMs: 1500 });
    for (const r of later) await put(r);
    try {
      await following;
      return { lines, warnings };
    } catch (e) {
      return { lines, warnings, error: (e as Error).message };
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

test('no agent at all: the apply fails, saying that no node applied and how to start an agent', async () => {
  const r = await follow([], [], [], ['n1']);
  assert.match(r.error ?? '', /^version 7 is committed but no node applied it: no node agent has ever reported to this server; start `weft agent --node NAME .*`weft server --local-agent`$/);
  assert.deepEqual(r.lines, []);
});

test('a node a zone names without an agent is a warning naming it; the others are followed', async () => {
  const r = await follow([report('n1')], ['n1'], [], ['n1', 'n2']);
  assert.equal(r.error, undefined, r.lines.join('\n'));
  assert.deepEqual(r.warnings, ['n2: a zone names this node but no agent has ever reported from it, so it does not get version 7; start `weft agent --node n2 …` there']);
  assert.equal(r.lines.at(-1), 'all 1 node(s) applied version 7');
});
