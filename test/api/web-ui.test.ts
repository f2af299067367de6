/**
 * What the server adds for the web UI: the section kinds' schemas at
 * /sdn-schema.json, the pending count and running version at
 * /cluster/sdn/status, the built app at / (or how to build it), and every
 * other path still answered by the API's not-found.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import Fastify from 'fastify';
import { registerWebUi } from '../../src/api/web-ui.js';
import type { SdnSchema } from '../../src/model/sdn-schema.js';
import { DirectoryStore } from '../../src/store/directory.js';
import { makeHarness, tempDir } from './harness.js';

test('the schema, the status, the app and the API side by side', async () => {
  const dir = tempDir('weft-webui-api-');
  const h = await makeHarness(new DirectoryStore(join(dir, 'data'), { exclusive: true }), join(dir, 'data'));
  try {
    const schema = JSON.parse((await h.app.inject({ method: 'GET', url: '/sdn-schema.json' })).body) as SdnSchema;
    assert.deepEqual(Object.keys(schema.kinds.zones?.types ?? {}), ['simple', 'vlan', 'qinq', 'vxlan', 'evpn']);
    assert.equal(schema.kinds.vnets?.properties.tag?.type, 'integer');

    const status = async () => (await h.call('GET', '/cluster/sdn/status', {}, h.root)).body.data as { version: number; 'pending-total': number; pending: Record<string, number> };
    assert.deepEqual(await status(), { version: 0, locked: false, pending: { zones: 0, vnets: 0, subnets: 0, controllers: 0, fabrics: 0, 'prefix-lists': 0, 'route-maps': 0 }, 'pending-total': 0 });
    assert.equal((await h.call('POST', '/cluster/sdn/zones', { zone: 'z1', type: 'simple' }, h.root)).status, 200);
    assert.equal((await h.call('POST', '/cluster/sdn/vnets', { vnet: 'v1', zone: 'z1' }, h.root)).status, 200);
    assert.equal((await h.call('POST', '/cluster/sdn/ipams', { ipam: 'nb', type: 'netbox', url: 'http://127.0.0.1:1/api', token: 't' }, h.root)).status, 200);
    const pending = await status();
    assert.equal(pending['pending-total'], 2, 'IPAMs take effect at once and never count');
    assert.deepEqual([pending.pending.zones, pending.pending.vnets], [1, 1]);
    assert.equal((await h.call('PUT', '/cluster/sdn', {}, h.root)).status, 200);
    assert.deepEqual([(await status()).version, (await status())['pending-total']], [1, 0]);
    assert.equal((await h.call('GET', '/cluster/sdn/status')).status, 401, 'needs a login');

    const unknown = await h.app.inject({ method: 'GET', url: '/api2/json/nothing/here' });
    assert.equal(unknown.statusCode, 501);
  } finally {
    await h.close();
  }
});

test('pending reads of fabrics and their nodes give the pending values (what the UI marks as pending)', async () => {
  const dir = tempDir('weft-webui-api-');
  const h = await makeHarness(new DirectoryStore(join(dir, 'data'), { exclusive: true }), join(dir, 'data'));
  try {
    assert.equal((await h.call('POST', '/cluster/sdn/fabrics/fabric', { id: 'fab1', protocol: 'openfabric', ip_prefix: '10.250.0.0/24' }, h.root)).status, 200);
    assert.equal((await h.call('POST', '/cluster/sdn/fabrics/node/fab1', { node_id: 'node1', protocol: 'openfabric', ip: '10.250.0.1', interfaces: ['name=eth0'] }, h.root)).status, 200);
    const fabrics = (await h.call('GET', '/cluster/sdn/fabrics/fabric', { pending: 1 }, h.root)).body.data;
    assert.deepEqual(fabrics, [{ id: 'fab1', protocol: 'openfabric', state: 'new', pending: { ip_prefix: '10.250.0.0/24' } }]);
    const nodes = (await h.call('GET', '/cluster/sdn/fabrics/node/fab1', { pending: 1 }, h.root)).body.data;
    assert.deepEqual(nodes, [{ fabric_id: 'fab1', node_id: 'node1', protocol: 'openfabric', state: 'new', pending: { interfaces: ['name=eth0'], ip: '10.250.0.1' } }]);
  } finally {
    await h.close();
  }
});

test('without a built app, / says how to build it', async () => {
  const dir = tempDir('weft-nodist-');
  const app = Fastify();
  try {
    registerWebUi(app, join(dir, 'dist'));
    const res = await app.inject({ method: 'GET', url: '/' });
    assert.equal(res.statusCode, 503);
    assert.match(res.body, /not built .*\nBuild it with `node scripts\/ensure-built\.mjs`/);
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the built app: its files at their paths, index.html also at /, hashed assets cached for good, the rest revalidated', async () => {
  const dir = tempDir('weft-dist-');
  mkdirSync(join(dir, 'dist', 'assets'), { recursive: true });
  writeFileSync(join(dir, 'dist', 'index.html'), '<!doctype html><title>weft</title>');
  writeFileSync(join(dir, 'dist', 'assets', 'index-abc123.js'), 'console.log(1);');
  const app = Fastify();
  try {
    registerWebUi(app, join(dir, 'dist'));
    const root = await app.inject({ method: 'GET', url: '/' });
    assert.equal(root.statusCode, 200);
    assert.equal(root.body, '<!doctype html><title>weft</title>');
    assert.equal(root.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(root.headers['cache-control'], 'no-cache');
    const again = await app.inject({ method: 'GET', url: '/', headers: { 'if-none-match': String(root.headers.etag) } });
    assert.equal(again.statusCode, 304, 'a revalidation of an unchanged file');
    const js = await app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    assert.equal(js.body, 'console.log(1);');
    assert.equal(js.headers['content-type'], 'application/javascript; charset=utf-8');
    assert.equal(js.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal((await app.inject({ method: 'HEAD', url: '/index.html' })).statusCode, 200);
    assert.equal((await app.inject({ method: 'GET', url: '/assets/other.js' })).statusCode, 404, 'only the files of the build');
    assert.equal((await app.inject({ method: 'GET', url: '/assets/../../etc/passwd' })).statusCode, 404);
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
