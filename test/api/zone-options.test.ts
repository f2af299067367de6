/**
 * A zone type's options through the API: what its module's rules accept is
 * taken on create and update and written to zones.cfg, what they do not is
 * refused naming the field.
 */
import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { DirectoryStore } from '../../src/store/directory.js';
import { makeHarness, tempDir, type Harness } from './harness.js';

describe('zone options through the API', () => {
  let h: Harness;
  const zonesFile = async () => (await h.store.read()).docs.get('sdn/zones.cfg') ?? '';

  before(async () => {
    const dir = tempDir('weft-zone-options-');
    h = await makeHarness(new DirectoryStore(dir), dir);
  });
  after(() => h.close());

  test('a VXLAN zone takes bridge-disable-mac-learning on create and update', async () => {
    const created = await h.call('POST', '/cluster/sdn/zones', { zone: 'zx', type: 'vxlan', peers: '10.0.0.1,10.0.0.2', 'bridge-disable-mac-learning': 1 }, h.root);
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assert.match(await zonesFile(), /^vxlan: zx\n(\t.*\n)*\tbridge-disable-mac-learning 1\n/m);
    const updated = await h.call('PUT', '/cluster/sdn/zones/zx', { 'bridge-disable-mac-learning': 0 }, h.root);
    assert.equal(updated.status, 200, JSON.stringify(updated.body));
    assert.match(await zonesFile(), /^vxlan: zx\n(\t.*\n)*\tbridge-disable-mac-learning 0\n/m);
  });

  test('a simple zone does not take it, and says so', async () => {
    const refused = await h.call('POST', '/cluster/sdn/zones', { zone: 'zs', type: 'simple', 'bridge-disable-mac-learning': 1 }, h.root);
    assert.equal(refused.status, 400);
    assert.match(JSON.stringify(refused.body.errors), /bridge-disable-mac-learning/);
  });
});
