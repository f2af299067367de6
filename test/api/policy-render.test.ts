/**
 * A prefix list and route map entries made through Proxmox VE's API
 * (`POST /cluster/sdn/prefix-lists/{id}/entries`, `POST
 * /cluster/sdn/route-maps/entries`) render into the node's frr.conf: the
 * files the API wrote, with an EVPN controller calling the maps, give FRR's
 * `ip prefix-list` and `route-map` blocks; Debian's FRR accepts the file
 * when it is installed.
 */
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { EMPTY_INTERFACES } from '../../src/config/interfaces.js';
import { renderNode } from '../../src/render/node-files.js';
import { DirectoryStore } from '../../src/store/directory.js';
import { vtyshDryRun } from '../support/frr.js';
import { cfg, decodeFiles } from '../support/sdn-dir.js';
import { hasCommand } from '../support/system.js';
import { makeHarness, tempDir } from './harness.js';
import { nodeName } from '../support/node-name.js';

/** An EVPN controller calling the maps on what it receives and sends. */
const CONTROLLER = {
  'controllers.cfg': cfg(`
    evpn: ctl
      asn 65000
      peers 198.51.100.11,198.51.100.12
      route-map-in lprefa
      route-map-out lprefb
  `),
  'zones.cfg': cfg(`
    evpn: zone1
      controller ctl
      vrf-vxlan 10000
      mac 02:00:5e:00:53:01
  `),
};

/** The node's frr.conf from the files the API wrote. */
async function renderedFrr(): Promise<string> {
  const dir = tempDir('weft-policy-render-');
  const h = await makeHarness(new DirectoryStore(dir), dir);
  let files: Map<string, string>;
  try {
    const ok = async (path: string, params: Record<string, unknown>) => assert.equal((await h.call('POST', path, params, h.root)).status, 200, path);
    await ok('/cluster/sdn/prefix-lists', { id: 'from-fabric' });
    await ok('/cluster/sdn/prefix-lists/from-fabric/entries', { action: 'permit', prefix: '10.0.0.0/8', ge: 16, le: 24 });
    await ok('/cluster/sdn/prefix-lists/from-fabric/entries', { action: 'deny', prefix: '0.0.0.0/0', le: 32, seq: 100 });
    await ok('/cluster/sdn/route-maps/entries', { 'route-map-id': 'lprefa', order: 10, action: 'permit', match: ['key=ip-address-prefix-list,value=from-fabric'], set: ['key=local-preference,value=200'] });
    await ok('/cluster/sdn/route-maps/entries', { 'route-map-id': 'lprefa', order: 20, action: 'deny' });
    await ok('/cluster/sdn/route-maps/entries', { 'route-map-id': 'lprefb', order: 10, action: 'permit', set: ['key=local-preference,value=50'], 'exit-action': 'key=on-match-next' });
    files = new Map((await h.store.read()).docs);
  } finally {
    await h.close();
  }
  const r = decodeFiles({ ...CONTROLLER, 'prefix-lists.cfg': files.get('sdn/prefix-lists.cfg') ?? '', 'route-maps.cfg': files.get('sdn/route-maps.cfg') ?? '' });
  assert.ok(r.config, r.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
  const out = renderNode({ config: r.config, facts: { nodename: nodeName('node1'), routeSource: { ip: '198.51.100.11', iface: 'vmbr0' }, bridgePorts: {} }, interfaces: EMPTY_INTERFACES });
  const frr = out.frr ?? '';
  for (const block of [
    'ip prefix-list from-fabric seq 5 permit 10.0.0.0/8 le 24 ge 16\nip prefix-list from-fabric seq 100 deny 0.0.0.0/0 le 32\n',
    'route-map MAP_VTEP_IN permit 1\n call lprefa\nexit\n',
    'route-map lprefa permit 10\n match ip address prefix-list from-fabric\n set local-preference 200\nexit\n!\nroute-map lprefa deny 20\nexit\n',
    'route-map lprefb permit 10\n set local-preference 50\n on-match next\nexit\n',
  ]) {
    assert.ok(frr.includes(block), `${block}\nnot in:\n${frr}`);
  }
  return frr;
}

test('entries made through the API render as FRR prefix lists and route maps', async () => {
  await renderedFrr();
});

test("Debian's FRR accepts the rendered file", { skip: hasCommand('vtysh') ? false : 'vtysh (FRR) is not installed' }, async () => {
  const file = join(tempDir('weft-policy-frr-'), 'frr.conf');
  writeFileSync(file, await renderedFrr());
  assert.deepEqual(vtyshDryRun(file).problems, []);
});
