/**
 * WireGuard keys through the API, on every store backend: creating an
 * internal node's interfaces generates their private keys in the private
 * store document and their public keys in fabrics.cfg; no answer ever carries
 * a private key; keys go with their interfaces (at once, or at the apply that
 * removes a running one); only an agent's token reads its node's keys.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { parseWireguardKeys } from '../../src/config/wg-keys.js';
import { wireguardPublicKey } from '../../src/model/wireguard-key.js';
import { applyAndWait, tokenWith, type Answer, type Harness } from './harness.js';

const KEYS_DOC = 'priv/sdn/wg-keys.cfg';
const EXT_KEY = 'O+Kzrochm6klMILjSKVw83xb3YyXXLpmZj9n/ICM5xE=';

const ok = (a: Answer, what: string) => assert.equal(a.status, 200, `${what}: ${a.status} ${JSON.stringify(a.body)}`);

async function storedKeys(h: Harness): Promise<Map<string, ReadonlyMap<string, string>>> {
  const text = (await h.store.read()).docs.get(KEYS_DOC) ?? '';
  const parsed = parseWireguardKeys(text);
  assert.deepEqual(parsed.issues, []);
  return new Map(parsed.keys);
}

const slots = (keys: ReadonlyMap<string, ReadonlyMap<string, string>>) => [...keys].flatMap(([node, m]) => [...m.keys()].map((i) => `${node}/${i}`)).sort();

async function node(h: Harness, id: string): Promise<{ interfaces: string[]; digest: string }> {
  const a = await h.call('GET', `/cluster/sdn/fabrics/node/wg/${id}`, {}, h.root);
  ok(a, `GET node ${id}`);
  return a.body.data as { interfaces: string[]; digest: string };
}

async function twoNodes(h: Harness): Promise<void> {
  ok(await h.call('POST', '/cluster/sdn/fabrics/fabric', { id: 'wg', protocol: 'wireguard', persistent_keepalive: 25 }, h.root), 'fabric');
  ok(await h.call('POST', '/cluster/sdn/fabrics/node/wg', { node_id: 'ext', protocol: 'wireguard', role: 'external', endpoint: '192.0.2.1:51820', public_key: EXT_KEY }, h.root), 'node ext');
  const pve1 = { node_id: 'pve1', protocol: 'wireguard', role: 'internal', endpoint: '203.0.113.10', interfaces: ['name=wg0,listen_port=51820,ip=10.1.0.1/16'] };
  ok(await h.call('POST', '/cluster/sdn/fabrics/node/wg', pve1, h.root), 'node pve1');
  const pve2 = { node_id: 'pve2', protocol: 'wireguard', role: 'internal', interfaces: ['name=wg0,listen_port=51820,ip=10.2.0.1/16'], peers: ['type=internal,node=pve1,node_iface=wg0,iface=wg0', 'type=external,node=ext,iface=wg0'] };
  ok(await h.call('POST', '/cluster/sdn/fabrics/node/wg', pve2, h.root), 'node pve2');
  ok(await h.call('PUT', '/cluster/sdn/fabrics/node/wg/pve1', { protocol: 'wireguard', peers: ['type=internal,node=pve2,node_iface=wg0,iface=wg0'] }, h.root), 'pve1 peers with pve2');
}

/** Every answer a client can get about fabrics (and the agent's config), as text. */
async function everyAnswer(h: Harness): Promise<string> {
  const gets: Array<[string, Record<string, unknown>]> = [
    ['/cluster/sdn/fabrics/all', {}],
    ['/cluster/sdn/fabrics/all', { pending: 1 }],
    ['/cluster/sdn/fabrics/all', { running: 1 }],
    ['/cluster/sdn/fabrics/node', {}],
    ['/cluster/sdn/fabrics/node/wg', { pending: 1 }],
    ['/cluster/sdn/fabrics/node/wg/pve1', {}],
    ['/cluster/sdn/fabrics/node/wg/pve2', {}],
    ['/cluster/sdn/fabrics/fabric/wg', {}],
    ['/nodes/pve1/sdn/agent/config', {}],
    ['/cluster/sdn/dry-run', { node: 'pve1' }],
    ['/cluster/sdn/dry-run', { node: 'pve2' }],
  ];
  const out: string[] = [];
  for (const [path, params] of gets) {
    const a = await h.call('GET', path, params, h.root);
    ok(a, `GET ${path}`);
    out.push(JSON.stringify(a.body));
  }
  return out.join('\n');
}

export function defineWireguardKeySuite(label: string, withHarness: (fn: (h: Harness) => Promise<void>) => Promise<void>, skip: string | false): void {
  test(`${label}: WireGuard interfaces get private keys in the store and public keys in fabrics.cfg; no answer carries a private key`, { skip }, () =>
    withHarness(async (h) => {
      await twoNodes(h);
      const keys = await storedKeys(h);
      assert.deepEqual(slots(keys), ['pve1/wg0', 'pve2/wg0']);
      const privateKeys = [...keys.values()].flatMap((m) => [...m.values()]);
      for (const id of ['pve1', 'pve2']) {
        const pub = wireguardPublicKey(keys.get(id)?.get('wg0') ?? '');
        assert.deepEqual((await node(h, id)).interfaces, [`name=wg0,listen_port=51820,public_key=${pub},ip=${id === 'pve1' ? '10.1' : '10.2'}.0.1/16`]);
      }
      const fabricsCfg = (await h.store.read()).docs.get('sdn/fabrics.cfg') ?? '';
      await applyAndWait(h);
      const answers = `${await everyAnswer(h)}\n${fabricsCfg}`;
      for (const key of privateKeys) assert.ok(!answers.includes(key), 'a private key was in an answer or in fabrics.cfg');
      // the peers' public keys are what an agent's render needs: they are in the running config
      assert.match(answers, new RegExp(wireguardPublicKey(keys.get('pve2')?.get('wg0') ?? '').replace(/[+/]/g, '\\$&')));
    }),
  );

  test(`${label}: an update keeps the keys; a read sent back is accepted, another public_key refused naming the interface`, { skip }, () =>
    withHarness(async (h) => {
      await twoNodes(h);
      const before = await storedKeys(h);
      const read = await node(h, 'pve1');
      ok(await h.call('PUT', '/cluster/sdn/fabrics/node/wg/pve1', { protocol: 'wireguard', interfaces: read.interfaces, digest: read.digest }, h.root), 'round trip');
      ok(await h.call('PUT', '/cluster/sdn/fabrics/node/wg/pve1', { protocol: 'wireguard', interfaces: ['name=wg0,listen_port=51821,ip=10.1.0.1/16'] }, h.root), 'without public_key');
      assert.deepEqual(await storedKeys(h), before);
      const docs = (await h.store.read()).docs;
      const refused = await h.call('PUT', '/cluster/sdn/fabrics/node/wg/pve1', { protocol: 'wireguard', interfaces: [`name=wg0,listen_port=51820,public_key=${EXT_KEY}`] }, h.root);
      assert.equal(refused.status, 400, JSON.stringify(refused.body));
      assert.match(refused.body.errors?.interfaces ?? '', /interface 'wg0': public_key is set by the server/);
      assert.deepEqual((await h.store.read()).docs, docs, 'nothing written');
    }),
  );

  test(`${label}: keys go with their interfaces: at once when never applied, at the apply that removes them, with a rollback`, { skip }, () =>
    withHarness(async (h) => {
      await twoNodes(h);
      const both = ['name=wg0,listen_port=51820,ip=10.1.0.1/16', 'name=wg1,listen_port=51821'];
      ok(await h.call('PUT', '/cluster/sdn/fabrics/node/wg/pve1', { protocol: 'wireguard', interfaces: both }, h.root), 'add wg1');
      assert.deepEqual(slots(await storedKeys(h)), ['pve1/wg0', 'pve1/wg1', 'pve2/wg0']);
      ok(await h.call('PUT', '/cluster/sdn/fabrics/node/wg/pve1', { protocol: 'wireguard', interfaces: [both[0]] }, h.root), 'drop wg1');
      assert.deepEqual(slots(await storedKeys(h)), ['pve1/wg0', 'pve2/wg0'], 'wg1 never ran: its key is gone');

      await applyAndWait(h);
      const applied = await storedKeys(h);
      ok(await h.call('PUT', '/cluster/sdn/fabrics/node/wg/pve2', { protocol: 'wireguard', peers: ['type=external,node=ext,iface=wg0'] }, h.root), 'pve2 drops its peer pve1');
      ok(await h.call('DELETE', '/cluster/sdn/fabrics/node/wg/pve1', {}, h.root), 'delete pve1');
      assert.deepEqual(await storedKeys(h), applied, 'pve1 still runs: its key stays until the apply');
      ok(await h.call('POST', '/cluster/sdn/rollback', {}, h.root), 'rollback');
      assert.deepEqual(await storedKeys(h), applied, 'the rollback brings pve1 back with its key');
      assert.match((await node(h, 'pve1')).interfaces[0] ?? '', new RegExp(`public_key=${wireguardPublicKey(applied.get('pve1')?.get('wg0') ?? '').replace(/[+/]/g, '\\$&')}`));

      ok(await h.call('PUT', '/cluster/sdn/fabrics/node/wg/pve1', { protocol: 'wireguard', interfaces: both }, h.root), 'add wg1 again');
      ok(await h.call('POST', '/cluster/sdn/rollback', {}, h.root), 'rollback');
      assert.deepEqual(await storedKeys(h), applied, 'a rolled-back interface loses its key');

      ok(await h.call('DELETE', '/cluster/sdn/fabrics/fabric/wg', {}, h.root), 'delete the fabric');
      assert.deepEqual(await storedKeys(h), applied);
      await applyAndWait(h);
      assert.equal((await h.store.read()).docs.get(KEYS_DOC), undefined, 'no keys left, no document');
    }),
  );

  test(`${label}: only an agent's token reads its node's keys`, { skip }, () =>
    withHarness(async (h) => {
      await twoNodes(h);
      const keys = await storedKeys(h);
      const path = '/nodes/pve1/sdn/agent/wireguard-keys';
      const agent = await tokenWith(h, 'agent1@pve', [{ path: '/sdn', role: 'PVEAuditor' }, { path: '/nodes/pve1', role: 'Administrator' }]);
      const mine = await h.call('GET', path, {}, agent);
      ok(mine, 'agent token');
      assert.deepEqual(mine.body.data, [{ name: 'wg0', key: keys.get('pve1')?.get('wg0') }]);
      assert.equal((await h.call('GET', '/nodes/pve2/sdn/agent/wireguard-keys', {}, agent)).status, 403, "another node's keys");
      const session = await h.call('GET', path, {}, h.root);
      assert.equal(session.status, 403, 'a login ticket, even root');
      assert.match(session.body.message ?? '', /not given to a login session/);
      const auditor = await tokenWith(h, 'audit@pve', [{ path: '/', role: 'PVEAuditor' }]);
      assert.equal((await h.call('GET', path, {}, auditor)).status, 403, 'no Sys.Modify on the node');
      const nodeAdmin = await tokenWith(h, 'nodeadm@pve', [{ path: '/nodes/pve1', role: 'Administrator' }]);
      assert.equal((await h.call('GET', path, {}, nodeAdmin)).status, 403, 'no SDN.Audit');
      assert.equal((await h.call('GET', path)).status, 401);
    }),
  );
}
