/**
 * Concurrent edits of one subnet in a zone with the built-in IPAM: each
 * takes the subnet's intent record as its lock, on the section its plan saw,
 * so two creates cannot both add the subnet to the IPAM and the one the
 * config refuses take it out again. After every round the IPAM and the
 * config agree, whatever order the requests ran in.
 */
import { strict as assert } from 'node:assert';
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DirectoryStore } from '../../src/store/directory.js';
import { ok } from '../agent/cluster-support.js';
import { configSubnets, ipamSubnetsOf } from '../support/ipam-agreement.js';
import { makeHarness, tempDir } from './harness.js';

test('concurrent creates and deletes of one subnet leave the built-in IPAM and the config agreeing', async () => {
  const dir = tempDir('weft-subnet-races-');
  const h = await makeHarness(new DirectoryStore(dir, { exclusive: true }), dir, { ipam: true });
  // the IPAM's files, copied while the server is idle (closing the harness removes its directory)
  const ipamCopy = tempDir('weft-subnet-races-ipam-');
  let config;
  let statuses: number[] = [];
  try {
    await ok(h, 'POST', '/cluster/sdn/zones', { zone: 'z1', type: 'simple', ipam: 'pve' });
    await ok(h, 'POST', '/cluster/sdn/vnets', { vnet: 'v1', zone: 'z1' });
    for (let round = 0; round < 6; round++) {
      const create = () => h.call('POST', '/cluster/sdn/vnets/v1/subnets', { subnet: '10.7.0.0/24', type: 'subnet', gateway: '10.7.0.1' }, h.root);
      const remove = () => h.call('DELETE', '/cluster/sdn/vnets/v1/subnets/z1-10.7.0.0-24', {}, h.root);
      const answers = await Promise.all(round % 2 === 0 ? [create(), create(), create(), remove()] : [remove(), remove(), create(), create()]);
      statuses = statuses.concat(answers.map((a) => a.status));
    }
    config = configSubnets(await h.store.read());
    cpSync(join(dir, 'ipam'), join(ipamCopy, 'ipam'), { recursive: true, filter: (src) => !src.endsWith('.lock') });
  } finally {
    await h.close();
  }
  assert.deepEqual(await ipamSubnetsOf(ipamCopy), config, 'the IPAM holds the config subnets and gateways, no more');
  assert.ok(statuses.includes(200), `some edits went through (${statuses.join(' ')})`);
  rmSync(ipamCopy, { recursive: true, force: true });
});
