/**
 * The agent applying for real: three node namespaces, `weft agent --once`
 * run inside each (facts probed there, files under a per-node root,
 * ifreload on them). Guests ping across nodes; a config the node cannot
 * apply is rolled back and the node keeps working.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { serializeRunningConfig } from '../../src/sections/running-config.js';
import { rawConfigFromFiles } from '../../src/sections/sdn-files.js';
import { Lab, OVERLAY, UNDERLAY, type LabNode } from '../support/lab.js';
import { WEFT_BIN } from '../support/paths.js';
import { needs } from '../support/system.js';
import { spawnSync } from 'node:child_process';

const skip = needs({ root: true, commands: ['ifreload', 'unshare', 'ping'] });
const ZONES = `vxlan: zvx\n\tpeers ${UNDERLAY}.11,${UNDERLAY}.12,${UNDERLAY}.13\n\n`;
const VNETS = 'vnet: vxv\n\tzone zvx\n\ttag 200\n\n';

function agentOnce(lab: Lab, node: LabNode, data: string) {
  const r = spawnSync('ip', ['netns', 'exec', node.ns, WEFT_BIN, 'agent', '--once', '--node', node.name, '--data-dir', data, '--root', node.root], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, log: `${r.stdout}${r.stderr}` };
}

describe('weft agent applies a VXLAN zone on three lab nodes', { skip }, () => {
  let lab: Lab;
  let data: string;
  const nodes: LabNode[] = [];
  const publish = (files: Record<string, string>, version: number) => writeFileSync(join(data, '.running-config'), serializeRunningConfig(rawConfigFromFiles(files, version).raw));

  before(() => {
    lab = new Lab('agent');
    data = join(lab.dir, 'data');
    mkdirSync(data);
    for (const i of [1, 2, 3]) {
      const node = lab.addNode(i);
      nodes.push(node);
      assert.equal(lab.ifupdown(node, ['ifup', '-a']).status, 0);
    }
  });
  after(() => lab.destroy());

  test('guests on different nodes ping each other after the agents applied', () => {
    publish({ 'zones.cfg': ZONES, 'vnets.cfg': VNETS }, 1);
    for (const node of nodes) {
      const r = agentOnce(lab, node, data);
      assert.equal(r.status, 0, r.log);
      assert.match(r.log, /version 1 applied: 1 file\(s\) changed, reloaded network/);
    }
    const guests = nodes.map((n, i) => lab.addGuest(n, 'vxv', `ag${i + 1}`, `${OVERLAY}.${20 + i}/24`));
    assert.ok(lab.reaches(guests[0] as string, `${OVERLAY}.22`), 'node1 guest to node3 guest');
    assert.ok(lab.reaches(guests[2] as string, `${OVERLAY}.21`), 'node3 guest to node2 guest');
  });

  test('a config the kernel cannot apply is reported and rolled back', () => {
    const node = nodes[0] as LabNode;
    const before = readFileSync(join(node.etcNetwork, 'interfaces.d', 'sdn'), 'utf8');
    // this kernel has no 802.1q devices: the VLAN zone's eth0.30 cannot be created, so ifreload fails
    publish({ 'zones.cfg': `${ZONES}vlan: zvl\n\tbridge vmbr0\n\n`, 'vnets.cfg': `${VNETS}vnet: vlv\n\tzone zvl\n\ttag 30\n\n` }, 2);
    const r = agentOnce(lab, node, data);
    assert.equal(r.status, 1, r.log);
    assert.match(r.log, /apply of version 2 failed: network reload failed: ifreload -a exited/);
    assert.equal(readFileSync(join(node.etcNetwork, 'interfaces.d', 'sdn'), 'utf8'), before, 'previous file restored');
    assert.ok(lab.reaches(lab.ns('ag1'), `${OVERLAY}.22`), 'the overlay still works after the rollback');
  });
});
