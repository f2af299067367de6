/**
 * Revisions and confirm-or-roll-back on both stores (etcd: a real etcd
 * process on 127.0.0.1), and across a server restart: the history is still
 * there, and an apply whose window was open when the server stopped is
 * rolled back by the next server.
 */
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startServer, type RunningServer, type StartOptions } from '../../src/api/start.js';
import { DirectoryStore } from '../../src/store/directory.js';
import { EtcdStore } from '../../src/store/etcd.js';
import { startStoreAgent } from '../support/store-agent.js';
import { needs } from '../support/system.js';
import { makeHarness, startEtcd, tempDir, type EtcdProcess } from './harness.js';
import { defineRevisionSuite } from './revisions-suite.js';

const etcdSkip = needs({ commands: ['etcd'] });
let etcd: EtcdProcess | null = null;
let n = 0;

before(async () => {
  if (!etcdSkip) etcd = await startEtcd();
});
after(async () => {
  await etcd?.stop();
});

defineRevisionSuite('directory store', async (dir) => new DirectoryStore(join(dir, 'data')), false);
defineRevisionSuite(
  'etcd store',
  async () => {
    const store = new EtcdStore({ url: etcd?.url ?? '', prefix: `/weft-rev-${process.pid}-${n++}/` });
    await store.check();
    return store;
  },
  etcdSkip,
);

/** A server, an API harness on its store, one agent on that store; `fn` gets them. */
async function restartCase(options: (dataDir: string) => StartOptions): Promise<void> {
  const dir = tempDir('weft-rev-restart-');
  const start = () => startServer(options(join(dir, 'data')));
  let server: RunningServer = await start();
  const h = await makeHarness(server.store, join(dir, 'data'), { agentTimeoutMs: 60_000 });
  const agent = startStoreAgent(server.store, 'n1');
  const ok = async (method: string, path: string, params: Record<string, unknown> = {}) => {
    const a = await h.call(method, path, params, h.root);
    assert.equal(a.status, 200, `${method} ${path}: ${JSON.stringify(a.body)}`);
    return a.body.data;
  };
  try {
    await ok('POST', '/cluster/sdn/zones', { zone: 'z1', type: 'simple' });
    await h.tasks.wait((await ok('PUT', '/cluster/sdn')) as string, 60_000);
    await ok('POST', '/cluster/sdn/vnets', { vnet: 'v1', zone: 'z1' });
    await ok('PUT', '/cluster/sdn', { confirm: 2 });
    await agent.waitForLine(/^version 2 waits for confirmation/);
    const history = await ok('GET', '/cluster/sdn/revisions');
    await agent.stop();
    await h.app.close();
    await server.close();

    server = await start();
    const resumed = server.tasks.list().find((t) => server.tasks.log(t.upid, 0, 1)?.lines[0]?.t.startsWith('resuming after a server start'));
    assert.ok(resumed, 'the new server follows the pending confirmation');
    const h2 = await makeHarness(server.store, join(dir, 'data'));
    try {
      assert.deepEqual(((await h2.call('GET', '/cluster/sdn/revisions', {}, h2.root)).body.data as unknown[]).slice(0, 2), history, 'the history survives the restart');
      const status = await server.tasks.wait(resumed.upid, 60_000);
      const log = server.tasks.log(resumed.upid, 0, 0)?.lines.map((l) => l.t) ?? [];
      assert.equal(log[0], 'resuming after a server start: version 2 waits for confirmation', log.join('\n'));
      // no agent runs now: the rollback is published, nobody applies it within the (short) agent timeout
      assert.match(String(status?.exitstatus), /^version 2 rolled back \(not confirmed within 2 s\); the nodes run version 3, the config of version 1$/, log.join('\n'));
      const listed = (await h2.call('GET', '/cluster/sdn/revisions', {}, h2.root)).body.data as { revision: number; running: boolean }[];
      assert.deepEqual(listed.map((r) => [r.revision, r.running]), [[3, true], [2, false], [1, false]]);
    } finally {
      await h2.app.close();
    }
  } finally {
    await agent.stop();
    await server.close();
  }
}

describe('a server restart', () => {
  test('directory store: history kept, a pending confirmation rolled back by the next server', () => restartCase((dataDir) => ({ dataDir, host: '127.0.0.1', port: 0, nodename: 'node1', authFailureDelayMs: 0, insecureHttp: true, agentTimeoutMs: 1000 })));
  test('etcd store: the same', { skip: etcdSkip }, () => restartCase((dataDir) => ({ dataDir, etcd: etcd?.url ?? '', host: '127.0.0.1', port: 0, nodename: 'node1', authFailureDelayMs: 0, insecureHttp: true, agentTimeoutMs: 1000 })));
});
