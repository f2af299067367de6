/**
 * Node names are branded (model/values.ts NodeName): a parameter of the
 * `pve-node` format is one once checked (api/params.ts NODE_PARAM), so is a
 * section's `pve-node` property once decoded; any other text becomes one
 * only through the same check (model/formats.ts nodeNameOf).
 */
import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { collectParams, NODE_PARAM } from '../../src/api/params.js';
import { startServer } from '../../src/api/start.js';
import type { ParamsOf } from '../../src/api/route.js';
import type { BgpController } from '../../src/controllers/bgp.js';
import type { EvpnController } from '../../src/controllers/evpn.js';
import { nodeNameOf } from '../../src/model/formats.js';
import type { NodeName } from '../../src/model/values.js';
import { decodeConfig } from '../../src/sections/decode-config.js';
import type { EvpnZone } from '../../src/zones/evpn.js';
import type { SimpleZone } from '../../src/zones/simple.js';
import { same } from '../support/same-type.js';
import { withTempDirAsync } from '../support/weft.js';
import { sectionId } from '../support/section-id.js';

const NODE_ROUTE = { node: NODE_PARAM } as const;

test('a checked node parameter and a decoded node property are node names', () => {
  same<ParamsOf<typeof NODE_ROUTE>['node'], NodeName>(true);
  same<BgpController['node'], NodeName>(true);
  // @ts-expect-error a plain string is not a node name: a check makes one
  const plain: NodeName = 'n1';
  assert.equal(plain, 'n1');

  const checked = collectParams(NODE_ROUTE, new Map([['node', 'n1']]));
  assert.deepEqual({ ...checked.params }, { node: 'n1' });
  assert.match(collectParams(NODE_ROUTE, new Map([['node', 'n_1']])).errors?.node ?? '', /not a valid node name/);

  const decoded = decodeConfig({ controllers: { ids: { b1: { type: 'bgp', asn: 65001, peers: '10.0.0.1', node: 'n1' } } } });
  assert.ok(decoded.config, decoded.issues.map((i) => i.message).join('; '));
  const bgp = decoded.config.controllers.get(sectionId('controllers', 'b1'));
  assert.equal(bgp?.type === 'bgp' ? bgp.node : undefined, 'n1');
});

test('a decoded node list is a list of node names, and one that holds no node name is refused', () => {
  same<SimpleZone['nodes'], readonly NodeName[] | undefined>(true);
  same<EvpnZone['exitnodes'], readonly NodeName[] | undefined>(true);
  same<EvpnController['nodes'], readonly NodeName[] | undefined>(true);
  const decoded = decodeConfig({ zones: { ids: { z1: { type: 'simple', nodes: 'n1, n2;n3' } } } });
  assert.ok(decoded.config, decoded.issues.map((i) => i.message).join('; '));
  assert.deepEqual(decoded.config.zones.get(sectionId('zones', 'z1'))?.nodes, ['n1', 'n2', 'n3']);
  const bad = decodeConfig({ zones: { ids: { z1: { type: 'simple', nodes: 'n1,n_2' } } } });
  assert.equal(bad.config, undefined);
  assert.match(bad.issues.map((i) => `${i.path}: ${i.message}`).join('\n'), /zones\.z1\.nodes: not a valid node name: 'n_2'/);
});

test('any other text is a node name only when the format’s check passes', () => {
  assert.equal(nodeNameOf('pve-1'), 'pve-1');
  for (const bad of ['', 'n_1', '-n1', 'n1-', 'n1.example']) assert.equal(nodeNameOf(bad), null, bad);
});

test('a server is refused a --node that is no node name, before it opens its store', async () => {
  await withTempDirAsync(async (tmp) => {
    const dataDir = join(tmp, 'data');
    await assert.rejects(startServer({ dataDir, host: '127.0.0.1', port: 0, insecureHttp: true, nodename: 'n_1' }), /--node: not a valid node name: 'n_1'/);
    assert.equal(existsSync(dataDir), false);
  });
});
