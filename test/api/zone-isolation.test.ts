/**
 * Zone isolation (issue 19): an SDN administrator of one zone cannot move
 * a VNet into another zone, reach another VNet's subnet through its own
 * VNet's path, or act on a VNet through an ACL on one of its VLANs.
 */
import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { nodeKeys } from '../../src/sdn/node-status.js';
import { DirectoryStore } from '../../src/store/directory.js';
import { makeHarness, tempDir, tokenWith, type Answer, type Harness } from './harness.js';

const ok = (a: Answer, what: string) => {
  assert.equal(a.status, 200, `${what}: ${a.status} ${JSON.stringify(a.body)}`);
  return a.body.data;
};

describe('zone isolation', () => {
  let h: Harness;
  let zoneA: Record<string, string>;

  before(async () => {
    const dir = tempDir('weft-zone-iso-');
    h = await makeHarness(new DirectoryStore(dir), dir);
    for (const zone of ['zA', 'zB']) ok(await h.call('POST', '/cluster/sdn/zones', { zone, type: 'simple' }, h.root), zone);
    ok(await h.call('POST', '/cluster/sdn/vnets', { vnet: 'vA1', zone: 'zA' }, h.root), 'vA1');
    ok(await h.call('POST', '/cluster/sdn/vnets', { vnet: 'vA2', zone: 'zA' }, h.root), 'vA2');
    ok(await h.call('POST', '/cluster/sdn/vnets', { vnet: 'vB1', zone: 'zB' }, h.root), 'vB1');
    ok(await h.call('POST', '/cluster/sdn/vnets/vB1/subnets', { subnet: '10.9.0.0/24', type: 'subnet' }, h.root), 'subnet of vB1');
    zoneA = await tokenWith(h, 'zadmin@pve', [{ path: '/sdn/zones/zA', role: 'PVESDNAdmin' }]);
  });
  after(() => h.close());

  const zoneOf = async (vnet: string) => ((await h.call('GET', `/cluster/sdn/vnets/${vnet}`, {}, h.root)).body.data as { zone: string }).zone;

  test('moving a VNet into a zone the caller may not allocate in is refused, nothing written', async () => {
    const moved = await h.call('PUT', '/cluster/sdn/vnets/vA2', { zone: 'zB' }, zoneA);
    assert.equal(moved.status, 403, JSON.stringify(moved.body));
    assert.match(moved.body.message ?? '', /\/sdn\/zones\/zB, SDN\.Allocate/);
    assert.equal(await zoneOf('vA2'), 'zA');
    ok(await h.call('PUT', '/cluster/sdn/vnets/vA2', { alias: 'stays' }, zoneA), 'an edit within its zone');
  });

  test('with SDN.Allocate on both zones the move is allowed', async () => {
    const both = await tokenWith(h, 'both@pve', [
      { path: '/sdn/zones/zA', role: 'PVESDNAdmin' },
      { path: '/sdn/zones/zB', role: 'PVESDNAdmin' },
    ]);
    ok(await h.call('PUT', '/cluster/sdn/vnets/vA2', { zone: 'zB' }, both), 'move');
    assert.equal(await zoneOf('vA2'), 'zB');
    assert.equal((await h.call('PUT', '/cluster/sdn/vnets/vA2', { zone: 'zA' }, zoneA)).status, 403, 'nor back from a zone it cannot touch');
  });

  test("another VNet's subnet is not reachable through one's own VNet", async () => {
    const r = await h.call('PUT', '/cluster/sdn/vnets/vA1/subnets/zB-10.9.0.0-24', { gateway: '10.9.0.1' }, zoneA);
    assert.notEqual(r.status, 200);
    const subnet = ok(await h.call('GET', '/cluster/sdn/vnets/vB1/subnets/zB-10.9.0.0-24', {}, h.root), 'subnet') as { gateway?: string };
    assert.equal(subnet.gateway, undefined, 'unchanged');
    assert.equal((await h.call('DELETE', '/cluster/sdn/vnets/vA1/subnets/zB-10.9.0.0-24', {}, zoneA)).status === 200, false);
  });

  test('an ACL on a VLAN of a VNet gives no access to the VNet itself, but SDN.Use there offers the VNet as a bridge', async () => {
    const vlan = await tokenWith(h, 'vlan@pve', [{ path: '/sdn/zones/zB/vB1/10', role: 'PVESDNAdmin' }]);
    assert.equal((await h.call('GET', '/cluster/sdn/vnets/vB1', {}, vlan)).status, 403);
    assert.equal((await h.call('DELETE', '/cluster/sdn/vnets/vB1', {}, vlan)).status, 403);
    assert.deepEqual(ok(await h.call('GET', '/cluster/sdn/vnets', {}, vlan), 'list'), []);

    // the node's bridges as a guest's NIC editor lists them (the reference's check_sdn_bridge with SDN.Use)
    await h.store.transact(() => ({ writes: [{ key: nodeKeys('node1').interfaces, value: 'auto lo\niface lo inet loopback\n' }], result: null }));
    await h.tasks.wait(ok(await h.call('PUT', '/cluster/sdn', {}, h.root), 'apply') as string);
    const bridges = async (auth: Record<string, string>) => (ok(await h.call('GET', '/nodes/node1/network', { type: 'any_bridge' }, auth), 'network') as { iface: string }[]).map((e) => e.iface);
    const vlanUser = await tokenWith(h, 'vlanuser@pve', [{ path: '/sdn/zones/zB/vB1/10', role: 'PVESDNUser' }]);
    assert.deepEqual(await bridges(vlanUser), ['vB1'], 'SDN.Use on one of its VLANs');
    const otherUser = await tokenWith(h, 'otheruser@pve', [{ path: '/sdn/zones/zA/vA1', role: 'PVESDNUser' }]);
    assert.deepEqual(await bridges(otherUser), ['vA1'], 'only the VNets it may use');
    const fromZone = await bridges(zoneA);
    assert.ok(fromZone.includes('vA1') && !fromZone.includes('vB1'), `SDN.Use propagated from its zone only: ${fromZone.join(', ')}`);
  });
});
