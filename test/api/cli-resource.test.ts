/** `weft get|create|set|delete` against a real HTTPS server, pinned by fingerprint. */
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { startServer } from '../../src/api/start.js';
import { WEFT_BIN } from '../support/paths.js';
import { makeHarness, tempDir } from './harness.js';

const run = (args: string[], env: Record<string, string>) =>
  promisify(execFile)(process.execPath, [WEFT_BIN, ...args], { env: { ...process.env, ...env }, encoding: 'utf8' }).then(
    (r) => ({ code: 0, out: r.stdout, err: r.stderr }),
    (e: { code?: number; stdout?: string; stderr?: string }) => ({ code: e.code ?? 1, out: e.stdout ?? '', err: e.stderr ?? '' }),
  );

test('weft create/get/set with a token and a pinned self-signed certificate', async () => {
  const dir = tempDir('weft-cli-');
  const server = await startServer({ dataDir: dir, host: '127.0.0.1', port: 0, nodename: 'node1', authFailureDelayMs: 0 });
  try {
    // a second app on the same store, only to log in and mint a token
    const h = await makeHarness(server.store, dir);
    const tok = (await h.call('POST', '/access/users/root@pam/token/cli', { privsep: 0 }, h.root)).body.data as { 'full-tokenid': string; value: string };
    await h.app.close();
    const env = { WEFT_SERVER: server.url, WEFT_TOKEN: `${tok['full-tokenid']}=${tok.value}`, WEFT_FINGERPRINT: server.tls?.fingerprint ?? '' };
    assert.equal((await run(['create', '/cluster/sdn/zones', '--zone', 'z1', '--type', 'simple'], env)).code, 0);
    const bad = await run(['create', '/cluster/sdn/vnets', '--vnet', 'v1', '--zone', 'z1', '--tag', 'abc'], env);
    assert.equal(bad.code, 1);
    assert.match(bad.err, /tag: 'abc' is not a whole number/);
    const got = await run(['get', '/cluster/sdn/zones', '--pending', '1', '--output-format', 'json'], env);
    assert.deepEqual(JSON.parse(got.out), [{ type: 'simple', state: 'new', pending: {}, zone: 'z1' }]);
    const wrongPin = await run(['get', '/cluster/sdn/zones'], { ...env, WEFT_FINGERPRINT: 'AA:BB' });
    assert.match(wrongPin.err, /does not match the pinned AA:BB/);
    const apply = await run(['set', '/cluster/sdn'], env);
    assert.match(apply.out, /^UPID:node1:/);
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
