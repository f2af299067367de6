/**
 * Every caller of the decoded running config on an EVPN setup (an EVPN zone
 * naming its controller, a VNet, a subnet, applied): the running config
 * decodes with its controllers, so the VNet IP mappings, the IPAM status
 * and dry-run work instead of answering "controller '…' does not exist",
 * and a node's agent renders it.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadState } from '../../src/sdn/state.js';
import { runningConfig } from '../../src/sdn/running.js';
import { DirectoryStore } from '../../src/store/directory.js';
import { ok } from '../agent/cluster-support.js';
import { FIXTURES_DIR } from '../support/paths.js';
import { weftAsync } from '../support/weft.js';
import { applyAndWait, makeHarness, tempDir, type Harness } from './harness.js';
import { sectionId } from '../support/section-id.js';

describe('the running config of an EVPN setup, for every caller', () => {
  let h: Harness;
  let dir: string;
  const MAC = 'bc:24:11:00:e0:01';

  before(async () => {
    dir = tempDir('weft-evpn-running-');
    h = await makeHarness(new DirectoryStore(dir, { exclusive: true }), dir, { ipam: true, agentTimeoutMs: 1000 });
    await ok(h, 'POST', '/cluster/sdn/controllers', { controller: 'ctl', type: 'evpn', asn: 65000, peers: '198.51.100.11,198.51.100.12' });
    await ok(h, 'POST', '/cluster/sdn/zones', { zone: 'zev', type: 'evpn', controller: 'ctl', 'vrf-vxlan': 10000, ipam: 'pve' });
    await ok(h, 'POST', '/cluster/sdn/vnets', { vnet: 'vev', zone: 'zev', tag: 11000 });
    await ok(h, 'POST', '/cluster/sdn/vnets/vev/subnets', { subnet: '10.77.0.0/24', type: 'subnet', gateway: '10.77.0.1' });
    await applyAndWait(h);
  });
  after(() => h.close());

  test('runningConfig decodes the applied sets with their controllers', async () => {
    const config = runningConfig(loadState(await h.store.read()));
    assert.deepEqual([...config.controllers.keys()], ['ctl']);
    const zone = config.zones.get(sectionId('zones', 'zev'));
    assert.equal(zone?.type === 'evpn' ? zone.controller : undefined, 'ctl');
    assert.deepEqual([...config.subnets.keys()], ['zev-10.77.0.0-24']);
    assert.ok(config.version >= 1);
  });

  test('POST, PUT and DELETE of a VNet IP mapping', async () => {
    const got = (await ok(h, 'POST', '/cluster/sdn/vnets/vev/ips', { zone: 'zev', mac: MAC })) as { ip: string };
    assert.equal(got.ip, '10.77.0.2');
    await ok(h, 'PUT', '/cluster/sdn/vnets/vev/ips', { zone: 'zev', mac: MAC, ip: '10.77.0.40' });
    const moved = (await ok(h, 'GET', '/cluster/sdn/ipams/pve/status')) as Array<{ ip: string; mac?: string }>;
    assert.deepEqual(moved.filter((e) => e.mac === MAC).map((e) => e.ip), ['10.77.0.40']);
    await ok(h, 'DELETE', '/cluster/sdn/vnets/vev/ips', { zone: 'zev', mac: MAC, ip: '10.77.0.40' });
  });

  test('the IPAM status lists the EVPN subnet with its VNet', async () => {
    const status = (await ok(h, 'GET', '/cluster/sdn/ipams/pve/status')) as Array<Record<string, unknown>>;
    assert.deepEqual(status, [{ zone: 'zev', subnet: '10.77.0.0/24', vnet: 'vev', ip: '10.77.0.1', gateway: 1 }]);
  });

  test('dry-run renders the running and the pending config', async () => {
    await ok(h, 'POST', '/cluster/sdn/vnets', { vnet: 'vev2', zone: 'zev', tag: 11001 });
    const diff = (await ok(h, 'GET', '/cluster/sdn/dry-run', { node: 'node1' })) as { 'interfaces-diff': string | null; 'frr-diff': string | null };
    assert.match(diff['interfaces-diff'] ?? '', /^\+auto vev2$/m);
  });

  test("a node's agent renders it: the VNet's bridge and the controller's BGP", async () => {
    const root = join(dir, 'node-root');
    mkdirSync(root);
    const agent = await weftAsync(['agent', '--once', '--node', 'pve1', '--data-dir', dir, '--root', root, '--no-reload', '--facts', join(FIXTURES_DIR, 'node-pve1', 'node.json')]);
    assert.equal(agent.status, 0, agent.stderr);
    assert.match(readFileSync(join(root, 'etc/network/interfaces.d/sdn'), 'utf8'), /^auto vev$/m);
    assert.match(readFileSync(join(root, 'etc/frr/frr.conf'), 'utf8'), /^router bgp 65000$/m);
  });
});
