/**
 * FRR drift on a lab node with Debian's FRR running in its namespace: a
 * running `weft agent` (checking every second) applies an EVPN zone, then a
 * line added to FRR's running config by hand (vtysh) and a line of the
 * agent's removed from it are each reported in the node status as FRR
 * running another config than frr.conf; a repair (the query behind
 * POST /nodes/{node}/sdn/repair) reloads FRR from the file and the status
 * shows no drift again. FRR is compared by frr-reload.py --test, as the agent
 * does on a node.
 *
 * This kernel has no VRF devices: ifupdown2 runs without its vrf addon (the
 * zone's VRF device is not created); FRR loads the whole frr.conf.
 */
import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { serializeRunningConfig } from '../../src/sections/running-config.js';
import { rawConfigFromFiles } from '../../src/sections/sdn-files.js';
import { DirectoryStore } from '../../src/store/directory.js';
import { driftStatus, type DriftStatus } from '../support/drift-status.js';
import { FrrLab } from '../support/frr-lab.js';
import { Lab, UNDERLAY, type LabNode } from '../support/lab.js';
import { WEFT_BIN } from '../support/paths.js';
import { needs } from '../support/system.js';

const skip = needs({ root: true, commands: ['ifreload', 'unshare', 'vtysh', '/usr/lib/frr/frrinit.sh', '/usr/lib/frr/frr-reload.py'] });

const FILES = {
  'controllers.cfg': `evpn: evdrift\n\tasn 65000\n\tpeers ${UNDERLAY}.11,${UNDERLAY}.12\n\n`,
  'zones.cfg': 'evpn: zevd\n\tcontroller evdrift\n\tvrf-vxlan 10000\n\tmac 02:00:5e:00:53:01\n\n',
  'vnets.cfg': 'vnet: evd1\n\tzone zevd\n\ttag 100\n\n',
};

/** Waits long enough for any step here on a loaded machine; the waits end as soon as the status says so. */
const WAIT_MS = 120_000;

describe("FRR drift: the agent reports FRR running another config than it was given, a repair reloads it", { skip }, () => {
  let lab: Lab;
  let frr: FrrLab;
  let node: LabNode;
  let store: DirectoryStore;
  let agent: ChildProcess | null = null;
  let log = '';
  let drift: DriftStatus;

  const running = () => frr.vtysh(node.ns, 'show running-config').split('\n');

  before(() => {
    lab = new Lab('dfrr');
    frr = new FrrLab(lab.dir);
    const data = join(lab.dir, 'data');
    mkdirSync(join(data, 'sdn'), { recursive: true });
    node = lab.addNode(1);
    lab.withoutVrfAddon(node);
    assert.equal(lab.ifupdown(node, ['ifup', '-a']).status, 0);
    frr.add(node.ns, `frr defaults datacenter\nhostname ${node.name}\nservice integrated-vtysh-config\n`, ['bgpd']);
    // FRR takes the system's host name, a node's name on a real node
    const started = frr.start(node.ns, node.name);
    assert.equal(started.status, 0, `frrinit.sh start:\n${started.output}`);
    frr.linkInto(node.root);
    writeFileSync(join(data, 'sdn', '.running-config'), serializeRunningConfig(rawConfigFromFiles(FILES, 1).raw));
    store = new DirectoryStore(data);
    drift = driftStatus(store, node.name, () => log, WAIT_MS);
    const args = ['agent', '--node', node.name, '--data-dir', data, '--root', node.root, '--frr-instance', node.ns, '--drift-interval', '1'];
    // the agent in a UTS namespace named like the node, as on a real node: the FRR it restarts takes that host name
    agent = spawn('ip', ['netns', 'exec', node.ns, 'unshare', '-u', 'sh', '-c', 'hostname "$0" && exec "$@"', node.name, WEFT_BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    agent.stdout?.on('data', (d: Buffer) => (log += d.toString()));
    agent.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  });
  after(async () => {
    agent?.kill('SIGTERM');
    await store?.close();
    lab?.destroy();
  });

  test('applied, FRR runs the rendered config, nothing drifted', async () => {
    const s = await drift.clean();
    assert.equal(s.version, 1);
    assert.ok(running().includes('  advertise-all-vni'), `FRR runs the generated frr.conf\n${log}`);
  });

  test('a line added to FRR by hand: reported, repaired', async () => {
    frr.vtysh(node.ns, 'configure terminal', 'ip prefix-list drifted seq 5 permit 192.0.2.0/24');
    assert.ok(running().some((l) => l.startsWith('ip prefix-list drifted')), 'the hand-made line is running');
    const item = await drift.drifted('FRR', (i) => i.kind === 'frr');
    assert.match(item.message, /^FRR runs another config than \/etc\/frr\/.*frr\.conf: 1 line\(s\) to change \('no ip prefix-list drifted seq 5 permit 192\.0\.2\.0\/24'\)$/, log);
    assert.deepEqual(await drift.repair(), [], log);
    assert.ok(!running().some((l) => l.startsWith('ip prefix-list drifted')), 'the reload removed it');
    await drift.clean();
  });

  test("a line of the agent's removed from FRR: reported, repaired", async () => {
    frr.vtysh(node.ns, 'configure terminal', 'router bgp 65000', 'address-family l2vpn evpn', 'no advertise-all-vni');
    assert.ok(!running().includes('  advertise-all-vni'), 'the line is gone from FRR');
    const item = await drift.drifted('FRR', (i) => i.kind === 'frr');
    assert.match(item.message, /line\(s\) to change \(.*'advertise-all-vni'/, log);
    assert.deepEqual(await drift.repair(), [], log);
    assert.ok(running().includes('  advertise-all-vni'), 'the reload put it back');
    await drift.clean();
  });
});
