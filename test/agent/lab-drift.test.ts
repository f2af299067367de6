/**
 * Drift on a lab node: a running `weft agent` (checking every second) reports
 * in the node status, per item, a VNet bridge deleted by hand, the rendered
 * sdn file edited, and a DHCP zone's dnsmasq stopped; a repair (the query
 * behind POST /nodes/{node}/sdn/repair) restores each, and the status shows
 * no drift again. Every wait is on the store's watch, bounded by its own
 * timeout; no step is timed.
 */
import { strict as assert } from 'node:assert';
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { serializeRunningConfig } from '../../src/sections/running-config.js';
import { rawConfigFromFiles } from '../../src/sections/sdn-files.js';
import { DirectoryStore } from '../../src/store/directory.js';
import { driftStatus, type DriftStatus } from '../support/drift-status.js';
import { Lab, OVERLAY, UNDERLAY, type LabNode } from '../support/lab.js';
import { labSystemctl } from '../support/lab-systemctl.js';
import { WEFT_BIN } from '../support/paths.js';
import { needs } from '../support/system.js';

const skip = needs({ root: true, commands: ['ifreload', 'unshare', 'dnsmasq'] });

const FILES = {
  'zones.cfg': `simple: zdh\n\tipam pve\n\tdhcp dnsmasq\n\nvxlan: zvx\n\tpeers ${UNDERLAY}.11,${UNDERLAY}.12\n\n`,
  'vnets.cfg': 'vnet: vdh\n\tzone zdh\n\nvnet: vxv\n\tzone zvx\n\ttag 300\n\n',
  'subnets.cfg': `subnet: zdh-${OVERLAY}.0-24\n\tvnet vdh\n\tgateway ${OVERLAY}.1\n\tdhcp-range start-address=${OVERLAY}.100,end-address=${OVERLAY}.150\n\n`,
};

/** Waits long enough for any step here on a loaded machine; the waits end as soon as the status says so. */
const WAIT_MS = 120_000;

describe('drift: the agent reports what changed on the node, a repair restores it', { skip }, () => {
  let lab: Lab;
  let node: LabNode;
  let store: DirectoryStore;
  let systemctl: ReturnType<typeof labSystemctl>;
  let agent: ChildProcess | null = null;
  let log = '';
  let drift: DriftStatus;

  before(() => {
    lab = new Lab('drift');
    const data = join(lab.dir, 'data');
    mkdirSync(join(data, 'sdn'), { recursive: true });
    node = lab.addNode(1);
    assert.equal(lab.ifupdown(node, ['ifup', '-a']).status, 0);
    systemctl = labSystemctl(join(lab.dir, 'systemctl'), node.root);
    writeFileSync(join(data, 'sdn', '.running-config'), serializeRunningConfig(rawConfigFromFiles(FILES, 1).raw));
    store = new DirectoryStore(data);
    drift = driftStatus(store, node.name, () => log, WAIT_MS);
    agent = spawn('ip', ['netns', 'exec', node.ns, WEFT_BIN, 'agent', '--node', node.name, '--data-dir', data, '--root', node.root, '--drift-interval', '1'], { stdio: ['ignore', 'pipe', 'pipe'], env: systemctl.env });
    agent.stdout?.on('data', (d: Buffer) => (log += d.toString()));
    agent.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  });
  after(async () => {
    agent?.kill('SIGTERM');
    spawnSync('ip', ['netns', 'exec', node.ns, systemctl.bin, 'stop', 'dnsmasq@zdh'], { env: systemctl.env });
    await store.close();
    lab.destroy();
  });

  test('applied, checked, nothing drifted', async () => {
    const s = await drift.clean();
    assert.equal(s.version, 1);
    assert.ok(lab.linkExists(node.ns, 'vxv') && lab.linkExists(node.ns, 'vxlan_vxv'), log);
  });

  test('a VNet bridge deleted by hand: reported, repaired', async () => {
    execFileSync('ip', ['-n', node.ns, 'link', 'del', 'vxv']);
    const item = await drift.drifted('vxv', (i) => i.kind === 'link' && i.item === 'vxv');
    assert.match(item.message, /vxv is missing/);
    assert.deepEqual(await drift.repair(), [], log);
    assert.ok(lab.linkExists(node.ns, 'vxv'), 'the bridge is back');
    await drift.clean();
  });

  test('the rendered sdn file edited: reported, repaired', async () => {
    const sdn = join(node.etcNetwork, 'interfaces.d', 'sdn');
    const written = readFileSync(sdn, 'utf8');
    appendFileSync(sdn, '\nauto bogus\niface bogus\n');
    await drift.drifted('the sdn file', (i) => i.kind === 'file' && i.item === '/etc/network/interfaces.d/sdn');
    assert.deepEqual(await drift.repair(), [], log);
    assert.equal(readFileSync(sdn, 'utf8'), written, 'the file is as the agent rendered it');
    await drift.clean();
  });

  test("a DHCP zone's dnsmasq stopped: reported, repaired", async () => {
    const active = () => spawnSync('ip', ['netns', 'exec', node.ns, systemctl.bin, 'is-active', 'dnsmasq@zdh'], { env: systemctl.env, encoding: 'utf8' }).stdout.trim();
    assert.equal(active(), 'active', log);
    spawnSync('ip', ['netns', 'exec', node.ns, systemctl.bin, 'stop', 'dnsmasq@zdh'], { env: systemctl.env });
    const item = await drift.drifted('dnsmasq', (i) => i.kind === 'dnsmasq' && i.item === 'zdh');
    assert.match(item.message, /dnsmasq@zdh is inactive/);
    assert.deepEqual(await drift.repair(), [], log);
    assert.equal(active(), 'active');
    await drift.clean();
  });
});
