/**
 * Confirm or roll back on three lab nodes: the API server on this machine,
 * reached from the nodes' underlay at 198.51.100.1 (a relay, ns-relay.ts),
 * and `weft agent --server` in each node's namespace, reloading ifupdown2
 * for real. An apply given confirm= that cuts node3 off the server (a
 * subnet whose gateway is the server's address) is undone on node3 by its
 * agent alone, and the server rolls the others back; the same kind of apply
 * confirmed in time stays; a node that cannot bring it up rolls it back everywhere.
 */
import { strict as assert } from 'node:assert';
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startServer, type RunningServer } from '../../src/api/start.js';
import { makeHarness, type Harness } from '../api/harness.js';
import { Agents } from '../support/agents.js';
import { Lab, UNDERLAY, type LabNode } from '../support/lab.js';
import { relayIntoNamespace, type Relay } from '../support/ns-relay.js';
import { needs } from '../support/system.js';
import { ok, waitForAgents, writeTokenFile } from './cluster-support.js';

const skip = needs({ root: true, commands: ['ifreload', 'unshare'] });
const SERVER_PORT = 8006;
/** each agent gets this long to report; the window is what the test is about */
const AGENT_TIMEOUT_MS = 120_000;

describe('confirm or roll back on three lab nodes', { skip }, () => {
  let lab: Lab;
  let server: RunningServer | undefined;
  let relay: Relay | undefined;
  let h: Harness;
  const agents = new Agents();
  const nodes: LabNode[] = [];

  async function apply(params: Record<string, unknown>): Promise<{ upid: string; exitstatus: string | undefined; log: string[] }> {
    const upid = (await ok(h, 'PUT', '/cluster/sdn', params)) as string;
    const status = await h.tasks.wait(upid, 4 * AGENT_TIMEOUT_MS);
    return { upid, exitstatus: status?.exitstatus, log: h.tasks.log(upid, 0, 0)?.lines.map((l) => l.t) ?? [] };
  }
  const sdnFile = (node: LabNode) => readFileSync(join(node.etcNetwork, 'interfaces.d', 'sdn'), 'utf8');
  const explain = (log: readonly string[]) => `${log.join('\n')}\n${agents.logs()}`;

  before(async () => {
    lab = new Lab('cf');
    for (const i of [1, 2, 3]) {
      const node = lab.addNode(i);
      nodes.push(node);
      assert.equal(lab.ifupdown(node, ['ifup', '-a']).status, 0);
    }
    const data = join(lab.dir, 'data');
    server = await startServer({ dataDir: data, host: '127.0.0.1', port: 0, nodename: 'ctl', authFailureDelayMs: 0 });
    relay = await relayIntoNamespace(lab.underlay(), `${UNDERLAY}.1`, SERVER_PORT, Number(new URL(server.url).port));
    h = await makeHarness(server.store, data, { agentTimeoutMs: AGENT_TIMEOUT_MS });
    await ok(h, 'POST', '/access/users', { userid: 'agent@pve' });
    const tok = (await ok(h, 'POST', '/access/users/agent@pve/token/agent', { privsep: 0 })) as { 'full-tokenid': string; value: string };
    await ok(h, 'PUT', '/access/acl', { path: '/nodes', roles: 'Administrator', users: 'agent@pve' });
    await ok(h, 'PUT', '/access/acl', { path: '/sdn', roles: 'PVEAuditor', users: 'agent@pve' });
    const tokenFile = writeTokenFile(join(lab.dir, 'token'), tok);
    const url = `https://${UNDERLAY}.1:${SERVER_PORT}`;
    for (const node of nodes) agents.start(node.name, ['--server', url, '--fingerprint', server.tls?.fingerprint ?? '', '--token-file', tokenFile, '--root', node.root], node.ns);
    await waitForAgents(h, nodes.map((n) => n.name), 60);
    await ok(h, 'POST', '/cluster/sdn/zones', { zone: 'zc', type: 'simple' });
    await ok(h, 'POST', '/cluster/sdn/vnets', { vnet: 'vc1', zone: 'zc' });
    const first = await apply({});
    assert.equal(first.exitstatus, 'OK', explain(first.log));
  });
  after(async () => {
    await agents.stopAll();
    await h?.app.close();
    await relay?.close();
    await server?.close();
    lab?.destroy();
  });

  test('an apply that cuts node3 off the server: node3 returns by itself, the server rolls the others back', async () => {
    // node3 gets the server's own address on a VNet bridge: its packets to the server stay on node3
    await ok(h, 'POST', '/cluster/sdn/zones', { zone: 'zcut', type: 'simple', nodes: 'node3' });
    await ok(h, 'POST', '/cluster/sdn/vnets', { vnet: 'vcut', zone: 'zcut' });
    await ok(h, 'POST', '/cluster/sdn/vnets/vcut/subnets', { subnet: `${UNDERLAY}.0/24`, type: 'subnet', gateway: `${UNDERLAY}.1` });
    const task = await apply({ confirm: 5 });
    assert.equal(task.exitstatus, 'version 2 rolled back (not confirmed within 5 s); the nodes run version 3, the config of version 1', explain(task.log));
    assert.ok(task.log.includes('all 3 node(s) applied version 3'), explain(task.log));
    // node3 applied version 2 (the cut), lost the server and went back on its own
    const node3 = agents.log('node3');
    assert.match(node3, /version 2 applied/, explain(task.log));
    assert.match(node3, /cannot reach server https:\/\/198\.51\.100\.1:8006 while version 2 waits for confirmation/, explain(task.log));
    assert.match(node3, /returned to version 1 by itself/, explain(task.log));
    for (const node of nodes) {
      assert.match(sdnFile(node), /^#version:3\n/, node.name);
      assert.ok(!lab.linkExists(node.ns, 'vcut'), `${node.name}: vcut is gone`);
      assert.ok(lab.linkExists(node.ns, 'vc1'), `${node.name}: vc1 stays`);
    }
    for (const node of nodes.slice(0, 2)) assert.doesNotMatch(agents.log(node.name), /by itself/, node.name);
    // the cut stays pending for the operator to fix; here it is dropped
    await ok(h, 'POST', '/cluster/sdn/rollback');
  });

  test('the same kind of apply, confirmed in time, stays', async () => {
    await ok(h, 'POST', '/cluster/sdn/vnets', { vnet: 'vc2', zone: 'zc' });
    const upid = (await ok(h, 'PUT', '/cluster/sdn', { confirm: 600 })) as string;
    const waiting = 'every node applied version 4; waiting for the confirmation';
    while (!(h.tasks.log(upid, 0, 0)?.lines ?? []).some((l) => l.t === waiting)) {
      assert.equal(h.tasks.status(upid)?.status, 'running', explain(h.tasks.log(upid, 0, 0)?.lines.map((l) => l.t) ?? []));
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(await ok(h, 'POST', '/cluster/sdn/confirm'), 4);
    const status = await h.tasks.wait(upid, AGENT_TIMEOUT_MS);
    const log = h.tasks.log(upid, 0, 0)?.lines.map((l) => l.t) ?? [];
    assert.equal(status?.exitstatus, 'OK', explain(log));
    for (const node of nodes) {
      assert.ok(await agents.waitForLog(node.name, /version 4 confirmed/, 120), explain(log));
      assert.match(sdnFile(node), /^#version:4\n/, node.name);
      assert.ok(lab.linkExists(node.ns, 'vc2'), `${node.name}: vc2 is up`);
    }
  });

  test('a node that cannot bring the version up rolls the confirmed-mode apply back everywhere', async () => {
    // a VLAN zone over a bridge node2 does not have: its VNet cannot come up there
    for (const node of [nodes[0], nodes[2]]) {
      if (!node) continue;
      appendFileSync(join(node.etcNetwork, 'interfaces'), '\nauto vmbr9\niface vmbr9 inet manual\n\tbridge-ports none\n\tbridge-stp off\n\tbridge-fd 0\n');
      assert.equal(lab.ifupdown(node, ['ifup', 'vmbr9']).status, 0);
    }
    await ok(h, 'POST', '/cluster/sdn/zones', { zone: 'zvl', type: 'vlan', bridge: 'vmbr9' });
    await ok(h, 'POST', '/cluster/sdn/vnets', { vnet: 'vlv', zone: 'zvl', tag: 10 });
    // a window far longer than the test: only the failure can end it
    const task = await apply({ confirm: 3600 });
    assert.equal(task.exitstatus, 'version 5 rolled back (version 5 not applied everywhere: node2 applied it but vnet vlv: missing vlv); the nodes run version 6, the config of version 4', explain(task.log));
    assert.ok(task.log.includes('all 3 node(s) applied version 6'), explain(task.log));
    for (const node of nodes) {
      assert.match(sdnFile(node), /^#version:6\n/, node.name);
      assert.doesNotMatch(sdnFile(node), /vlv/, node.name);
      assert.ok(!lab.linkExists(node.ns, 'vlv'), `${node.name}: vlv is gone`);
      assert.ok(lab.linkExists(node.ns, 'vc2'), `${node.name}: vc2 stays`);
    }
  });
});
