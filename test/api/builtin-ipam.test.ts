/**
 * The built-in IPAM `pve` is always configured, as the reference's
 * Ipams::config() makes it: listed and read with or without a section in
 * ipams.cfg, written into the file with the next IPAM edit, never created
 * twice, and still there after a DELETE (which only takes it out of the file).
 */
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { DirectoryStore } from '../../src/store/directory.js';
import { ok } from '../agent/cluster-support.js';
import { makeHarness, tempDir, tokenWith, type Harness } from './harness.js';

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');

describe("the built-in IPAM 'pve'", () => {
  let h: Harness;
  const ipamsFile = async () => (await h.store.read()).docs.get('sdn/ipams.cfg') ?? '';
  const listed = async (params: Record<string, unknown> = {}, headers = h.root) => ((await h.call('GET', '/cluster/sdn/ipams', params, headers)).body.data as Array<{ ipam: string }>).map((i) => i.ipam);

  before(async () => {
    const dir = tempDir('weft-builtin-ipam-');
    h = await makeHarness(new DirectoryStore(dir, { exclusive: true }), dir);
  });
  after(() => h.close());

  test('listed and read on a store without ipams.cfg, with the digest of the (empty) file', async () => {
    assert.equal(await ipamsFile(), '');
    assert.deepEqual(await ok(h, 'GET', '/cluster/sdn/ipams'), [{ ipam: 'pve', type: 'pve', digest: sha1('') }]);
    assert.deepEqual(await ok(h, 'GET', '/cluster/sdn/ipams/pve'), { ipam: 'pve', type: 'pve', digest: sha1('') });
    assert.deepEqual(await listed({ type: 'netbox' }), []);
    assert.deepEqual(await listed({ type: 'pve' }), ['pve']);
  });

  test('not created twice; written into ipams.cfg with the next IPAM edit', async () => {
    const again = await h.call('POST', '/cluster/sdn/ipams', { ipam: 'pve', type: 'pve' }, h.root);
    assert.equal(again.status, 500);
    assert.match(again.body.message ?? '', /sdn ipam object ID 'pve' already defined/);
    await ok(h, 'POST', '/cluster/sdn/ipams', { ipam: 'nb', type: 'netbox', url: 'https://netbox.example/api', token: 't' });
    assert.deepEqual(await listed(), ['nb', 'pve']);
    assert.match(await ipamsFile(), /^pve: pve$/m);
  });

  test('zones name it; a DELETE takes it out of the file, it stays listed', async () => {
    await ok(h, 'POST', '/cluster/sdn/zones', { zone: 'z1', type: 'simple', ipam: 'pve' });
    const used = await h.call('DELETE', '/cluster/sdn/ipams/pve', {}, h.root);
    assert.equal(used.status, 400, 'in use by a zone');
    await ok(h, 'DELETE', '/cluster/sdn/zones/z1');
    await ok(h, 'DELETE', '/cluster/sdn/ipams/pve');
    assert.doesNotMatch(await ipamsFile(), /^pve: pve$/m);
    assert.deepEqual(await listed(), ['nb', 'pve']);
  });

  test('listed only to who may see /sdn/ipams/pve', async () => {
    const other = await tokenWith(h, 'nbonly@pve', [{ path: '/sdn/ipams/nb', role: 'PVESDNAdmin' }]);
    assert.deepEqual(await listed({}, other), ['nb']);
  });
});
