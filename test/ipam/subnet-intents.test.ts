/**
 * Recovery of subnet edits stopped between their IPAM and config writes, at
 * every step a kill can stop them: an intent record left in the store, the
 * built-in IPAM changed not at all, partly or wholly, the config as before.
 * After recovery the IPAM agrees with the config and the record is gone.
 */
import { strict as assert } from 'node:assert';
import { rmSync } from 'node:fs';
import { describe, test } from 'node:test';
import { ipamDbPath } from '../../src/ipam/paths.js';
import { PveIpamStore } from '../../src/ipam/pve-store.js';
import { PveIpam } from '../../src/ipam/pve.js';
import { ipamSubnetOfSection } from '../../src/ipam/sdn-deps.js';
import { intentRecord, pendingIntents, recoverSubnetIntents } from '../../src/ipam/subnet-intents.js';
import type { IpamSubnet } from '../../src/ipam/types.js';
import { parseIp, type ParsedIp } from '../../src/model/ip.js';
import { DirectoryStore } from '../../src/store/directory.js';
import { tempDir } from '../api/harness.js';
import { configSubnets, ipamSubnets } from '../support/ipam-agreement.js';

const ID = 'z1-10.7.0.0-24';
const G1 = { vnet: 'v1', gateway: '10.7.0.1' };
const G2 = { vnet: 'v1', gateway: '10.7.0.254' };
const subnetsCfg = (values: Record<string, string> | null) => (values ? `subnet: ${ID}\n\tvnet ${values.vnet}\n\tgateway ${values.gateway}\n\n` : '');
const ipamSubnet = (values: Record<string, string>): IpamSubnet => ipamSubnetOfSection(ID, new Map(Object.entries(values))) as IpamSubnet;
const ip = (text: string): ParsedIp => parseIp(text) as ParsedIp;

type Step = (pve: PveIpam) => Promise<void>;
const addSubnet: Step = (pve) => pve.addSubnet(ipamSubnet(G1));
const addGw = (values: Record<string, string>): Step => (pve) => pve.addIp(ipamSubnet(values), ip(values.gateway ?? ''), {}, true);
const delGw = (values: Record<string, string>): Step => (pve) => pve.delIp(ipamSubnet(values), ip(values.gateway ?? ''));
const delSubnet: Step = (pve) => pve.delSubnet(ipamSubnet(G1));

/**
 * The config holds `before`, the IPAM starts as `before` made it, then the
 * edit towards `after` takes `steps` of its IPAM part and the server dies.
 */
async function recovered(before: Record<string, string> | null, after: Record<string, string> | null, steps: readonly Step[]): Promise<void> {
  const dir = tempDir('weft-intents-');
  try {
    const store = new DirectoryStore(dir);
    const pveStore = new PveIpamStore({ path: ipamDbPath(dir) });
    const pve = new PveIpam(pveStore);
    if (before) for (const step of [addSubnet, addGw(before)]) await step(pve);
    const intent = intentRecord({ owner: 'node1', subnet: ID, ipam: 'pve', before, after });
    await store.transact(() => ({
      writes: [{ key: 'sdn/zones.cfg', value: 'simple: z1\n\tipam pve\n\n' }, { key: 'sdn/vnets.cfg', value: 'vnet: v1\n\tzone z1\n\n' }, { key: 'sdn/subnets.cfg', value: subnetsCfg(before) }, intent.write],
      result: null,
    }));
    for (const step of steps) await step(pve);

    const log = await recoverSubnetIntents(store, { pve }, { node: 'node1', take: () => true });
    assert.equal(log.length, 1);
    assert.match(log[0] ?? '', /taken back/);
    const snapshot = await store.read();
    assert.deepEqual(pendingIntents(snapshot), [], 'the record is gone');
    assert.deepEqual(await ipamSubnets(pve), configSubnets(snapshot));
    await pveStore.close();
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('subnet edits interrupted between the IPAM and the config', () => {
  const create: ReadonlyArray<[string, Step[]]> = [
    ['before the IPAM', []],
    ['after the subnet', [addSubnet]],
    ['after the gateway', [addSubnet, addGw(G1)]],
  ];
  for (const [when, steps] of create) test(`a create stopped ${when}: the subnet leaves the IPAM`, () => recovered(null, G1, steps));

  test('a delete stopped before the IPAM: the subnet stays, gateway reserved', () => recovered(G1, null, []));
  test('a delete stopped after the IPAM: the subnet is back, gateway reserved', () => recovered(G1, null, [delSubnet]));

  const change: ReadonlyArray<[string, Step[]]> = [
    ['before the IPAM', []],
    ['after the new gateway', [addGw(G2)]],
    ['after the old gateway was released', [addGw(G2), delGw(G1)]],
  ];
  for (const [when, steps] of change) test(`a gateway move stopped ${when}: the old gateway alone is reserved`, () => recovered(G1, G2, steps));

  test("a guest's address where the edit would have put the gateway is left alone", async () => {
    const dir = tempDir('weft-intents-');
    try {
      const store = new DirectoryStore(dir);
      const pveStore = new PveIpamStore({ path: ipamDbPath(dir) });
      const pve = new PveIpam(pveStore);
      for (const step of [addSubnet, addGw(G1)]) await step(pve);
      await pve.addIp(ipamSubnet(G1), ip(G2.gateway), { mac: 'bc:24:11:00:00:01' });
      const intent = intentRecord({ owner: 'node1', subnet: ID, ipam: 'pve', before: G1, after: G2 });
      await store.transact(() => ({ writes: [{ key: 'sdn/subnets.cfg', value: subnetsCfg(G1) }, intent.write], result: null }));
      await recoverSubnetIntents(store, { pve }, { node: 'node1', take: () => true });
      assert.equal((await pve.entry(ipamSubnet(G1), ip(G2.gateway)))?.mac, 'bc:24:11:00:00:01');
      await pveStore.close();
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
