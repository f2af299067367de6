/**
 * Cluster mode without namespaces: one API on a real etcd, three `weft
 * agent` processes watching etcd (files under their own --root, given
 * facts, no reload). An apply's task follows every agent; each writes what
 * `weft render` produces; status, resources and dry-run read what the agents
 * published; a node's live state is asked of its agent through etcd; a
 * node whose agent is gone makes the task fail naming it.
 * Then the same with an agent talking to a real HTTPS server (--server,
 * token, pinned fingerprint) instead of the store.
 */
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { startServer } from '../../src/api/start.js';
import { EtcdStore } from '../../src/store/etcd.js';
import { applyAndWait, makeHarness, startEtcd, tempDir, type EtcdProcess, type Harness } from '../api/harness.js';
import { Agents } from '../support/agents.js';
import { WEFT_BIN } from '../support/paths.js';
import { needs } from '../support/system.js';
import { weft } from '../support/weft.js';
import { address, nodeFiles, ok, serverAgentArgs, waitForAgents, writeTokenFile } from './cluster-support.js';

const NODES = ['node1', 'node2', 'node3'];
describe('agents watching etcd, one API server', { skip: needs({ commands: ['etcd'] }) }, () => {
  let etcd: EtcdProcess;
  let h: Harness;
  let dir: string;
  const agents = new Agents();
  const files = new Map<string, { root: string; facts: string }>();

  before(async () => {
    etcd = await startEtcd();
    dir = tempDir('weft-agents-');
    const store = new EtcdStore({ url: etcd.url });
    await store.check();
    h = await makeHarness(store, dir, { agentTimeoutMs: 6000 });
    for (const node of NODES) {
      files.set(node, nodeFiles(dir, node));
      const f = files.get(node) as { root: string; facts: string };
      agents.start(node, ['--etcd', etcd.url, '--root', f.root, '--no-reload', '--facts', f.facts]);
    }
    await waitForAgents(h, NODES);
  });
  after(async () => {
    await agents.stopAll();
    await h?.close();
    await etcd?.stop();
  });

  test('an apply follows every agent; each node gets what weft render produces', async () => {
    await ok(h, 'POST', '/cluster/sdn/zones', { zone: 'zvx', type: 'vxlan', peers: NODES.map(address).join(',') });
    await ok(h, 'POST', '/cluster/sdn/vnets', { vnet: 'vxv', zone: 'zvx', tag: 200 });
    const task = await applyAndWait(h);
    assert.equal(task.exitstatus, 'OK', `${task.log.join('\n')}\n${agents.logs()}`);
    for (const node of NODES) assert.ok(task.log.some((l) => l.startsWith(`${node}: applied version 1: 1 file(s) changed, not reloaded`)), task.log.join('\n'));
    assert.ok(task.log.includes('all 3 node(s) applied version 1'));

    const running = join(dir, 'running.json');
    writeFileSync(running, (await h.store.read()).docs.get('sdn/.running-config') ?? '');
    for (const node of NODES) {
      const f = files.get(node) as { root: string; facts: string };
      const out = join(dir, `render-${node}`);
      const r = weft(['render', '--config', running, '--facts', f.facts, '--interfaces', join(f.root, 'etc/network/interfaces'), '--out', out]);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(readFileSync(join(f.root, 'etc/network/interfaces.d/sdn'), 'utf8'), readFileSync(join(out, 'sdn'), 'utf8'), node);
    }
  });

  test('status, resources and dry-run come from what the agents published', async () => {
    // files written but not reloaded: not yet available
    assert.deepEqual(await ok(h, 'GET', '/nodes/node2/sdn/zones'), [{ zone: 'zvx', status: 'pending' }]);
    assert.deepEqual(await ok(h, 'GET', '/nodes/node2/sdn/zones/zvx/content'), [{ vnet: 'vxv', status: 'pending', statusmsg: 'files written, not reloaded (--no-reload)' }]);
    const report = (await ok(h, 'GET', '/nodes/node2/sdn/agent')) as Record<string, unknown>;
    assert.deepEqual([report.node, report.version, report.applied, report.state, report.changed], ['node2', 1, 1, 'applied', ['/etc/network/interfaces.d/sdn']]);
    const resources = (await ok(h, 'GET', '/cluster/resources', { type: 'sdn' })) as { id: string }[];
    assert.deepEqual(resources.map((r) => r.id), NODES.map((n) => `sdn/${n}/zvx`));
    await ok(h, 'POST', '/cluster/sdn/vnets', { vnet: 'vxw', zone: 'zvx', tag: 201 });
    const dry = (await ok(h, 'GET', '/cluster/sdn/dry-run', { node: 'node3' })) as { 'interfaces-diff': string };
    // node3's published facts: its own address is the local tunnel end, the others are remotes
    assert.match(dry['interfaces-diff'], /\+\tvxlan-id 201/);
    assert.match(dry['interfaces-diff'], /\+\tvxlan_remoteip 198\.51\.100\.11/);
    assert.doesNotMatch(dry['interfaces-diff'], /\+\tvxlan_remoteip 198\.51\.100\.13/);
  });

  test("a node's live state: the query goes through etcd to the agent watching it", async () => {
    // written, not reloaded: the node has no such bridge, listed all the same
    assert.deepEqual(await ok(h, 'GET', '/nodes/node2/sdn/zones/zvx/bridges'), [{ name: 'vxv', vlan_filtering: null, ports: [] }]);
    assert.deepEqual([...(await h.store.read()).docs.keys()].filter((k) => /^nodes\/[^/]+\/(queries|answers)\//.test(k)), []);
  });

  test('a node whose agent is gone fails the apply task by name, the others apply', async () => {
    await agents.stop('node3');
    const task = await applyAndWait(h);
    assert.match(task.exitstatus ?? '', /version 2 not applied everywhere: no answer within 6 s from node3/);
    assert.ok(task.log.some((l) => l.startsWith('node1: applied version 2')));
    assert.ok(task.log.some((l) => l.startsWith('node2: applied version 2')));
    assert.deepEqual(await ok(h, 'GET', '/nodes/node3/sdn/zones'), [{ zone: 'zvx', status: 'pending' }]);
    // node3 is retired: applies stop waiting for it
    await ok(h, 'DELETE', '/nodes/node3/sdn/agent');
    const next = await applyAndWait(h);
    assert.equal(next.exitstatus, 'OK', next.log.join('\n'));
    assert.ok(next.log.includes('all 2 node(s) applied version 3'), next.log.join('\n'));
  });
});

test('an agent talking to the API server (--server, token, pinned certificate)', async () => {
  const dir = tempDir('weft-agent-srv-');
  const server = await startServer({ dataDir: join(dir, 'data'), host: '127.0.0.1', port: 0, nodename: 'node1', authFailureDelayMs: 0, agentTimeoutMs: 20_000 });
  const agents = new Agents();
  let closed = false;
  try {
    const h = await makeHarness(server.store, join(dir, 'data'));
    const tok = (await ok(h, 'POST', '/access/users/root@pam/token/agent', { privsep: 0 })) as { 'full-tokenid': string; value: string };
    const tokenFile = writeTokenFile(join(dir, 'token'), tok);
    const f = nodeFiles(dir, 'node2');
    agents.start('node2', serverAgentArgs(server, tokenFile, f));
    await waitForAgents(h, ['node2']);
    await ok(h, 'POST', '/cluster/sdn/zones', { zone: 'zs', type: 'simple' });
    await ok(h, 'POST', '/cluster/sdn/vnets', { vnet: 'vs', zone: 'zs' });
    const task = await applyAndWait(h);
    assert.equal(task.exitstatus, 'OK', `${task.log.join('\n')}\n${agents.logs()}`);
    assert.ok(task.log.some((l) => l.startsWith('node2: applied version 1')), task.log.join('\n'));
    assert.match(readFileSync(join(f.root, 'etc/network/interfaces.d/sdn'), 'utf8'), /^#version:1\n\nauto vs\n/);
    // --once against the server (a child that must not block this process, which serves it)
    const once = await promisify(execFile)(WEFT_BIN, ['agent', '--once', '--node', 'node2', ...serverAgentArgs(server, tokenFile, f)]);
    assert.match(once.stderr, /version 1 applied: 0 file\(s\) changed/);
    await h.app.close();
    // the agent is in a long poll now: the server still stops at once
    const closing = Date.now();
    await server.close();
    closed = true;
    assert.ok(Date.now() - closing < 3000, `server.close() took ${Date.now() - closing} ms`);
    assert.ok(await agents.waitForLog('node2', /cannot get the running config from https:\/\/127\.0\.0\.1:\d+: .*trying again every 5 s/, 10), agents.logs());
  } finally {
    await agents.stopAll();
    if (!closed) await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
