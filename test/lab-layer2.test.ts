/**
 * Simple and VXLAN zones brought up for real: Weft renders each node's sdn
 * file, Debian's ifupdown2 applies it inside the node's network namespace, and
 * guest namespaces on the VNets reach each other (across nodes for VXLAN).
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Lab, OVERLAY, UNDERLAY, type LabNode } from './support/lab.js';
import { needs } from './support/system.js';
import { weft } from './support/weft.js';

const skip = needs({ root: true, commands: ['ifup', 'unshare', 'iptables', 'ping'] });

/** Writes section files, renders for `node`, installs the result as the node's interfaces.d/sdn. */
function renderInto(lab: Lab, node: LabNode, files: Readonly<Record<string, string>>): string {
  const cfg = join(lab.dir, `cfg-${node.name}`);
  rmSync(cfg, { recursive: true, force: true });
  mkdirSync(cfg, { recursive: true });
  for (const [f, text] of Object.entries(files)) writeFileSync(join(cfg, f), text);
  const facts = join(cfg, 'facts.json');
  writeFileSync(facts, JSON.stringify({ nodename: node.name, routeSource: { ip: node.address, iface: 'vmbr0' }, bridgePorts: { vmbr0: ['eth0'] } }));
  const out = join(cfg, 'out');
  const r = weft(['render', '--config-dir', cfg, '--facts', facts, '--interfaces', join(node.etcNetwork, 'interfaces'), '--out', out]);
  assert.equal(r.status, 0, r.stderr);
  const sdn = join(node.etcNetwork, 'interfaces.d', 'sdn');
  writeFileSync(sdn, readFileSync(join(out, 'sdn'), 'utf8'));
  return sdn;
}

function up(lab: Lab, node: LabNode, cmd: readonly string[] = ['ifup', '-a']): void {
  const r = lab.ifupdown(node, cmd);
  assert.equal(r.status, 0, `${cmd.join(' ')} on ${node.name}:\n${r.output}`);
}

describe('simple zone with SNAT, brought up by ifupdown2', { skip }, () => {
  let lab: Lab;
  before(() => {
    lab = new Lab('sim');
  });
  after(() => lab.destroy());

  test('guests reach each other, the gateway, and the underlay through SNAT', () => {
    const node = lab.addNode(1);
    renderInto(lab, node, {
      'zones.cfg': 'simple: zsim\n\tipam pve\n\n',
      'vnets.cfg': 'vnet: vsim\n\tzone zsim\n\n',
      'subnets.cfg': `subnet: zsim-${OVERLAY}.0-24\n\tvnet vsim\n\tgateway ${OVERLAY}.1\n\tsnat 1\n\n`,
    });
    up(lab, node);
    const g1 = lab.addGuest(node, 'vsim', 'g1', `${OVERLAY}.10/24`, { gateway: `${OVERLAY}.1` });
    lab.addGuest(node, 'vsim', 'g2', `${OVERLAY}.11/24`, { gateway: `${OVERLAY}.1` });
    assert.ok(lab.reaches(g1, `${OVERLAY}.11`), 'guest to guest on the VNet');
    assert.ok(lab.reaches(g1, `${OVERLAY}.1`), 'guest to the VNet gateway');
    // the underlay host has no route back to 203.0.113.0/24: only SNAT makes this answer come back
    assert.ok(lab.reaches(g1, `${UNDERLAY}.1`), 'guest to the outside via SNAT');
  });
});

describe('VXLAN zone across three nodes, brought up by ifupdown2', { skip }, () => {
  let lab: Lab;
  const nodes: LabNode[] = [];
  const zones = `vxlan: zvx\n\tipam pve\n\tpeers ${UNDERLAY}.11,${UNDERLAY}.12,${UNDERLAY}.13\n\n`;
  before(() => {
    lab = new Lab('vx');
    for (const i of [1, 2, 3]) nodes.push(lab.addNode(i));
  });
  after(() => lab.destroy());

  test('guests on different nodes reach each other at the full overlay MTU', () => {
    for (const node of nodes) {
      renderInto(lab, node, { 'zones.cfg': zones, 'vnets.cfg': 'vnet: vxv\n\tzone zvx\n\ttag 100\n\n' });
      up(lab, node);
    }
    const guests = nodes.map((n, i) => lab.addGuest(n, 'vxv', `vg${i + 1}`, `${OVERLAY}.${i + 1}/24`));
    assert.ok(lab.reaches(guests[0] as string, `${OVERLAY}.3`), 'node1 guest to node3 guest');
    assert.ok(lab.reaches(guests[1] as string, `${OVERLAY}.1`), 'node2 guest to node1 guest');
    // 1400 bytes of ICMP payload + headers fit the 1450 overlay MTU without fragmenting
    assert.ok(lab.ping(guests[2] as string, `${OVERLAY}.2`, { size: 1400, dontFragment: true }), 'full-size packet across the overlay');
  });

  test('removing the VNet and reloading removes its bridge and VXLAN device', () => {
    const node = nodes[0] as LabNode;
    renderInto(lab, node, { 'zones.cfg': zones });
    up(lab, node, ['ifreload', '-a']);
    assert.equal(lab.linkExists(node.ns, 'vxv'), false, 'vnet bridge removed');
    assert.equal(lab.linkExists(node.ns, 'vxlan_vxv'), false, 'vxlan device removed');
  });
});
