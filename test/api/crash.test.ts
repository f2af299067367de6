/**
 * `kill -9` of a server in the middle of applies: the store it leaves must
 * load, and show one consistent state: `.running-config` parses, and its
 * version equals `.version` (they are written in one journaled transaction),
 * and is one of the versions an apply could have produced. And in the middle
 * of subnet creates and deletes: after each restart the built-in IPAM and
 * the config agree (ipam/subnet-intents.ts).
 */
import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { test } from 'node:test';
import { ACCESS_KEYS, accessWrite, EMPTY_ACCESS, tokenSecretsWrite } from '../../src/auth/access-config.js';
import { hashTokenSecret, newAuthKey } from '../../src/auth/secrets.js';
import { callApi } from '../../src/util/http-client.js';
import { DirectoryStore } from '../../src/store/directory.js';
import { configSubnets, ipamSubnetsOf } from '../support/ipam-agreement.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { tempDir } from './harness.js';

/** A store with root@pam's token `crash` and the given section files. */
async function seed(dir: string, secret: string, files: { readonly zones: string; readonly vnets: string }): Promise<void> {
  const store = new DirectoryStore(dir);
  await store.transact(() => ({
    writes: [
      { key: ACCESS_KEYS.authkey, value: newAuthKey() },
      accessWrite({ ...EMPTY_ACCESS, users: { 'root@pam': { enable: true, expire: 0 } }, tokens: { 'root@pam!crash': { expire: 0, privsep: false } } }),
      tokenSecretsWrite({ 'root@pam!crash': hashTokenSecret(secret) }),
      { key: 'sdn/zones.cfg', value: files.zones },
      { key: 'sdn/vnets.cfg', value: files.vnets },
    ],
    result: null,
  }));
  await store.close();
}

/** `weft server` on `dir`, once it listens (a start's recovery is done by then), on a port the kernel picks; the client for root@pam's token. */
async function startWeft(dir: string, secret: string): Promise<{ server: ServerProcess; client: { server: string; token: string; insecure: boolean } }> {
  const server = await startServerProcess(dir, ['--node', 'node1']);
  return { server, client: { server: server.url, token: `root@pam!crash=${secret}`, insecure: true } };
}

test('kill -9 during applies leaves a loadable store, before or after an apply', async () => {
  for (let round = 0; round < 4; round++) {
    const dir = tempDir('weft-crash-');
    const secret = randomUUID();
    const zones = Array.from({ length: 50 }, (_, i) => `vlan: z${i}\n\tbridge vmbr0\n\n`).join('');
    const vnets = Array.from({ length: 500 }, (_, i) => `vnet: v${i}\n\tzone z${i % 50}\n\ttag ${100 + Math.floor(i / 50)}\n\n`).join('');
    await seed(dir, secret, { zones, vnets });
    const { server, client } = await startWeft(dir, secret);
    let applied = 0;
    const load = Array.from({ length: 4 }, async () => {
      for (let i = 0; i < 50; i++) {
        const a = await callApi(client, 'PUT', '/cluster/sdn', {}).catch(() => null);
        if (!a) return;
        if (a.status === 200) applied++;
      }
    });
    await new Promise((r) => setTimeout(r, 150 + round * 70));
    await server.kill();
    await Promise.all(load);

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

test('kill -9 during subnet creates and deletes, 20 times: after each restart the built-in IPAM and the config agree', async () => {
  const dir = tempDir('weft-crash-ipam-');
  const secret = randomUUID();
  await seed(dir, secret, { zones: 'simple: z1\n\tipam pve\n\n', vnets: 'vnet: v1\n\tzone z1\n\n' });
  let edits = 0;
  let recoveries = 0;
  let { server, client } = await startWeft(dir, secret);
  /** the IPAM and the config, read while the server is idle (it recovered at start and serves no request) */
  const agree = async (round: number) => {
    const store = new DirectoryStore(dir);
    const config = configSubnets(await store.read());
    await store.close();
    assert.deepEqual(await ipamSubnetsOf(dir), config, `round ${round}: the IPAM holds the config's subnets and gateways, no more`);
  };
  try {
    for (let round = 0; round < 20; round++) {
      // four clients creating and deleting subnets (each with a gateway the IPAM reserves) until the kill
      const load = Array.from({ length: 4 }, async () => {
        for (;;) {
          const k = Math.floor(Math.random() * 24);
          const a = Math.random() < 0.6
            ? await callApi(client, 'POST', '/cluster/sdn/vnets/v1/subnets', { subnet: `10.${k}.0.0/24`, type: 'subnet', gateway: `10.${k}.0.1` }).catch(() => null)
            : await callApi(client, 'DELETE', `/cluster/sdn/vnets/v1/subnets/z1-10.${k}.0.0-24`, {}).catch(() => null);
          if (!a) return;
          if (a.status === 200) edits++;
        }
      });
      await new Promise((r) => setTimeout(r, 200 + Math.random() * 800));
      await server.kill();
      await Promise.all(load);
      ({ server, client } = await startWeft(dir, secret));
      if (/taken back/.test(server.output())) recoveries++;
      await agree(round);
    }
    assert.ok(edits > 20, `the load made edits (${edits})`);
    // how many kills fell between an IPAM write and its config write (it varies): for the log
    console.log(`# ${edits} subnet edits acknowledged; ${recoveries} restart(s) took back an interrupted edit`);
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
