/**
 * Revisions and confirm-or-roll-back through the API, run against every
 * store backend: the history (list, paging, one revision, diffs per section
 * and per node's files, revert under the global lock, the kept count), and
 * an apply given confirm=SECONDS followed by node agents running on the
 * store: confirmed it stays; unconfirmed, or failed on a node, every node
 * returns to the previous config as a new version.
 */
import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import type { ConfigStore } from '../../src/store/types.js';
import { startStoreAgent, type StoreAgent } from '../support/store-agent.js';
import { makeHarness, tempDir, type Harness } from './harness.js';

export type StoreFactory = (dir: string) => Promise<ConfigStore>;

async function ok(h: Harness, method: string, path: string, params: Record<string, unknown> = {}): Promise<unknown> {
  const a = await h.call(method, path, params, h.root);
  assert.equal(a.status, 200, `${method} ${path}: ${a.status} ${JSON.stringify(a.body)}`);
  return a.body.data;
}

async function taskLog(h: Harness, upid: string): Promise<string[]> {
  return ((await ok(h, 'GET', `/nodes/node1/tasks/${encodeURIComponent(upid)}/log`, { limit: 0 })) as { t: string }[]).map((l) => l.t);
}

/** Starts an apply (or a revert) and waits for its task; its exit status and log. */
async function applied(h: Harness, path: string, params: Record<string, unknown> = {}): Promise<{ exitstatus: string | undefined; log: string[] }> {
  const upid = (await ok(h, path === '/cluster/sdn' ? 'PUT' : 'POST', path, params)) as string;
  const status = await h.tasks.wait(upid, 120_000);
  return { exitstatus: status?.exitstatus, log: await taskLog(h, upid) };
}

/** Resolves once the task's log has a line matching `re`, woken by each line it adds (read as the API reads it). */
async function logLine(h: Harness, upid: string, re: RegExp): Promise<void> {
  while (!(await taskLog(h, upid)).some((l) => re.test(l))) {
    assert.equal(h.tasks.status(upid)?.status, 'running', `the task ended without a line matching ${re}:\n${(await taskLog(h, upid)).join('\n')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface Meta {
  revision: number;
  user: string;
  note?: string;
  running: boolean;
  changes: Record<string, { added: string[]; changed: string[]; deleted: string[] }>;
}

export function defineRevisionSuite(name: string, factory: StoreFactory, skip: string | false): void {
  describe(`revisions and confirm (${name})`, { skip }, () => {
    const withHarness = async (fn: (h: Harness) => Promise<void>, keepRevisions?: number) => {
      const dir = tempDir('weft-rev-');
      const h = await makeHarness(await factory(dir), dir, { agentTimeoutMs: 60_000, ...(keepRevisions ? { keepRevisions } : {}) });
      try {
        await fn(h);
      } finally {
        await h.close();
      }
    };
    const withAgents = async (h: Harness, agents: StoreAgent[], fn: () => Promise<void>) => {
      try {
        await fn();
      } finally {
        await Promise.all(agents.map((a) => a.stop()));
      }
    };

    test('every apply records a revision: list (newest first, paged), one revision, diffs, revert under the lock', () =>
      withHarness(async (h) => {
        const agent = startStoreAgent(h.store, 'n1');
        await withAgents(h, [agent], async () => {
          await ok(h, 'POST', '/cluster/sdn/zones', { zone: 'z1', type: 'simple' });
          assert.equal((await applied(h, '/cluster/sdn')).exitstatus, 'OK');
          await ok(h, 'POST', '/cluster/sdn/vnets', { vnet: 'v1', zone: 'z1' });
          await ok(h, 'PUT', '/cluster/sdn/zones/z1', { mtu: 1400 });
          assert.equal((await applied(h, '/cluster/sdn')).exitstatus, 'OK');
          await ok(h, 'DELETE', '/cluster/sdn/vnets/v1');
          assert.equal((await applied(h, '/cluster/sdn')).exitstatus, 'OK');

          const list = (await ok(h, 'GET', '/cluster/sdn/revisions')) as Meta[];
          assert.deepEqual(list.map((r) => [r.revision, r.user, r.running]), [[3, 'root@pam', true], [2, 'root@pam', false], [1, 'root@pam', false]]);
          assert.deepEqual(list[1]?.changes, { zones: { added: [], changed: ['z1'], deleted: [] }, vnets: { added: ['v1'], changed: [], deleted: [] } });
          assert.deepEqual(list[0]?.changes, { vnets: { added: [], changed: [], deleted: ['v1'] } });
          assert.deepEqual(((await ok(h, 'GET', '/cluster/sdn/revisions', { start: 1, limit: 1 })) as Meta[]).map((r) => r.revision), [2]);

          const two = (await ok(h, 'GET', '/cluster/sdn/revisions/2')) as { config: { version: number; vnets: { ids: Record<string, unknown> } } };
          assert.equal(two.config.version, 2);
          assert.deepEqual(Object.keys(two.config.vnets.ids), ['v1']);

          const diff = (await ok(h, 'GET', '/cluster/sdn/revisions/3/diff', { from: 1 })) as { sections: Record<string, unknown>; nodes: { node: string; 'interfaces-diff': string | null }[] };
          assert.deepEqual(diff.sections, { zones: { added: [], changed: [{ id: 'z1', before: { type: 'simple' }, after: { type: 'simple', mtu: 1400 } }], deleted: [] } });
          assert.deepEqual(diff.nodes.map((n) => n.node), ['n1']);
          // the version header only: v1 came and went between 1 and 3
          assert.match(diff.nodes[0]?.['interfaces-diff'] ?? '', /^-#version:1$/m);
          assert.doesNotMatch(diff.nodes[0]?.['interfaces-diff'] ?? '', /v1/);
          const back = (await ok(h, 'GET', '/cluster/sdn/revisions/2/diff', { node: 'n1' })) as { from: number; nodes: { 'interfaces-diff': string }[] };
          assert.equal(back.from, 1);
          assert.match(back.nodes[0]?.['interfaces-diff'] ?? '', /^\+auto v1$/m);

          const missing = await h.call('GET', '/cluster/sdn/revisions/9', {}, h.root);
          assert.match(String(missing.body.message), /revision 9 is not kept \(kept: 1 to 3\)/);

          // the global lock holds for a revert as for an apply
          const token = (await ok(h, 'POST', '/cluster/sdn/lock')) as string;
          const refused = await h.call('POST', '/cluster/sdn/revisions/2/revert', {}, h.root);
          assert.match(String(refused.body.message), /could not revert to revision 2: invalid lock token/);
          assert.equal(((await ok(h, 'GET', '/cluster/sdn/revisions')) as Meta[]).length, 3, 'nothing recorded');
          const revert = await applied(h, '/cluster/sdn/revisions/2/revert', { 'lock-token': token });
          assert.equal(revert.exitstatus, 'OK', revert.log.join('\n'));
          const top = ((await ok(h, 'GET', '/cluster/sdn/revisions')) as Meta[])[0];
          assert.deepEqual([top?.revision, top?.note, top?.changes], [4, 'revert to revision 2', { vnets: { added: ['v1'], changed: [], deleted: [] } }]);
          // revision 2's config is the pending config and the running one: nothing pending
          assert.deepEqual(((await ok(h, 'GET', '/cluster/sdn/vnets', { pending: 1 })) as { vnet: string; state?: string }[]).map((v) => [v.vnet, v.state]), [['v1', undefined]]);
          assert.match(agent.sdnFile() ?? '', /^#version:4\n[\s\S]*auto v1\n/);
        });
      }));

    test('the newest N revisions are kept (--keep-revisions)', () =>
      withHarness(async (h) => {
        for (const zone of ['k1', 'k2', 'k3']) {
          await ok(h, 'POST', '/cluster/sdn/zones', { zone, type: 'simple' });
          await applied(h, '/cluster/sdn');
        }
        assert.deepEqual(((await ok(h, 'GET', '/cluster/sdn/revisions')) as Meta[]).map((r) => r.revision), [3, 2]);
      }, 2));

    test('confirm=: confirmed in time, the version stays; the agents hear of it', () =>
      withHarness(async (h) => {
        const agents = [startStoreAgent(h.store, 'n1'), startStoreAgent(h.store, 'n2')];
        await withAgents(h, agents, async () => {
          await ok(h, 'POST', '/cluster/sdn/zones', { zone: 'z1', type: 'simple' });
          await applied(h, '/cluster/sdn');
          await ok(h, 'POST', '/cluster/sdn/vnets', { vnet: 'v1', zone: 'z1' });
          const upid = (await ok(h, 'PUT', '/cluster/sdn', { confirm: 600 })) as string;
          await logLine(h, upid, /^every node applied version 2; waiting for the confirmation$/);
          const pending = (await ok(h, 'GET', '/cluster/sdn/confirm')) as { version: number; previous: number; window: number };
          assert.deepEqual([pending.version, pending.previous, pending.window], [2, 1, 600]);
          // another apply would make "the previous config" ambiguous
          const again = await h.call('PUT', '/cluster/sdn', {}, h.root);
          assert.match(String(again.body.message), /version 2 waits for confirmation until .*: confirm it \(POST \/cluster\/sdn\/confirm\) or let it roll back first/);
          assert.equal(await ok(h, 'POST', '/cluster/sdn/confirm'), 2);
          const status = await h.tasks.wait(upid, 60_000);
          const log = await taskLog(h, upid);
          assert.equal(status?.exitstatus, 'OK', log.join('\n'));
          assert.ok(log.includes('version 2 confirmed: it stays'), log.join('\n'));
          assert.equal(await ok(h, 'GET', '/cluster/sdn/confirm'), null);
          for (const a of agents) await a.waitForLine(/^version 2 confirmed$/);
          assert.match(String((await h.call('POST', '/cluster/sdn/confirm', {}, h.root)).body.message), /no apply waits for confirmation/);
          assert.equal(((await ok(h, 'GET', '/cluster/sdn/revisions')) as Meta[])[0]?.revision, 2);
        });
      }));

    test('confirm=: not confirmed, every node returns to the previous config as the next version', () =>
      withHarness(async (h) => {
        const agents = [startStoreAgent(h.store, 'n1'), startStoreAgent(h.store, 'n2')];
        await withAgents(h, agents, async () => {
          await ok(h, 'POST', '/cluster/sdn/zones', { zone: 'z1', type: 'simple' });
          await applied(h, '/cluster/sdn');
          await ok(h, 'POST', '/cluster/sdn/vnets', { vnet: 'v1', zone: 'z1' });
          const task = await applied(h, '/cluster/sdn', { confirm: 1 });
          assert.equal(task.exitstatus, 'version 2 rolled back (not confirmed within 1 s); the nodes run version 3, the config of version 1', task.log.join('\n'));
          assert.ok(task.log.includes('published the config of version 1 as version 3; every node returns to it'), task.log.join('\n'));
          assert.ok(task.log.includes('all 2 node(s) applied version 3'), task.log.join('\n'));
          const top = ((await ok(h, 'GET', '/cluster/sdn/revisions')) as Meta[])[0];
          assert.deepEqual([top?.revision, top?.note, top?.changes], [3, 'rollback of version 2 to the config of version 1: not confirmed within 1 s', { vnets: { added: [], changed: [], deleted: ['v1'] } }]);
          for (const a of agents) assert.doesNotMatch(a.sdnFile() ?? '', /v1/);
          // the change is pending again, to be fixed and applied
          assert.deepEqual(((await ok(h, 'GET', '/cluster/sdn/vnets', { pending: 1 })) as { vnet: string; state?: string }[]).map((v) => [v.vnet, v.state]), [['v1', 'new']]);
        });
      }));

    test('confirm=: a node that fails the version rolls it back everywhere at once', () =>
      withHarness(async (h) => {
        const agents = [startStoreAgent(h.store, 'n1'), startStoreAgent(h.store, 'n2', (content) => content.includes('vfail'))];
        await withAgents(h, agents, async () => {
          await ok(h, 'POST', '/cluster/sdn/zones', { zone: 'z1', type: 'simple' });
          await applied(h, '/cluster/sdn');
          await ok(h, 'POST', '/cluster/sdn/vnets', { vnet: 'vfail', zone: 'z1' });
          // a window far longer than the test: only the failure can end it
          const task = await applied(h, '/cluster/sdn', { confirm: 3600 });
          assert.match(String(task.exitstatus), /^version 2 rolled back \(version 2 not applied everywhere: n2 failed \(EROFS/, task.log.join('\n'));
          assert.ok(task.log.includes('all 2 node(s) applied version 3'), task.log.join('\n'));
          for (const a of agents) assert.match(a.sdnFile() ?? '', /^#version:3\n/);
          assert.doesNotMatch(agents[0]?.sdnFile() ?? '', /vfail/);
        });
      }));
  });
}
