/**
 * The one HTTP client over a pinned, kept-alive TLS connection: many requests
 * (the JSON client of the IPAM/DNS backends and the API client of the CLI and
 * agents) reuse one connection, each is checked against the pin, none warns
 * about piled-up listeners, and a wrong pin is refused.
 */
import { strict as assert } from 'node:assert';
import { createServer, type Server } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { after, before, test } from 'node:test';
import { generate } from 'selfsigned';
import { callApi } from '../../src/util/http-client.js';
import { fingerprintOf } from '../../src/api/tls.js';
import { httpJsonClient } from '../../src/util/http-json.js';

const REQUESTS = 40;
let server: Server;
let base = '';
let fingerprint = '';
const connections = new Set<Socket>();
const warnings: string[] = [];
const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);

before(async () => {
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], { keyType: 'ec', algorithm: 'sha256' });
  fingerprint = fingerprintOf(pems.cert);
  server = createServer({ cert: pems.cert, key: pems.private, keepAliveTimeout: 30_000 }, (req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ data: { path: req.url } }));
  });
  server.on('secureConnection', (s: Socket) => connections.add(s));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.on('warning', onWarning);
});

after(async () => {
  process.off('warning', onWarning);
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

test('JSON client: many sequential requests over one pinned kept-alive connection', async () => {
  connections.clear();
  const http = httpJsonClient({ fingerprint });
  for (let i = 0; i < REQUESTS; i++) {
    const answer = await http.request({ method: 'GET', url: `${base}/n/${i}`, headers: {} });
    assert.deepEqual(answer.body, { data: { path: `/n/${i}` } });
  }
  assert.equal(connections.size, 1, 'one TLS connection carried every request');
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(warnings, []);
});

test('API client: the same over its own calls, fingerprint written without colons in lower case', async () => {
  connections.clear();
  const client = { server: base, fingerprint: fingerprint.replace(/:/g, '').toLowerCase() };
  for (let i = 0; i < REQUESTS; i++) {
    const answer = await callApi(client, 'GET', `/x/${i}`, {});
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.body, { data: { path: `/api2/json/x/${i}` } });
  }
  assert.ok(connections.size <= 1, `at most one new connection (the JSON client's may be reused), got ${connections.size}`);
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(warnings, []);
});

test('a wrong pin is refused, also on a connection kept alive for the right one', async () => {
  const wrong = 'AA:BB';
  await assert.rejects(httpJsonClient({ fingerprint: wrong }).request({ method: 'GET', url: `${base}/w`, headers: {} }), /GET https:\/\/127\.0\.0\.1:\d+\/w: server certificate fingerprint [0-9A-F:]+ does not match the pinned AA:BB/);
  await assert.rejects(callApi({ server: base, fingerprint: wrong }, 'GET', '/w', {}), /does not match the pinned AA:BB/);
  // an unpinned client verifies the (self-signed) certificate against the CAs
  await assert.rejects(httpJsonClient().request({ method: 'GET', url: `${base}/ca`, headers: {} }), /self[- ]signed/);
});
