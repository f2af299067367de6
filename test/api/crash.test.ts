/**
 * `kill -9` of a server in the middle of applies: the store it leaves must
 * load, and show one consistent state: `.running-config` parses, and its
 * version equals `.version` (they are written in one journaled transaction),
 * and is one of the versions an apply could have produced.
 */
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { ACCESS_KEYS, accessWrite, EMPTY_ACCESS, tokenSecretsWrite } from '../../src/auth/access-config.js';
import { hashTokenSecret, newAuthKey } from '../../src/auth/secrets.js';
import { callApi } from '../../src/cli/http-client.js';
import { DirectoryStore } from '../../src/store/directory.js';
import { WEFT_BIN } from '../support/paths.js';
import { tempDir } from './harness.js';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function seed(dir: string, secret: string): Promise<void> {
  const store = new DirectoryStore(dir);
  const zones = Array.from({ length: 50 }, (_, i) => `zone: z${i}\n\tbridge vmbr0\n\n`).join('').replace(/zone: /g, 'vlan: ');
  const vnets = Array.from({ length: 500 }, (_, i) => `vnet: v${i}\n\tzone z${i % 50}\n\ttag ${100 + Math.floor(i / 50)}\n\n`).join('');
  await store.transact(() => ({
    writes: [
      { key: ACCESS_KEYS.authkey, value: newAuthKey() },
      accessWrite({ ...EMPTY_ACCESS, users: { 'root@pam': { enable: true, expire: 0 } }, tokens: { 'root@pam!crash': { expire: 0, privsep: false } } }),
      tokenSecretsWrite({ 'root@pam!crash': hashTokenSecret(secret) }),
      { key: 'sdn/zones.cfg', value: zones },
      { key: 'sdn/vnets.cfg', value: vnets },
    ],
    result: null,
  }));
  await store.close();
}

test('kill -9 during applies leaves a loadable store, before or after an apply', async () => {
  for (let round = 0; round < 4; round++) {
    const dir = tempDir('weft-crash-');
    const secret = randomUUID();
    await seed(dir, secret);
    const port = await freePort();
    const child = spawn(process.execPath, [WEFT_BIN, 'server', '--data-dir', dir, '--listen', `127.0.0.1:${port}`, '--node', 'node1'], { stdio: ['ignore', 'pipe', 'pipe'] });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => d.toString().includes('listening on') && resolve());
      child.once('exit', (code) => reject(new Error(`server exited early (${code})`)));
    });
    const client = { server: `https://127.0.0.1:${port}`, token: `root@pam!crash=${secret}`, insecure: true };
    let applied = 0;
    const load = Array.from({ length: 4 }, async () => {
      for (let i = 0; i < 50; i++) {
        const a = await callApi(client, 'PUT', '/cluster/sdn', {}).catch(() => null);
        if (!a) return;
        if (a.status === 200) applied++;
      }
    });
    await new Promise((r) => setTimeout(r, 150 + round * 70));
    child.kill('SIGKILL');
    await Promise.all(load);
    await new Promise((r) => child.once('exit', r));

    const store = new DirectoryStore(dir); // replays a journal left by the crash
    const docs = (await store.read()).docs;
    await store.close();
    const running = docs.get('sdn/.running-config');
    if (running !== undefined) {
      const version = (JSON.parse(running) as { version: number }).version;
      assert.equal(String(version), docs.get('sdn/.version')?.trim(), 'running config and .version agree');
      assert.ok(version >= applied && version <= applied + 4, `version ${version} after ${applied} acknowledged applies`);
      assert.equal(Object.keys((JSON.parse(running) as { vnets: { ids: object } }).vnets.ids).length, 500);
    } else {
      assert.equal(applied, 0, 'an acknowledged apply is durable');
    }
    rmSync(dir, { recursive: true, force: true });
  }
});
