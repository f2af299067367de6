/**
 * WireGuard end to end: a fabric made through the API (keys generated in the
 * store), applied, then `weft agent --once` on each node reads its own keys
 * (from the data directory, from a Proxmox-style /etc/pve, or from the server
 * with an agent's token) and writes the same files `weft render --wg-keys`
 * makes from the store's wg-keys.cfg: the config 0600, the interfaces stanza.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { startServer } from '../../src/api/start.js';
import { DirectoryStore } from '../../src/store/directory.js';
import { applyAndWait, makeHarness, NO_AGENT_APPLIED, tempDir, tokenWith, type Harness } from '../api/harness.js';
import { weft, weftAsync, withTempDirAsync } from '../support/weft.js';
import { ok, serverAgentArgs } from './cluster-support.js';

const CONF = 'etc/wireguard/proxmox/wg0.conf';

async function wireguardFabric(h: Harness): Promise<void> {
  await ok(h, 'POST', '/cluster/sdn/fabrics/fabric', { id: 'sites', protocol: 'wireguard', persistent_keepalive: 25 });
  await ok(h, 'POST', '/cluster/sdn/fabrics/node/sites', { node_id: 'roz', protocol: 'wireguard', role: 'internal', endpoint: '203.0.113.10', allowed_ips: '10.1.0.0/16', interfaces: ['name=wg0,listen_port=51820,ip=10.1.0.1/16'] });
  await ok(h, 'POST', '/cluster/sdn/fabrics/node/sites', { node_id: 'wro', protocol: 'wireguard', role: 'internal', allowed_ips: '10.2.0.0/16', interfaces: ['name=wg0,listen_port=51820,ip=10.2.0.1/16'], peers: ['type=internal,node=roz,node_iface=wg0,iface=wg0'] });
  await ok(h, 'PUT', '/cluster/sdn/fabrics/node/sites/roz', { protocol: 'wireguard', peers: ['type=internal,node=wro,node_iface=wg0,iface=wg0'] });
  const task = await applyAndWait(h);
  // committed; the agents run once afterwards, so no node applied it yet
  assert.match(task.exitstatus ?? '', NO_AGENT_APPLIED, task.log.join('\n'));
}

/** A node's --root and --facts. */
function nodeFiles(dir: string, node: string): { root: string; facts: string } {
  const root = join(dir, `root-${node}`);
  mkdirSync(join(root, 'etc/network'), { recursive: true });
  writeFileSync(join(root, 'etc/network/interfaces'), 'auto lo\niface lo inet loopback\n\nsource /etc/network/interfaces.d/*\n');
  const facts = join(dir, `${node}.json`);
  writeFileSync(facts, JSON.stringify({ nodename: node, routeSource: null, bridgePorts: {} }));
  return { root, facts };
}

/** The agent's files equal render's from the store's section files and wg-keys.cfg. */
function assertLikeRender(data: string, dir: string, node: string, root: string, facts: string): void {
  const out = join(dir, `render-${node}`);
  const r = weft(['render', '--config-dir', join(data, 'sdn'), '--facts', facts, '--interfaces', join(root, 'etc/network/interfaces'), '--wg-keys', join(data, 'priv/sdn/wg-keys.cfg'), '--out', out]);
  assert.equal(r.status, 0, r.stderr);
  const conf = readFileSync(join(root, CONF), 'utf8');
  assert.equal(conf, readFileSync(join(out, 'wireguard/wg0.conf'), 'utf8'), `${node}: wg0.conf`);
  assert.match(conf, /^\[Interface\]\nPrivateKey = \S{44}\nListenPort = 51820\n\n\[Peer\]\n/);
  assert.equal(statSync(join(root, CONF)).mode & 0o777, 0o600);
  assert.equal(readFileSync(join(root, 'etc/network/interfaces.d/sdn'), 'utf8'), readFileSync(join(out, 'sdn'), 'utf8'), `${node}: sdn`);
}

test('agents reading the data directory write what render --wg-keys makes; a Proxmox-style /etc/pve works too', async () => {
  await withTempDirAsync(async (dir) => {
    const data = join(dir, 'data');
    const h = await makeHarness(new DirectoryStore(data), data);
    try {
      await wireguardFabric(h);
      for (const node of ['roz', 'wro']) {
        const f = nodeFiles(dir, node);
        const agent = weft(['agent', '--once', '--node', node, '--data-dir', data, '--root', f.root, '--no-reload', '--facts', f.facts]);
        assert.equal(agent.status, 0, agent.stderr);
        assert.doesNotMatch(agent.stderr, /PrivateKey|private_keys/);
        assertLikeRender(data, dir, node, f.root, f.facts);
      }

      // /etc/pve/sdn/.running-config with the keys in /etc/pve/priv/wg-keys.cfg, as the reference keeps them
      const pve = join(dir, 'pve');
      mkdirSync(join(pve, 'sdn'), { recursive: true });
      mkdirSync(join(pve, 'priv'));
      writeFileSync(join(pve, 'sdn/.running-config'), readFileSync(join(data, 'sdn/.running-config')));
      writeFileSync(join(pve, 'priv/wg-keys.cfg'), readFileSync(join(data, 'priv/sdn/wg-keys.cfg')));
      const f = nodeFiles(join(dir, 'pve-style'), 'wro');
      const agent = weft(['agent', '--once', '--node', 'wro', '--data-dir', join(pve, 'sdn'), '--root', f.root, '--no-reload', '--facts', f.facts]);
      assert.equal(agent.status, 0, agent.stderr);
      assertLikeRender(data, dir, 'wro', f.root, f.facts);
    } finally {
      await h.close();
    }
  });
});

test("an agent talking to the server gets its node's keys with its token; without Sys.Modify on the node it fails naming why", async () => {
  const dir = tempDir('weft-wg-agent-srv-');
  const data = join(dir, 'data');
  const server = await startServer({ dataDir: data, host: '127.0.0.1', port: 0, nodename: 'roz', authFailureDelayMs: 0 });
  try {
    const h = await makeHarness(server.store, data);
    await wireguardFabric(h);
    const tokenFile = async (user: string, acl: Parameters<typeof tokenWith>[2]) => {
      const header = (await tokenWith(h, user, acl)).authorization ?? '';
      const file = join(dir, `${user}.token`);
      writeFileSync(file, `${header.replace(/^PVEAPIToken=/, '')}\n`, { mode: 0o600 });
      return file;
    };
    const run = (token: string, f: { root: string; facts: string }) =>
      weftAsync(['agent', '--once', '--node', 'wro', ...serverAgentArgs(server, token, f)]);

    const f = nodeFiles(dir, 'wro');
    const agentToken = await tokenFile('agent-wro@pve', [{ path: '/sdn', role: 'PVEAuditor' }, { path: '/nodes/wro', role: 'Administrator' }]);
    const agent = await run(agentToken, f);
    assert.equal(agent.status, 0, agent.stderr);
    assertLikeRender(data, dir, 'wro', f.root, f.facts);

    const other = nodeFiles(join(dir, 'other'), 'wro');
    const wrongNode = await tokenFile('agent-roz@pve', [{ path: '/sdn', role: 'PVEAuditor' }, { path: '/nodes/roz', role: 'Administrator' }]);
    const refused = await run(wrongNode, other);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /cannot read this node's WireGuard keys: .*Permission check failed \(\/nodes\/wro, Sys\.Modify\)/);
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
