/**
 * The API's path router (src/api/router.ts): fixed segments before
 * parameters with a way back when the fixed path has no such route, empty
 * segments skipped, parameters percent-decoded, methods apart.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { pathSegments, PathRouter } from '../../src/api/router.js';

function router(): PathRouter<string> {
  const r = new PathRouter<string>();
  for (const key of [
    'GET /',
    'GET /cluster/sdn/vnets',
    'POST /cluster/sdn/vnets',
    'GET /cluster/sdn/vnets/{vnet}',
    'DELETE /cluster/sdn/vnets/{vnet}',
    'GET /cluster/sdn/vnets/{vnet}/subnets/{subnet}',
    'GET /cluster/sdn/vnets/ips',
    'PUT /cluster/sdn/vnets/{vnet}/ips',
    'GET /nodes/{node}/tasks/{upid}/status',
  ]) {
    const [method = '', path = ''] = key.split(' ');
    r.add(method, path, key);
  }
  return r;
}

const find = (r: PathRouter<string>, method: string, path: string) => r.find(method, pathSegments(path));

test('a path finds its route and its parameters; another method or a longer path finds none', () => {
  const r = router();
  assert.deepEqual(find(r, 'GET', '/'), { value: 'GET /', params: {} });
  assert.deepEqual(find(r, 'POST', '/cluster/sdn/vnets'), { value: 'POST /cluster/sdn/vnets', params: {} });
  assert.deepEqual(find(r, 'GET', '/cluster/sdn/vnets/v1/subnets/z-10.0.0.0-24'), { value: 'GET /cluster/sdn/vnets/{vnet}/subnets/{subnet}', params: { vnet: 'v1', subnet: 'z-10.0.0.0-24' } });
  assert.deepEqual(find(r, 'GET', '/nodes/n1/tasks/UPID:n1:1/status'), { value: 'GET /nodes/{node}/tasks/{upid}/status', params: { node: 'n1', upid: 'UPID:n1:1' } });
  assert.equal(find(r, 'PUT', '/cluster/sdn/vnets'), null);
  assert.equal(find(r, 'GET', '/cluster/sdn/vnets/v1/subnets'), null);
  assert.equal(find(r, 'GET', '/cluster/sdn/vnets/v1/x/y'), null);
  assert.equal(find(r, 'GET', '/cluster/sdn'), null);
});

test('a fixed segment wins over a parameter, and the parameter is tried when the fixed path has no route', () => {
  const r = router();
  assert.deepEqual(find(r, 'GET', '/cluster/sdn/vnets/ips'), { value: 'GET /cluster/sdn/vnets/ips', params: {} });
  // no DELETE under the fixed `ips`: the VNet named ips
  assert.deepEqual(find(r, 'DELETE', '/cluster/sdn/vnets/ips'), { value: 'DELETE /cluster/sdn/vnets/{vnet}', params: { vnet: 'ips' } });
  assert.deepEqual(find(r, 'PUT', '/cluster/sdn/vnets/ips/ips'), { value: 'PUT /cluster/sdn/vnets/{vnet}/ips', params: { vnet: 'ips' } });
});

test('empty segments are skipped as the reference router skips them', () => {
  const r = router();
  assert.deepEqual(find(r, 'GET', '//cluster//sdn/vnets/'), { value: 'GET /cluster/sdn/vnets', params: {} });
  assert.deepEqual(find(r, 'GET', '/cluster/sdn/vnets//v1/'), { value: 'GET /cluster/sdn/vnets/{vnet}', params: { vnet: 'v1' } });
});

test('segments are percent-decoded: an encoded slash stays in its parameter; malformed encoding finds nothing', () => {
  const r = router();
  assert.deepEqual(find(r, 'GET', '/cluster/sdn/vnets/a%2Fb%20c'), { value: 'GET /cluster/sdn/vnets/{vnet}', params: { vnet: 'a/b c' } });
  assert.deepEqual(find(r, 'GET', '/cluster/sdn/%76nets'), { value: 'GET /cluster/sdn/vnets', params: {} });
  assert.equal(find(r, 'GET', '/cluster/sdn/vnets/%zz'), null);
});

test('a method and path given twice is refused', () => {
  const r = router();
  assert.throws(() => r.add('GET', '/cluster/sdn/vnets/{other}', 'again'), /GET \/cluster\/sdn\/vnets\/\{other\} added twice/);
});
