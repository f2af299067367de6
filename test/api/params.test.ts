/**
 * How requests carry parameters, as the reference's server takes them:
 * unknown parameters refused, or ignored where the reference's schema
 * allows more (fabrics); `_dc` ignored everywhere; repeated keys joined for
 * `-list` formats; path parameters repeated but not contradicted; empty
 * path segments skipped. And what must never crash or slip through:
 * prototype-named parameters (query, form, JSON) and control characters.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { DirectoryStore } from '../../src/store/directory.js';
import { makeHarness, tempDir, type Answer, type Harness } from './harness.js';

async function withHarness(fn: (h: Harness) => Promise<void>): Promise<void> {
  const dir = tempDir('weft-params-');
  const h = await makeHarness(new DirectoryStore(dir), dir);
  try {
    await fn(h);
  } finally {
    await h.close();
  }
}

/** A request exactly as given: url (under /api2/json unless absolute) and a raw body. */
async function send(h: Harness, method: string, url: string, body?: { payload: string; type: string }): Promise<Answer> {
  const res = await h.app.inject({
    method: method as 'GET',
    url: url.startsWith('/api2/') ? url : `/api2/json${url}`,
    headers: { ...h.root, ...(body ? { 'content-type': body.type } : {}) },
    ...(body ? { payload: body.payload } : {}),
  });
  return { status: res.statusCode, body: res.body ? (JSON.parse(res.body) as Answer['body']) : {} };
}
const form = (payload: string) => ({ payload, type: 'application/x-www-form-urlencoded' });
const json = (payload: string) => ({ payload, type: 'application/json' });

const ok = (a: Answer, what: string): Answer => {
  assert.equal(a.status, 200, `${what}: ${a.status} ${JSON.stringify(a.body)}`);
  return a;
};
function refused(a: Answer, param: string, what: string, reason?: RegExp): void {
  assert.equal(a.status, 400, `${what}: ${a.status} ${JSON.stringify(a.body)}`);
  const errors = a.body.errors ?? {};
  assert.ok(Object.hasOwn(errors, param), `${what}: expected an error for '${param}', got ${JSON.stringify(errors)}`);
  if (reason) assert.match(errors[param] ?? '', reason, what);
}

async function base(h: Harness): Promise<void> {
  ok(await h.call('POST', '/cluster/sdn/zones', { zone: 'z1', type: 'simple', mtu: 1400, nodes: 'node1' }, h.root), 'zone');
  ok(await h.call('POST', '/cluster/sdn/vnets', { vnet: 'v1', zone: 'z1' }, h.root), 'vnet');
  ok(await h.call('POST', '/cluster/sdn/fabrics/fabric', { id: 'f1', protocol: 'openfabric', ip_prefix: '10.10.0.0/24' }, h.root), 'fabric');
  ok(await h.call('POST', '/cluster/sdn/fabrics/node/f1', { node_id: 'node1', protocol: 'openfabric', ip: '10.10.0.1', interfaces: ['name=ens19'] }, h.root), 'fabric node');
}

const PROTOTYPE_NAMES = ['toString', 'constructor', 'hasOwnProperty', '__proto__', 'valueOf', '__defineGetter__'];

test('prototype-named parameters are parameters like any other: 400 naming them, never a crash', () =>
  withHarness(async (h) => {
    await base(h);
    const before = (await h.store.read()).docs;
    for (const name of PROTOTYPE_NAMES) {
      refused(await send(h, 'GET', `/cluster/sdn/vnets?${name}=1`), name, `GET query ${name}`, /not a parameter of this method/);
      refused(await send(h, 'GET', `/cluster/sdn/zones/z1?${name}`), name, `GET query ${name} without a value`);
      refused(await send(h, 'POST', '/cluster/sdn/vnets', form(`vnet=v2&zone=z1&${name}=1`)), name, `form ${name}`);
      refused(await send(h, 'POST', '/cluster/sdn/vnets', json(`{"vnet":"v2","zone":"z1","${name}":{}}`)), name, `JSON ${name}`);
      refused(await send(h, 'PUT', '/cluster/sdn/vnets/v1', json(`{"${name}":{"alias":"x"}}`)), name, `JSON update ${name}`);
    }
    // inside a property string, a key is checked against the format's keys only
    refused(await send(h, 'POST', '/cluster/sdn/prefix-lists', json('{"id":"pl","entries":["toString=1"]}')), 'entries', 'property string key toString', /unknown key 'toString'/);
    refused(await send(h, 'POST', '/cluster/sdn/prefix-lists', json('{"id":"pl","entries":["__proto__=1"]}')), 'entries', 'property string key __proto__', /unknown key '__proto__'/);
    assert.deepEqual((await h.store.read()).docs, before, 'nothing written');
    ok(await send(h, 'PUT', '/cluster/sdn/vnets/v1', json('{"alias":"ok"}')), 'a plain update still works');
    // values of a known parameter may be objects in JSON: a type error, not a crash
    refused(await send(h, 'PUT', '/cluster/sdn/vnets/v1', json('{"alias":{"__proto__":{"x":1}}}')), 'alias', 'an object value', /not an object/);
  }));

test('unknown parameters: refused, except by the fabric methods, whose reference schema allows more; _dc ignored everywhere', () =>
  withHarness(async (h) => {
    await base(h);
    refused(await send(h, 'GET', '/cluster/sdn/vnets/v1?pending=1&bogus=1'), 'bogus', 'a VNet read');
    refused(await send(h, 'GET', '/cluster/sdn/zones/z1?pending=1&bogus=1'), 'bogus', 'a zone read');
    // the bpg provider reads a fabric and a fabric node with pending=1, which their methods do not define
    const fabric = ok(await send(h, 'GET', '/cluster/sdn/fabrics/fabric/f1?pending=1&toString=1'), 'fabric read with pending=1').body.data as Record<string, unknown>;
    assert.equal(fabric.id, 'f1');
    const node = ok(await send(h, 'GET', '/cluster/sdn/fabrics/node/f1/node1?pending=1&__proto__=1'), 'fabric node read with pending=1').body.data as Record<string, unknown>;
    assert.equal(node.node_id, 'node1');
    ok(await send(h, 'PUT', '/cluster/sdn/fabrics/fabric/f1', json('{"protocol":"openfabric","hello_interval":5,"bogus":"x","__proto__":{"a":1}}')), 'fabric update with unknown parameters');
    const updated = ok(await send(h, 'GET', '/cluster/sdn/fabrics/fabric/f1'), 'read back').body.data as Record<string, unknown>;
    assert.equal(updated.hello_interval, 5);
    assert.equal(updated.bogus, undefined, 'an ignored parameter is not stored');
    // a known parameter is still checked on those methods
    refused(await send(h, 'PUT', '/cluster/sdn/fabrics/fabric/f1', json('{"protocol":"openfabric","hello_interval":"often"}')), 'hello_interval', 'fabric update, wrong type');

    // ExtJS adds _dc=<time> to every request
    ok(await send(h, 'GET', '/cluster/sdn/vnets?_dc=1733300000000'), 'GET with _dc');
    ok(await send(h, 'POST', '/cluster/sdn/vnets?_dc=1', form('vnet=v3&zone=z1&_dc=1733300000000')), 'POST with _dc in query and body');
    ok(await send(h, 'PUT', '/cluster/sdn/vnets/v3', json('{"alias":"x","_dc":1}')), 'PUT with _dc in JSON');
  }));

test('repeated keys: joined for -list formats (delete=mtu&delete=nodes), refused for a single value', () =>
  withHarness(async (h) => {
    await base(h);
    const zone = async () => ok(await send(h, 'GET', '/cluster/sdn/zones/z1'), 'zone read').body.data as Record<string, unknown>;
    ok(await send(h, 'PUT', '/cluster/sdn/zones/z1', form('delete=mtu&delete=nodes&ipam=pve')), 'form with repeated delete');
    let z = await zone();
    assert.equal(z.mtu, undefined);
    assert.equal(z.nodes, undefined);
    assert.equal(z.ipam, 'pve');

    ok(await send(h, 'PUT', '/cluster/sdn/zones/z1', json('{"mtu":1450,"nodes":"node1"}')), 'set again');
    ok(await send(h, 'PUT', '/cluster/sdn/zones/z1?delete=mtu&delete=nodes'), 'query with repeated delete');
    z = await zone();
    assert.equal(z.mtu, undefined);
    assert.equal(z.nodes, undefined);

    ok(await send(h, 'PUT', '/cluster/sdn/zones/z1', json('{"mtu":1450,"nodes":["node1","node2"]}')), 'a JSON list for a -list format');
    assert.equal((await zone()).nodes, 'node1,node2');
    ok(await send(h, 'PUT', '/cluster/sdn/zones/z1', json('{"delete":["mtu","nodes"]}')), 'JSON list for delete');
    z = await zone();
    assert.equal(z.mtu, undefined);
    assert.equal(z.nodes, undefined);

    refused(await send(h, 'PUT', '/cluster/sdn/zones/z1', form('mtu=1400&mtu=1450')), 'mtu', 'a repeated single value', /give one value, not a list/);
    refused(await send(h, 'PUT', '/cluster/sdn/vnets/v1', form('alias=a&alias=b')), 'alias', 'a repeated text', /not a list/);
    // `;` separates pairs too, as in the reference
    ok(await send(h, 'PUT', '/cluster/sdn/zones/z1', form('mtu=1300;nodes=node1')), 'pairs separated by ;');
    z = await zone();
    assert.equal(z.mtu, 1300);
    assert.equal(z.nodes, 'node1');
  }));

test('path parameters: may be repeated in the body or query with the same value, not another', () =>
  withHarness(async (h) => {
    await base(h);
    ok(await send(h, 'PUT', '/cluster/sdn/vnets/v1', form('vnet=v1&alias=same')), 'the same value');
    refused(await send(h, 'PUT', '/cluster/sdn/vnets/v1', form('vnet=v2&alias=other')), 'vnet', 'another value', /conflicting values/);
    refused(await send(h, 'GET', '/cluster/sdn/vnets/v1?vnet=v2'), 'vnet', 'another value in the query', /conflicting values/);
    refused(await send(h, 'DELETE', '/cluster/sdn/vnets/v1?vnet=v1&vnet=v1'), 'vnet', 'a list', /conflicting values/);
    assert.equal(((await h.call('GET', '/cluster/sdn/vnets/v1', {}, h.root)).body.data as Record<string, unknown>).alias, 'same');
  }));

test('empty path segments are skipped, as the reference router does', () =>
  withHarness(async (h) => {
    await base(h);
    for (const url of ['/api2/json//cluster/sdn/vnets', '/api2/json/cluster//sdn/vnets/', '/api2//json/cluster/sdn/vnets//', '/api2/json/cluster/sdn/vnets/v1/']) {
      const a = ok(await send(h, 'GET', url), url);
      assert.ok(a.body.data, url);
    }
    ok(await send(h, 'PUT', '/api2/json//cluster/sdn/vnets/v1/', form('alias=slashes')), 'a write through //…/');
    assert.equal(((await h.call('GET', '/cluster/sdn/vnets/v1', {}, h.root)).body.data as Record<string, unknown>).alias, 'slashes');
    const missing = await send(h, 'GET', '/api2/json//cluster/sdn/nothing/');
    assert.equal(missing.status, 501);
    assert.match(missing.body.message ?? '', /Method 'GET \/cluster\/sdn\/nothing' not implemented/);
  }));

test('control characters: 400 naming the parameter, nothing written; file contents keep their lines', () =>
  withHarness(async (h) => {
    await base(h);
    const before = (await h.store.read()).docs;
    const cases: ReadonlyArray<[string, string, string, string]> = [
      ['PUT', '/cluster/sdn/vnets/v1', 'alias', 'one\ntwo'],
      ['PUT', '/cluster/sdn/zones/z1', 'nodes', 'node1\nnode2'],
      ['POST', '/cluster/sdn/ipams', 'url', 'https://nb/api\u0000'],
      ['POST', '/cluster/sdn/dns', 'url', 'http://pdns/api\r\n'],
      ['POST', '/cluster/sdn/dns', 'key', 'sec\u0001ret'],
      ['POST', '/cluster/sdn/controllers', 'peers', '10.0.0.1\n10.0.0.2'],
      ['PUT', '/cluster/sdn/vnets/v1', 'alias', 'tab\there'],
      ['PUT', '/cluster/sdn/vnets/v1', 'alias', 'c1\u0085control'],
    ];
    const valid: Record<string, Record<string, unknown>> = {
      '/cluster/sdn/ipams': { ipam: 'nb', type: 'netbox', url: 'https://nb/api', token: 't' },
      '/cluster/sdn/dns': { dns: 'pdns', type: 'powerdns', url: 'http://pdns/api', key: 'k' },
      '/cluster/sdn/controllers': { controller: 'ctl', type: 'evpn', asn: 65000, peers: '10.0.0.1' },
    };
    for (const [method, path, param, value] of cases) {
      const params = { ...(valid[path] ?? {}), [param]: value };
      const what = `${method} ${path} ${param}=${JSON.stringify(value)}`;
      refused(await send(h, method, path, json(JSON.stringify(params))), param, `${what} (JSON)`, /control characters/);
      refused(await send(h, method, path, form(new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)])).toString())), param, `${what} (form)`, /control characters/);
    }
    refused(await send(h, 'GET', '/cluster/sdn/vnets/v1?pending=1%00'), 'pending', 'a NUL in a query value');
    refused(await send(h, 'PUT', '/cluster/sdn/vnets/v1', form('delete=alias%0Atag')), 'delete', 'a line feed in a list');
    assert.deepEqual((await h.store.read()).docs, before, 'nothing written');
  }));
