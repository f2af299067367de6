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
import { serializeRunningConfig } from '../../src/config/running-config.js';
import { rawConfigFromFiles } from '../../src/config/sdn-files.js';
import { askNode } from '../../src/sdn/node-query.js';
import { nodeKeys, parseNodeStatus, type DriftItem, type NodeStatus } from '../../src/sdn/node-status.js';
import { DirectoryStore } from '../../src/store/directory.js';
import { waitFor } from '../../src/store/wait.js';
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

  /** The node status once `ok` holds for it (woken by the store's watch). */
  const status = async (what: string, ok: (s: NodeStatus) => boolean): Promise<NodeStatus> => {
    const s = await waitFor(store, `nodes/${node.name}/`, (snap) => {
      const st = parseNodeStatus(snap.docs.get(nodeKeys(node.name).status));
      return st && ok(st) ? st : undefined;
    }, { timeoutMs: WAIT_MS });
    assert.ok(s, `the node status never showed ${what}\n${log}`);
    return s;
  };
  const drifted = (kind: DriftItem['kind'], item: string) => status(`${kind} ${item} drifted`, (s) => s.drift?.items.some((i) => i.kind === kind && i.item === item) === true);
  const repair = async () => (await askNode(store, node.name, { kind: 'repair' }, { timeoutMs: WAIT_MS })) as DriftItem[];
  const clean = () => status('no drift', (s) => s.state === 'applied' && s.drift?.items.length === 0);

  before(() => {
    lab = new Lab('drift');
    const data = join(lab.dir, 'data');
    mkdirSync(join(data, 'sdn'), { recursive: true });
    node = lab.addNode(1);
    assert.equal(lab.ifupdown(node, ['ifup', '-a']).status, 0);
    systemctl = labSystemctl(join(lab.dir, 'systemctl'), node.root);
    writeFileSync(join(data, 'sdn', '.running-config'), serializeRunningConfig(rawConfigFromFiles(FILES, 1).raw));
    store = new DirectoryStore(data);
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
    const s = await clean();
    assert.equal(s.version, 1);
    assert.ok(lab.linkExists(node.ns, 'vxv') && lab.linkExists(node.ns, 'vxlan_vxv'), log);
  });

  test('a VNet bridge deleted by hand: reported, repaired', async () => {
    execFileSync('ip', ['-n', node.ns, 'link', 'del', 'vxv']);
    const s = await drifted('link', 'vxv');
    assert.match(s.drift?.items.find((i) => i.item === 'vxv')?.message ?? '', /vxv is missing/);
    assert.deepEqual(await repair(), [], log);
    assert.ok(lab.linkExists(node.ns, 'vxv'), 'the bridge is back');
    await clean();
  });

  test('the rendered sdn file edited: reported, repaired', async () => {
    const sdn = join(node.etcNetwork, 'interfaces.d', 'sdn');
    const written = readFileSync(sdn, 'utf8');
    appendFileSync(sdn, '\nauto bogus\niface bogus\n');
    await drifted('file', '/etc/network/interfaces.d/sdn');
    assert.deepEqual(await repair(), [], log);
    assert.equal(readFileSync(sdn, 'utf8'), written, 'the file is as the agent rendered it');
    await clean();
  });

  test("a DHCP zone's dnsmasq stopped: reported, repaired", async () => {
    const active = () => spawnSync('ip', ['netns', 'exec', node.ns, systemctl.bin, 'is-active', 'dnsmasq@zdh'], { env: systemctl.env, encoding: 'utf8' }).stdout.trim();
    assert.equal(active(), 'active', log);
    spawnSync('ip', ['netns', 'exec', node.ns, systemctl.bin, 'stop', 'dnsmasq@zdh'], { env: systemctl.env });
    const s = await drifted('dnsmasq', 'zdh');
    assert.match(s.drift?.items.find((i) => i.kind === 'dnsmasq')?.message ?? '', /dnsmasq@zdh is inactive/);
    assert.deepEqual(await repair(), [], log);
    assert.equal(active(), 'active');
    await clean();
  });
});
