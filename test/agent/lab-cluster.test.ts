/**
 * End to end through the API: three lab nodes, each running `weft agent`
 * continuously inside its namespace (files under a per-node --root,
 * ifupdown2 reloading them for real), all watching the server's data
 * directory. A VXLAN zone and VNet created and applied through the API
 * reach every node within seconds: the task log shows each node applied,
 * guests on different nodes ping, the nodes report the zone available.
 * Deleting the VNet and applying removes its bridges everywhere.
 */
import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { applyAndWait, type Harness } from '../api/harness.js';
import type { Agents } from '../support/agents.js';
import { Lab, OVERLAY, type LabNode } from '../support/lab.js';
import { needs } from '../support/system.js';
import { ok, startLabCluster, type LabCluster } from './cluster-support.js';

const skip = needs({ root: true, commands: ['ifreload', 'unshare', 'ping'] });

describe('weft agent on three lab nodes, driven through the API', { skip }, () => {
  let lab: Lab;
  let cluster: LabCluster | undefined;
  let h: Harness;
  let agents: Agents;
  const nodes: LabNode[] = [];

  before(async () => {
    lab = new Lab('ac');
    for (const i of [1, 2, 3]) {
      const node = lab.addNode(i);
      nodes.push(node);
      assert.equal(lab.ifupdown(node, ['ifup', '-a']).status, 0);
    }
    cluster = await startLabCluster(lab, nodes);
    ({ h, agents } = cluster);
  });
  after(async () => {
    await cluster?.close();
    lab?.destroy();
  });

  test('a VXLAN zone applied through the API: every node applies it, guests ping across nodes', async () => {
    await ok(h, 'POST', '/cluster/sdn/zones', { zone: 'zvx', type: 'vxlan', peers: nodes.map((n) => n.address).join(',') });
    await ok(h, 'POST', '/cluster/sdn/vnets', { vnet: 'vxv', zone: 'zvx', tag: 200 });
    const task = await applyAndWait(h);
    assert.equal(task.exitstatus, 'OK', `${task.log.join('\n')}\n${agents.logs()}`);
    for (const node of nodes) assert.ok(task.log.includes(`${node.name}: applied version 1: 1 file(s) changed, reloaded network`), task.log.join('\n'));

    const guests = nodes.map((n, i) => lab.addGuest(n, 'vxv', `acg${i + 1}`, `${OVERLAY}.${30 + i}/24`));
    assert.ok(lab.reaches(guests[0] as string, `${OVERLAY}.32`), 'node1 guest to node3 guest');
    assert.ok(lab.reaches(guests[2] as string, `${OVERLAY}.31`), 'node3 guest to node2 guest');

    for (const node of nodes) {
      assert.deepEqual(await ok(h, 'GET', `/nodes/${node.name}/sdn/zones`), [{ zone: 'zvx', status: 'available' }]);
      assert.deepEqual(await ok(h, 'GET', `/nodes/${node.name}/sdn/zones/zvx/content`), [{ vnet: 'vxv', status: 'available' }]);
    }
    const resources = (await ok(h, 'GET', '/cluster/resources', { type: 'sdn' })) as { id: string; status: string }[];
    assert.deepEqual(resources, nodes.map((n) => ({ id: `sdn/${n.name}/zvx`, type: 'sdn', sdn: 'zvx', node: n.name, status: 'available', 'zone-type': 'vxlan' })));
  });

  test('deleting the VNet and applying removes its bridges on every node', async () => {
    await ok(h, 'DELETE', '/cluster/sdn/vnets/vxv');
    const task = await applyAndWait(h);
    assert.equal(task.exitstatus, 'OK', `${task.log.join('\n')}\n${agents.logs()}`);
    for (const node of nodes) {
      assert.ok(task.log.includes(`${node.name}: applied version 2: 1 file(s) changed, reloaded network`), task.log.join('\n'));
      assert.ok(!lab.linkExists(node.ns, 'vxv'), `${node.name}: bridge vxv is gone`);
      assert.ok(!lab.linkExists(node.ns, 'vxlan_vxv'), `${node.name}: vxlan_vxv is gone`);
    }
    assert.deepEqual(await ok(h, 'GET', '/nodes/node1/sdn/zones/zvx/content'), []);
  });
});
