/**
 * The agent keeps a DHCP zone's reservations current: `ethers` comes from the
 * reservations at each pass, and a change of reservations alone (a guest NIC
 * added through the API) re-applies without a new config version, woken by
 * a watch on the IPAM database's files.
 */
import { strict as assert } from 'node:assert';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runAgent, type AgentContext } from '../../src/agent/daemon.js';
import { nodeHost } from '../../src/agent/host.js';
import { frrPaths } from '../../src/agent/node-plan.js';
import { ipamFileReservations } from '../../src/agent/reservations.js';
import { localRunner } from '../../src/agent/runner.js';
import type { AgentSource } from '../../src/agent/source.js';
import { ipamDbPath } from '../../src/ipam/paths.js';
import { PveIpamStore } from '../../src/ipam/pve-store.js';
import { parseFacts } from '../../src/ir/facts.js';
import { FIXTURES_DIR } from '../support/paths.js';
import { withTempDirAsync } from '../support/weft.js';
import { nodeName } from '../support/node-name.js';

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

test('ethers follows the IPAM database: a watch on its files, with or without a new config version', async () => {
  await withTempDirAsync(async (root) => {
    mkdirSync(join(root, 'etc/network'), { recursive: true });
    copyFileSync(join(FIXTURES_DIR, 'node-pve1', 'interfaces'), join(root, 'etc/network/interfaces'));
    const facts = parseFacts(JSON.parse(readFileSync(join(FIXTURES_DIR, 'node-pve1', 'node.json'), 'utf8'))).facts;
    assert.ok(facts);
    // the server's data directory: no IPAM database until its first allocation
    const dataDir = join(root, 'weft-data');
    mkdirSync(dataDir);
    const server = new PveIpamStore({ path: ipamDbPath(dataDir), durable: false });
    const reserve = (mac: string, ip: string) =>
      server.transaction((db) => ({
        ops: [...(db.subnet('zd', '192.0.2.0/24') ? [] : [{ op: 'add-subnet', zone: 'zd', subnet: '192.0.2.0/24' } as const]), { op: 'set-ip', zone: 'zd', subnet: '192.0.2.0/24', ip, entry: { mac } } as const],
        result: null,
      }));
    const stop = new AbortController();
    const source: AgentSource = {
      description: 'test source',
      current: async () => ({ version: 4, text: RUNNING }),
      nextRunning: (known, signal) =>
        known === 0 ? Promise.resolve({ version: 4, text: RUNNING }) : new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
      // this source's versions never wait for confirmation
      checkConfirm: async () => 'confirmed',
      publishStatus: async () => {},
      publishFacts: async () => {},
      close: async () => {},
    };
    const lines: string[] = [];
    const reservations = ipamFileReservations(dataDir);
    const ctx: AgentContext = { host: nodeHost(root, localRunner()), node: nodeName('pve1'), facts, frr: frrPaths(), reload: false, log: (l) => lines.push(l), reporter: null, reservations };
    const running = runAgent(ctx, source, stop.signal);
    const ethers = join(root, 'etc/dnsmasq.d/zd/ethers');
    const ethersText = () => (existsSync(ethers) ? readFileSync(ethers, 'utf8') : null);
    try {
      assert.ok(await until(() => ethersText() === '', 5000), `no reservations yet: an empty ethers\n${lines.join('\n')}`);
      await reserve('bc:24:11:00:00:01', '192.0.2.10');
      assert.ok(await until(() => ethersText() === 'bc:24:11:00:00:01,192.0.2.10\n', 5000), `the IPAM folder appeared\n${lines.join('\n')}`);
      await reserve('bc:24:11:00:00:02', '192.0.2.11');
      assert.ok(await until(() => ethersText()?.includes('bc:24:11:00:00:02,192.0.2.11') === true, 5000), lines.join('\n'));
      assert.ok(lines.includes('DHCP reservations changed'));
      const passes = lines.filter((l) => l.startsWith('applying version')).length;
      // a read of the database (this agent's own, through the lock file) is no change
      await reservations.read();
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.equal(lines.filter((l) => l.startsWith('applying version')).length, passes, lines.join('\n'));
    } finally {
      stop.abort(new Error('test over'));
      await running;
      await server.close();
    }
  });
});
