/**
 * The agent keeps a DHCP zone's reservations current: `ethers` comes from the
 * reservations at each pass, and a change of reservations alone (a guest NIC
 * added through the API) re-applies without a new config version.
 */
import { strict as assert } from 'node:assert';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DHCP_RESERVATIONS_MS, runAgent, type AgentContext } from '../../src/agent/daemon.js';
import { nodeHost } from '../../src/agent/host.js';
import { frrPaths } from '../../src/agent/node-plan.js';
import { localRunner } from '../../src/agent/runner.js';
import type { AgentSource } from '../../src/agent/source.js';
import type { DhcpHost } from '../../src/dhcp/plan.js';
import { parseFacts } from '../../src/render/facts.js';
import { FIXTURES_DIR } from '../support/paths.js';
import { withTempDirAsync } from '../support/weft.js';

const RUNNING = JSON.stringify({
  version: 4,
  zones: { ids: { zd: { type: 'simple', ipam: 'pve', dhcp: 'dnsmasq' } } },
  vnets: { ids: { vd: { type: 'vnet', zone: 'zd' } } },
  subnets: { ids: { 'zd-192.0.2.0-24': { type: 'subnet', vnet: 'vd', gateway: '192.0.2.1' } } },
});

async function until(check: () => boolean, ms: number): Promise<boolean> {
  for (let waited = 0; waited < ms; waited += 50) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return check();
}

test('ethers follows the reservations, with or without a new config version', async () => {
  await withTempDirAsync(async (root) => {
    mkdirSync(join(root, 'etc/network'), { recursive: true });
    copyFileSync(join(FIXTURES_DIR, 'node-pve1', 'interfaces'), join(root, 'etc/network/interfaces'));
    const facts = parseFacts(JSON.parse(readFileSync(join(FIXTURES_DIR, 'node-pve1', 'node.json'), 'utf8'))).facts;
    assert.ok(facts);
    let hosts: DhcpHost[] = [{ mac: 'bc:24:11:00:00:01', ip4: '192.0.2.10' }];
    const stop = new AbortController();
    const source: AgentSource = {
      description: 'test source',
      current: async () => ({ version: 4, text: RUNNING }),
      nextRunning: (known, signal) =>
        known === 0 ? Promise.resolve({ version: 4, text: RUNNING }) : new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
      publishStatus: async () => {},
      publishFacts: async () => {},
      close: async () => {},
    };
    const lines: string[] = [];
    const ctx: AgentContext = { host: nodeHost(root, localRunner()), node: 'pve1', facts, frr: frrPaths(), reload: false, log: (l) => lines.push(l), reporter: null, dhcpHosts: async () => () => hosts };
    const running = runAgent(ctx, source, stop.signal);
    const ethers = join(root, 'etc/dnsmasq.d/zd/ethers');
    try {
      assert.ok(await until(() => existsSync(ethers), 5000), lines.join('\n'));
      assert.equal(readFileSync(ethers, 'utf8'), 'bc:24:11:00:00:01,192.0.2.10\n');
      hosts = [...hosts, { mac: 'bc:24:11:00:00:02', ip4: '192.0.2.11' }];
      assert.ok(await until(() => readFileSync(ethers, 'utf8').includes('192.0.2.11'), DHCP_RESERVATIONS_MS * 3), lines.join('\n'));
      assert.ok(lines.includes('DHCP reservations changed'));
    } finally {
      stop.abort(new Error('test over'));
      await running;
    }
  });
});
