/**
 * DELETE /nodes/{node}/tasks/{upid} stops a task as the reference stops a
 * worker: an apply waiting for a node agent that does not answer ends at
 * once, recorded as stopped with "received interrupt", its wait for the
 * agent given up; the owner may stop it, anyone else needs Sys.Modify on
 * the node; a task that already ended is left as it is; an apply waiting
 * for its confirmation is not stopped (it would not roll back).
 */
import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { nodeKeys } from '../../src/sdn/node-status.js';
import { TaskManager } from '../../src/tasks/tasks.js';
import { DirectoryStore } from '../../src/store/directory.js';
import { makeHarness, tempDir, tokenWith, type Answer, type Harness } from './harness.js';

const ok = (a: Answer, what: string) => {
  assert.equal(a.status, 200, `${what}: ${a.status} ${JSON.stringify(a.body)}`);
  return a.body.data;
};

describe('stopping a task', () => {
  let h: Harness;

  before(async () => {
    const dir = tempDir('weft-task-stop-');
    // the agent timeout is far beyond the test: only a stop ends the apply's wait
    h = await makeHarness(new DirectoryStore(dir), dir, { agentTimeoutMs: 3_600_000 });
    ok(await h.call('POST', '/cluster/sdn/zones', { zone: 'zA', type: 'simple' }, h.root), 'zone');
    // node1 has reported facts once, so an apply waits for its agent, which never answers
    await h.store.transact(() => ({ writes: [{ key: nodeKeys('node1').facts, value: '{"nodename":"node1"}' }], result: null }));
  });
  after(() => h.close());

  const status = async (upid: string) => ok(await h.call('GET', `/nodes/node1/tasks/${encodeURIComponent(upid)}/status`, {}, h.root), 'status') as { status: string; exitstatus?: string };
  const logLines = async (upid: string) => (ok(await h.call('GET', `/nodes/node1/tasks/${encodeURIComponent(upid)}/log`, { limit: 0 }, h.root), 'log') as { t: string }[]).map((l) => l.t);

  test('an apply waiting for its agents stops at once, recorded as stopped', async () => {
    const upid = String(ok(await h.call('PUT', '/cluster/sdn', {}, h.root), 'apply'));
    // the task is running once it says it waits for node1's agent
    await waitForLine(h.tasks, upid, /waiting for the node agents of node1/);
    assert.equal((await status(upid)).status, 'running');

    assert.equal(ok(await h.call('DELETE', `/nodes/node1/tasks/${encodeURIComponent(upid)}`, {}, h.root), 'stop'), null);
    assert.deepEqual(await status(upid).then((s) => [s.status, s.exitstatus]), ['stopped', 'received interrupt']);
    // the work saw the abort and ended; nothing it did after changed the record
    await new Promise((r) => setImmediate(r));
    const lines = await logLines(upid);
    assert.equal(lines.at(-1), 'TASK ERROR: received interrupt', lines.join('\n'));
    assert.equal(lines.filter((l) => l.startsWith('TASK ')).length, 1, 'one end');
    // the config was committed before the task started: the running config has the zone
    const running = ok(await h.call('GET', '/cluster/sdn/zones', { running: 1 }, h.root), 'running') as { zone: string }[];
    assert.deepEqual(running.map((z) => z.zone), ['zA']);

    // stopping it again: it already ended, nothing changes
    ok(await h.call('DELETE', `/nodes/node1/tasks/${encodeURIComponent(upid)}`, {}, h.root), 'stop again');
    assert.equal((await logLines(upid)).length, lines.length);
  });

  test('the owner stops its own task; anyone else needs Sys.Modify on the node', async () => {
    const stranger = await tokenWith(h, 'stranger@pve', [{ path: '/nodes/node1', role: 'PVEAuditor' }]);
    let release = (): void => undefined;
    const upid = h.tasks.start('test', '', 'root@pam', (_log, signal) => new Promise<void>((resolve) => {
      release = resolve;
      signal.addEventListener('abort', () => resolve());
    }));
    const refused = await h.call('DELETE', `/nodes/node1/tasks/${encodeURIComponent(upid)}`, {}, stranger);
    assert.equal(refused.status, 403, JSON.stringify(refused.body));
    assert.match(refused.body.message ?? '', /\/nodes\/node1, Sys\.Modify/);
    assert.equal((await status(upid)).status, 'running');

    ok(await h.call('POST', '/access/roles', { roleid: 'NodeOps', privs: 'Sys.Modify' }, h.root), 'role');
    const operator = await tokenWith(h, 'operator@pve', [{ path: '/nodes/node1', role: 'NodeOps' }]);
    ok(await h.call('DELETE', `/nodes/node1/tasks/${encodeURIComponent(upid)}`, {}, operator), 'with Sys.Modify');
    assert.equal((await status(upid)).exitstatus, 'received interrupt');
    release();

    // the token's own task: its user's token stops it without any privilege
    const own = h.tasks.start('test', '', 'stranger@pve!t1', (_log, signal) => new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve())));
    ok(await h.call('DELETE', `/nodes/node1/tasks/${encodeURIComponent(own)}`, {}, stranger), 'own task');
    assert.equal(h.tasks.status(own)?.status, 'stopped');
  });

  test('a task that must not be stopped (an apply waiting for its confirmation) says why and runs on', async () => {
    const upid = h.tasks.start('reloadnetworkall', '', 'root@pam', (_log, signal) => new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve())), { unstoppable: 'confirm it or let its window run out' });
    const refused = await h.call('DELETE', `/nodes/node1/tasks/${encodeURIComponent(upid)}`, {}, h.root);
    assert.equal(refused.status, 500);
    assert.match(refused.body.message ?? '', /confirm it or let its window run out/);
    assert.equal((await status(upid)).status, 'running');
  });

  test('an unknown or malformed UPID is a 400 naming upid', async () => {
    const bad = await h.call('DELETE', '/nodes/node1/tasks/nonsense', {}, h.root);
    assert.equal(bad.status, 400);
    assert.match(bad.body.errors?.upid ?? '', /unable to parse worker upid/);
    const unknown = await h.call('DELETE', `/nodes/node1/tasks/${encodeURIComponent('UPID:node1:00000001:00000001:00000001:test::root@pam:')}`, {}, h.root);
    assert.equal(unknown.status, 400);
    assert.match(unknown.body.errors?.upid ?? '', /no such task/);
  });
});

/** Resolves when the task's log has a line matching `re` (the task's own progress, not a timer). */
async function waitForLine(tasks: TaskManager, upid: string, re: RegExp): Promise<void> {
  for (;;) {
    if (tasks.log(upid, 0, 0)?.lines.some((l) => re.test(l.t))) return;
    if (tasks.status(upid)?.status !== 'running') throw new Error(`task ended before '${re.source}': ${JSON.stringify(tasks.log(upid, 0, 0))}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
