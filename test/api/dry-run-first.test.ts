/**
 * The dry run before a node's agent first reported (issue 16, item 10): it
 * shows every file an apply writes — the dnsmasq files of a DHCP zone too —
 * and says what waits for the node's facts (the SNAT rules need its
 * outgoing address); once the facts are in, the SNAT rules are there and
 * nothing is said to wait.
 */
import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { nodeKeys } from '../../src/sdn/node-status.js';
import { DirectoryStore } from '../../src/store/directory.js';
import { ok } from '../agent/cluster-support.js';
import { makeHarness, tempDir, type Harness } from './harness.js';

interface Answer {
  readonly 'interfaces-diff': string | null;
  readonly 'files-diff': Record<string, string>;
  readonly 'waiting-for-facts': string | null;
}

describe('dry run before the first agent report', () => {
  let h: Harness;

  before(async () => {
    const dir = tempDir('weft-dry-run-first-');
    h = await makeHarness(new DirectoryStore(dir, { exclusive: true }), dir, { ipam: true, agentTimeoutMs: 1000 });
    await ok(h, 'POST', '/cluster/sdn/zones', { zone: 'zd', type: 'simple', dhcp: 'dnsmasq', ipam: 'pve' });
    await ok(h, 'POST', '/cluster/sdn/vnets', { vnet: 'vd', zone: 'zd' });
    await ok(h, 'POST', '/cluster/sdn/vnets/vd/subnets', { subnet: '10.88.0.0/24', type: 'subnet', gateway: '10.88.0.1', snat: 1, 'dhcp-range': ['start-address=10.88.0.100,end-address=10.88.0.199'] });
  });
  after(() => h.close());

  test('every file is shown, and what waits for the node\'s facts is said', async () => {
    const first = (await ok(h, 'GET', '/cluster/sdn/dry-run', { node: 'node1' })) as Answer;
    assert.match(first['waiting-for-facts'] ?? '', /no agent has reported from this node yet.*SNAT rules/);
    assert.match(first['interfaces-diff'] ?? '', /\+auto vd/);
    const dnsmasq = Object.keys(first['files-diff']);
    assert.ok(dnsmasq.some((p) => p.startsWith('/etc/dnsmasq.d/zd/')), `the dnsmasq files are shown: ${dnsmasq.join(', ')}`);
    // the sdn interfaces file is the main diff, not shown again among the others
    assert.ok(!dnsmasq.includes('/etc/network/interfaces.d/sdn'), `the others: ${dnsmasq.join(', ')}`);
    assert.match(first['files-diff']['/etc/dnsmasq.d/zd/10-vd.conf'] ?? '', /\+interface=vd/);
    assert.doesNotMatch(first['interfaces-diff'] ?? '', /SNAT/);

    await h.store.transact(() => ({ writes: [{ key: nodeKeys('node1').facts, value: JSON.stringify({ nodename: 'node1', routeSource: { ip: '192.0.2.10', iface: 'vmbr0' }, bridgePorts: { vmbr0: ['eth0'] } }) }], result: null }));
    const reported = (await ok(h, 'GET', '/cluster/sdn/dry-run', { node: 'node1' })) as Answer;
    assert.equal(reported['waiting-for-facts'], null);
    assert.match(reported['interfaces-diff'] ?? '', /-j SNAT --to-source 192\.0\.2\.10/);
  });
});
