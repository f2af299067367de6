/**
 * SNAT leaves through the uplink, not the underlay: a lab node whose peers
 * are on the underlay (vmbr0) and whose default route leads through eth1 to
 * an "internet" namespace. `weft agent --once` inside the node probes both
 * route sources (facts `routeSource` and `uplink`), renders SNAT to the
 * uplink's address, and a guest reaches the internet host, which has no
 * route back to the guest subnet: only SNAT to the uplink address answers.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { serializeRunningConfig } from '../../src/sections/running-config.js';
import { rawConfigFromFiles } from '../../src/sections/sdn-files.js';
import { INTERNET, Lab, OVERLAY, UNDERLAY, type LabNode } from '../support/lab.js';
import { WEFT_BIN } from '../support/paths.js';
import { needs } from '../support/system.js';

const skip = needs({ root: true, commands: ['ifreload', 'unshare', 'ping', 'iptables'] });

const FILES = {
  // the first peer is the other node, on the underlay: the VTEP's route source
  'zones.cfg': `vxlan: zvx\n\tpeers ${UNDERLAY}.12,${UNDERLAY}.11\n\nsimple: zsim\n\n`,
  'vnets.cfg': 'vnet: vxv\n\tzone zvx\n\ttag 300\n\nvnet: vsim\n\tzone zsim\n\n',
  'subnets.cfg': `subnet: zsim-${OVERLAY}.0-24\n\tvnet vsim\n\tgateway ${OVERLAY}.1\n\tsnat 1\n\n`,
};

describe('SNAT through the uplink, probed and applied by the agent', { skip }, () => {
  let lab: Lab;
  let node: LabNode;
  let data: string;
  before(() => {
    lab = new Lab('snat');
    data = join(lab.dir, 'data');
    mkdirSync(join(data, 'sdn'), { recursive: true });
    node = lab.addNode(1, { uplink: true });
    assert.equal(lab.ifupdown(node, ['ifup', '-a']).status, 0);
  });
  after(() => lab.destroy());

  test('facts carry both route sources; SNAT uses the uplink; the guest reaches the internet', () => {
    // a weft store (sdn/ folder): the agent publishes its facts into nodes/<node>/
    writeFileSync(join(data, 'sdn', '.running-config'), serializeRunningConfig(rawConfigFromFiles(FILES, 1).raw));
    const r = spawnSync('ip', ['netns', 'exec', node.ns, WEFT_BIN, 'agent', '--once', '--node', node.name, '--data-dir', data, '--root', node.root], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);

    const facts = JSON.parse(readFileSync(join(data, 'nodes', node.name, 'facts.json'), 'utf8')) as Record<string, unknown>;
    assert.deepEqual(facts.routeSource, { ip: node.address, iface: 'vmbr0' }, 'the route towards the first peer: the underlay');
    assert.deepEqual(facts.uplink, { ip: `${INTERNET}.11`, iface: 'eth1' }, 'the route towards 8.8.8.8: the uplink');

    const sdn = readFileSync(join(node.etcNetwork, 'interfaces.d', 'sdn'), 'utf8');
    assert.match(sdn, new RegExp(`post-up iptables -t nat -A POSTROUTING -s '${OVERLAY}\\.0/24' -o eth1 -j SNAT --to-source ${INTERNET}\\.11`));
    assert.match(sdn, new RegExp(`vxlan-local-tunnelip ${UNDERLAY.replace(/\./g, '\\.')}\\.11|vxlan_remoteip ${UNDERLAY.replace(/\./g, '\\.')}\\.12`), 'the overlay stays on the underlay');

    const guest = lab.addGuest(node, 'vsim', 'sg1', `${OVERLAY}.10/24`, { gateway: `${OVERLAY}.1` });
    const diag = () => ['iptables -t nat -S', 'ip -br addr', 'ip route', 'sysctl net.ipv4.ip_forward net.ipv4.conf.vsim.forwarding'].map((c) => spawnSync('ip', ['netns', 'exec', node.ns, 'sh', '-c', c], { encoding: 'utf8' }).stdout).join('\n');
    assert.ok(lab.reaches(guest, `${INTERNET}.1`), `guest to the internet host, answered thanks to SNAT on the uplink\n${diag()}`);
    // the underlay host has no route to the guests either, and SNAT does not go that way
    assert.equal(lab.ping(guest, `${UNDERLAY}.1`), false, 'nothing is translated towards the underlay');
  });
});
