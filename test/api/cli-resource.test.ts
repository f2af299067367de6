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

/** A server on a temp dir and the CLI's environment for it: a token of root@pam's, the pinned fingerprint. */
async function withCli(fn: (env: Record<string, string>) => Promise<void>): Promise<void> {
  const dir = tempDir('weft-cli-');
  const server = await startServer({ dataDir: dir, host: '127.0.0.1', port: 0, nodename: 'node1', authFailureDelayMs: 0 });
  try {
    // a second app on the same store, only to log in and mint a token
    const h = await makeHarness(server.store, dir);
    const tok = (await h.call('POST', '/access/users/root@pam/token/cli', { privsep: 0 }, h.root)).body.data as { 'full-tokenid': string; value: string };
    await h.app.close();
    await fn({ WEFT_SERVER: server.url, WEFT_TOKEN: `${tok['full-tokenid']}=${tok.value}`, WEFT_FINGERPRINT: server.tls?.fingerprint ?? '' });
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

test('weft create/get/set with a token and a pinned self-signed certificate', () =>
  withCli(async (env) => {
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
  }));

test("prefix lists and route map entries through Proxmox VE's paths", () =>
  withCli(async (env) => {
    const ok = async (args: string[]) => {
      const r = await run(args, env);
      assert.equal(r.code, 0, `weft ${args.join(' ')}: ${r.err}`);
      return r.out;
    };
    await ok(['create', '/cluster/sdn/prefix-lists', '--id', 'internal']);
    await ok(['create', '/cluster/sdn/prefix-lists/internal/entries', '--action', 'permit', '--prefix', '10.0.0.0/8', '--le', '24']);
    assert.deepEqual(JSON.parse(await ok(['get', '/cluster/sdn/prefix-lists/internal/entries', '--output-format', 'json'])), [{ action: 'permit', prefix: '10.0.0.0/8', le: 24, seq: 5 }]);
    await ok(['create', '/cluster/sdn/route-maps/entries', '--route-map-id', 'bgp-out', '--order', '10', '--action', 'permit', '--match', 'key=ip-address-prefix-list,value=internal']);
    await ok(['set', '/cluster/sdn/route-maps/entries/bgp-out/entry/10', '--action', 'deny']);
    const rows = JSON.parse(await ok(['get', '/cluster/sdn/route-maps/entries/bgp-out', '--output-format', 'json'])) as Record<string, unknown>[];
    assert.deepEqual(rows.map((r) => [r['route-map-id'], r.order, r.action, r.match]), [['bgp-out', 10, 'deny', ['key=ip-address-prefix-list,value=internal']]]);
    const refused = await run(['delete', '/cluster/sdn/prefix-lists/internal'], env);
    assert.equal(refused.code, 1);
    assert.match(refused.err, /still referenced by route map entry bgp-out #10/);
    await ok(['delete', '/cluster/sdn/route-maps/entries/bgp-out/entry/10']);
    await ok(['delete', '/cluster/sdn/prefix-lists/internal']);
    assert.deepEqual(JSON.parse(await ok(['get', '/cluster/sdn/route-maps', '--output-format', 'json'])), []);
  }));
