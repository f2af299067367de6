/**
 * The node's live state through the API: the server writes a query into the
 * store, the node's `weft agent` (a real process, reading the same data
 * directory, or talking to the server with --server) answers from the node
 * and the server answers the request; no query or answer is left behind.
 * The agent runs with --root and --no-reload, so the VNet bridges do not
 * exist on this machine: each is listed without ports, as the reference
 * lists a bridge the node lacks (the ports themselves are covered by
 * test/agent/lab-live-state.test.ts in a namespace). Also: the reference's
 * checks before asking, permissions, and the errors when no agent answers;
 * a fabric's routes, neighbors and interfaces (with no FRR on this
 * machine: none; real FRR in test/agent/lab-fabric-state.test.ts).
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startServer } from '../../src/api/start.js';
import { DirectoryStore } from '../../src/store/directory.js';
import { ok, serverAgentArgs, waitForAgents, writeTokenFile } from '../agent/cluster-support.js';
import { Agents } from '../support/agents.js';
import { applyAndWait, makeHarness, tempDir, tokenWith, type Harness } from './harness.js';

const QUERY_TIMEOUT_MS = 3000;
const INTERFACES = 'auto lo\niface lo inet loopback\n\niface eth0 inet manual\n\nauto wlbr7\niface wlbr7 inet static\n\taddress 198.51.100.11/24\n\tbridge-ports none\n\nsource /etc/network/interfaces.d/*\n';

/** A node's --root (its /etc/network/interfaces) and --facts file. */
function nodeFiles(dir: string, node: string): { root: string; facts: string } {
  const root = join(dir, node);
  mkdirSync(join(root, 'etc/network'), { recursive: true });
  writeFileSync(join(root, 'etc/network/interfaces'), INTERFACES);
  const facts = join(dir, `${node}.facts.json`);
  writeFileSync(facts, JSON.stringify({ nodename: node, routeSource: { ip: '198.51.100.11', iface: 'wlbr7' } }));
  return { root, facts };
}

/** the fabrics of the running config, each with one node (its interface `wl<fabric>`) */
const FABRICS = [
  { id: 'wf1', protocol: 'openfabric', fabric: { ip_prefix: '203.0.113.0/28' }, node: 'node1', nodeParams: { ip: '203.0.113.1' } },
  { id: 'wo1', protocol: 'ospf', fabric: { ip_prefix: '203.0.113.16/28', area: '0' }, node: 'node1', nodeParams: { ip: '203.0.113.17' } },
  { id: 'wo2', protocol: 'ospf', fabric: { ip_prefix: '203.0.113.32/28', area: '1' }, node: 'node2', nodeParams: { ip: '203.0.113.33' } },
  { id: 'wb1', protocol: 'bgp', fabric: { ip_prefix: '203.0.113.48/28' }, node: 'node1', nodeParams: { ip: '203.0.113.49', role: 'internal', asn: 65001 } },
];

const queryDocs = async (h: Harness) => [...(await h.store.read()).docs.keys()].filter((k) => /^nodes\/[^/]+\/(queries|answers)\//.test(k));

describe('live state answered by the node agent reading the data directory', () => {
  let dir: string;
  let h: Harness;
  const agents = new Agents();

  before(async () => {
    dir = tempDir('weft-live-');
    const data = join(dir, 'data');
    h = await makeHarness(new DirectoryStore(data, { exclusive: true }), data, { agentTimeoutMs: 20_000, queryTimeoutMs: QUERY_TIMEOUT_MS });
    const f = nodeFiles(dir, 'node1');
    agents.start('node1', ['--data-dir', data, '--root', f.root, '--no-reload', '--facts', f.facts]);
    await waitForAgents(h, ['node1']);
    await ok(h, 'POST', '/cluster/sdn/zones', { zone: 'zl', type: 'simple' });
    for (const vnet of ['wlvn2', 'wlvn1']) await ok(h, 'POST', '/cluster/sdn/vnets', { vnet, zone: 'zl' });
    await ok(h, 'POST', '/cluster/sdn/controllers', { controller: 'ctl', type: 'evpn', asn: 65000, peers: '198.51.100.11' });
    await ok(h, 'POST', '/cluster/sdn/zones', { zone: 'zev', type: 'evpn', controller: 'ctl', 'vrf-vxlan': 10000 });
    await ok(h, 'POST', '/cluster/sdn/vnets', { vnet: 'wlev1', zone: 'zev', tag: 100 });
    await ok(h, 'POST', '/cluster/sdn/zones', { zone: 'zevf', type: 'evpn', controller: 'ctl', 'vrf-vxlan': 10001, nodes: 'node2' });
    await ok(h, 'POST', '/cluster/sdn/vnets', { vnet: 'wlevf', zone: 'zevf', tag: 101 });
    for (const f of FABRICS) {
      await ok(h, 'POST', '/cluster/sdn/fabrics/fabric', { id: f.id, protocol: f.protocol, ...f.fabric });
      await ok(h, 'POST', `/cluster/sdn/fabrics/node/${f.id}`, { node_id: f.node, protocol: f.protocol, interfaces: [`name=wl${f.id}`], ...f.nodeParams });
    }
    const task = await applyAndWait(h);
    // zone zevf names node2, which has no agent: applied on node1, a warning for node2
    assert.equal(task.exitstatus, 'WARNINGS: 1', `${task.log.join('\n')}\n${agents.logs()}`);
    assert.ok(task.log.some((l) => l.startsWith('WARN: node2: a zone names this node but no agent has ever reported from it')), task.log.join('\n'));
  });
  after(async () => {
    await agents.stopAll();
    await h?.close();
  });

  test("a zone's bridges: asked of the agent, answered from the node, nothing left in the store", async () => {
    assert.deepEqual(await ok(h, 'GET', '/nodes/node1/sdn/zones/zl/bridges'), [
      { name: 'wlvn1', vlan_filtering: null, ports: [] },
      { name: 'wlvn2', vlan_filtering: null, ports: [] },
    ]);
    assert.deepEqual(await queryDocs(h), []);
    // the node's own bridges: those of its /etc/network/interfaces
    assert.deepEqual(await ok(h, 'GET', '/nodes/node1/sdn/zones/localnetwork/bridges'), [{ name: 'wlbr7', vlan_filtering: null, ports: [] }]);
    assert.deepEqual(await queryDocs(h), []);
  });

  test("what the node cannot answer comes back as the node's error", async (t) => {
    if (existsSync('/run/frr/zebra.vty')) return t.skip('an FRR runs on this machine: the agent would get its (empty) routes');
    // no FRR on this machine: vtysh (or the mount namespace the agent runs it in) fails, the node says so
    const a = await h.call('GET', '/nodes/node1/sdn/zones/zev/ip-vrf', {}, h.root);
    assert.equal(a.status, 500);
    assert.match(a.body.message ?? '', /^node 'node1': vtysh -c 'show ip route vrf vrf_zev json' exited \d+/);
    assert.deepEqual(await queryDocs(h), []);
  });

  test("a fabric's routes, neighbors and interfaces: asked of the node's agent, none while FRR has no state of it", async (t) => {
    if (existsSync('/run/frr/zebra.vty')) return t.skip("an FRR runs on this machine: the agent would get its fabrics' state");
    // the reference's index lists two of the three
    assert.deepEqual(await ok(h, 'GET', '/nodes/node1/sdn/fabrics/wf1'), [{ subdir: 'neighbors' }, { subdir: 'routes' }]);
    // no FRR here: vtysh prints nothing, which the reference reads as no state (real FRR: test/agent/lab-fabric-state.test.ts)
    for (const fabric of ['wf1', 'wo1']) {
      for (const what of ['routes', 'neighbors', 'interfaces']) assert.deepEqual(await ok(h, 'GET', `/nodes/node1/sdn/fabrics/${fabric}/${what}`), [], `${fabric} ${what}`);
    }
    // a node not in the fabric has none of its state, as the reference answers (its agent is asked all the same)
    for (const what of ['routes', 'neighbors', 'interfaces']) assert.deepEqual(await ok(h, 'GET', `/nodes/node1/sdn/fabrics/wo2/${what}`), [], `wo2 ${what}`);
    assert.deepEqual(await queryDocs(h), []);
  });

  test("a fabric's live state: the fabric must be running, of a protocol FRR reports, on a node with an agent", async () => {
    const message = async (path: string) => {
      const a = await h.call('GET', path, {}, h.root);
      assert.equal(a.status, 500, `${path}: ${JSON.stringify(a.body)}`);
      return a.body.message;
    };
    assert.equal(await message('/nodes/node1/sdn/fabrics/nofab/routes'), "fabric 'nofab' does not exist in configuration\n");
    // created, not applied: not in the running config
    await ok(h, 'POST', '/cluster/sdn/fabrics/fabric', { id: 'wnew', protocol: 'openfabric', ip_prefix: '203.0.113.64/28' });
    assert.equal(await message('/nodes/node1/sdn/fabrics/wnew/neighbors'), "fabric 'wnew' does not exist in configuration\n");
    await ok(h, 'DELETE', '/cluster/sdn/fabrics/fabric/wnew');
    assert.equal(await message('/nodes/node1/sdn/fabrics/wb1/interfaces'), "fabric 'wb1' is a bgp fabric: routes, neighbors and interfaces are reported for openfabric and ospf fabrics\n");
    assert.equal(await message('/nodes/node7/sdn/fabrics/wf1/routes'), "no weft agent has reported from node 'node7': the node's live state comes from its agent; start 'weft agent --node node7' there\n");
    const bad = await h.call('GET', '/nodes/node1/sdn/fabrics/no_fab/routes', {}, h.root);
    assert.equal(bad.status, 400);
    assert.ok(bad.body.errors?.fabric, JSON.stringify(bad.body));
    assert.deepEqual(await queryDocs(h), []);
  });

  test("the reference's checks come before asking the node", async () => {
    const expect = async (path: string, errors: Record<string, string>) => {
      const a = await h.call('GET', path, {}, h.root);
      assert.equal(a.status, 400, `${path}: ${JSON.stringify(a.body)}`);
      assert.deepEqual(a.body.errors, errors, path);
    };
    await expect('/nodes/node1/sdn/zones/nozone/bridges', { zone: 'zone does not exist' });
    await expect('/nodes/node1/sdn/zones/nozone/ip-vrf', { zone: 'zone does not exist' });
    await expect('/nodes/node1/sdn/zones/zl/ip-vrf', { zone: 'zone is not an EVPN zone' });
    await expect('/nodes/node1/sdn/zones/zevf/ip-vrf', { zone: 'zone does not exist on node node1' });
    await expect('/nodes/node1/sdn/vnets/wlvn1/mac-vrf', { zone: 'zone zl is not an EVPN zone.' });
    await expect('/nodes/node1/sdn/vnets/wlevf/mac-vrf', { zone: 'zone zevf of vnet wlevf does not exist on node node1' });
    // created, not applied: not in the running config
    await ok(h, 'POST', '/cluster/sdn/vnets', { vnet: 'wlnew', zone: 'zev', tag: 102 });
    await expect('/nodes/node1/sdn/vnets/wlnew/mac-vrf', { vnet: 'vnet does not exist' });
    await ok(h, 'DELETE', '/cluster/sdn/vnets/wlnew');
    const missing = await h.call('GET', '/nodes/node1/sdn/vnets/novnet/mac-vrf', {}, h.root);
    assert.deepEqual([missing.status, missing.body.message], [500, "sdn vnet 'novnet' does not exist\n"]);
  });

  test('permissions: the zone, then each bridge or VNet; the agent paths need what an agent holds', async () => {
    const none = await tokenWith(h, 'nobody@pve', []);
    assert.equal((await h.call('GET', '/nodes/node1/sdn/zones/zl/bridges', {}, none)).status, 403);
    assert.equal((await h.call('GET', '/nodes/node1/sdn/zones/zev/ip-vrf', {}, none)).status, 403);
    assert.equal((await h.call('GET', '/nodes/node1/sdn/vnets/wlev1/mac-vrf', {}, none)).status, 403);
    // the zone itself, and one of its VNets: only that bridge is asked for and shown
    const one = await tokenWith(h, 'one@pve', [
      { path: '/sdn/zones/zl', role: 'PVEAuditor', propagate: false },
      { path: '/sdn/zones/zl/wlvn2', role: 'PVEAuditor' },
    ]);
    assert.deepEqual((await h.call('GET', '/nodes/node1/sdn/zones/zl/bridges', {}, one)).body.data, [{ name: 'wlvn2', vlan_filtering: null, ports: [] }]);
    const zoneOnly = await tokenWith(h, 'zone@pve', [{ path: '/sdn/zones/zl', role: 'PVEAuditor', propagate: false }]);
    assert.deepEqual((await h.call('GET', '/nodes/node1/sdn/zones/zl/bridges', {}, zoneOnly)).body.data, []);
    const localOnly = await tokenWith(h, 'local@pve', [{ path: '/sdn/zones/localnetwork', role: 'PVEAuditor', propagate: false }]);
    assert.deepEqual((await h.call('GET', '/nodes/node1/sdn/zones/localnetwork/bridges', {}, localOnly)).body.data, []);
    // a fabric's live state: SDN.Audit on the fabric
    for (const sub of ['', '/routes', '/neighbors', '/interfaces']) assert.equal((await h.call('GET', `/nodes/node1/sdn/fabrics/wf1${sub}`, {}, none)).status, 403, sub);
    const fabricOnly = await tokenWith(h, 'fabric@pve', [{ path: '/sdn/fabrics/wf1', role: 'PVEAuditor' }]);
    assert.equal((await h.call('GET', '/nodes/node1/sdn/fabrics/wf1', {}, fabricOnly)).status, 200);
    assert.equal((await h.call('GET', '/nodes/node1/sdn/fabrics/wf1/routes', {}, fabricOnly)).status, 200);
    assert.equal((await h.call('GET', '/nodes/node1/sdn/fabrics/wo1/routes', {}, fabricOnly)).status, 403);
    // an auditor reads the live state, but cannot take or answer the node's queries
    const auditor = await tokenWith(h, 'auditor@pve', [{ path: '/', role: 'PVEAuditor' }]);
    assert.equal((await h.call('GET', '/nodes/node1/sdn/zones/localnetwork/bridges', {}, auditor)).status, 200);
    assert.equal((await h.call('GET', '/nodes/node1/sdn/agent/queries', {}, auditor)).status, 403);
    assert.equal((await h.call('PUT', '/nodes/node1/sdn/agent/queries/0123abcd', { answer: '{"data":[]}' }, auditor)).status, 403);
  });

  test('a node without an agent: an error naming it and what to do, at once or after the timeout', async () => {
    const never = await h.call('GET', '/nodes/node7/sdn/zones/zl/bridges', {}, h.root);
    assert.equal(never.status, 500);
    assert.equal(never.body.message, "no weft agent has reported from node 'node7': the node's live state comes from its agent; start 'weft agent --node node7' there\n");

    await agents.stop('node1');
    // left over by a server stopped while it waited: cleared by the next question to the node
    const dead = { id: 'dead', time: Date.now() - 3_600_000, timeoutMs: 5000, ask: { kind: 'local-bridges' } };
    const leftOvers = [
      { key: 'nodes/node1/queries/dead.json', value: JSON.stringify(dead) },
      { key: 'nodes/node1/answers/dead.json', value: '{"data":[]}' },
      { key: 'nodes/node1/answers/gone.json', value: '{"data":[]}' },
    ];
    await h.store.transact(() => ({ writes: leftOvers, result: null }));
    const started = Date.now();
    const gone = await h.call('GET', '/nodes/node1/sdn/zones/zl/bridges', {}, h.root);
    const waited = Date.now() - started;
    assert.equal(gone.status, 500);
    assert.match(gone.body.message ?? '', /^node 'node1' did not answer within 3 s: its live state comes from its agent, is 'weft agent --node node1' running there; its agent last reported at \d{4}-\d\d-\d\dT[\d:.]+Z\?\n$/);
    assert.ok(waited >= QUERY_TIMEOUT_MS && waited < QUERY_TIMEOUT_MS + 2000, `waited ${waited} ms`);
    assert.deepEqual(await queryDocs(h), []);
  });
});

test("a fabric's live state before the first apply: no fabrics configured, as the reference says", async () => {
  const dir = tempDir('weft-live-nofab-');
  const h = await makeHarness(new DirectoryStore(join(dir, 'data'), { exclusive: true }), join(dir, 'data'));
  try {
    const a = await h.call('GET', '/nodes/node1/sdn/fabrics/wf1/routes', {}, h.root);
    assert.deepEqual([a.status, a.body.message], [500, 'no fabrics configured\n']);
  } finally {
    await h.close();
  }
});

test('live state answered by an agent talking to the server (--server: long poll, PUT)', async () => {
  const dir = tempDir('weft-live-srv-');
  const server = await startServer({ dataDir: join(dir, 'data'), host: '127.0.0.1', port: 0, nodename: 'node1', authFailureDelayMs: 0 });
  const agents = new Agents();
  try {
    const h = await makeHarness(server.store, join(dir, 'data'), { queryTimeoutMs: QUERY_TIMEOUT_MS });
    // the agent's token: Sys.Modify on its node, SDN.Audit on /sdn
    const agentUser = 'agent@pve';
    await ok(h, 'POST', '/access/users', { userid: agentUser });
    const tok = (await ok(h, 'POST', `/access/users/${agentUser}/token/agent`, { privsep: 0 })) as { 'full-tokenid': string; value: string };
    await ok(h, 'PUT', '/access/acl', { path: '/nodes/node2', roles: 'Administrator', users: agentUser });
    await ok(h, 'PUT', '/access/acl', { path: '/sdn', roles: 'PVEAuditor', users: agentUser });
    const f = nodeFiles(dir, 'node2');
    agents.start('node2', serverAgentArgs(server, writeTokenFile(join(dir, 'token'), tok), f));
    await waitForAgents(h, ['node2']);
    await ok(h, 'POST', '/cluster/sdn/zones', { zone: 'zs', type: 'simple' });
    await ok(h, 'POST', '/cluster/sdn/vnets', { vnet: 'wlsv1', zone: 'zs' });
    const task = await applyAndWait(h);
    assert.equal(task.exitstatus, 'OK', `${task.log.join('\n')}\n${agents.logs()}`);
    assert.deepEqual(await ok(h, 'GET', '/nodes/node2/sdn/zones/zs/bridges'), [{ name: 'wlsv1', vlan_filtering: null, ports: [] }]);
    assert.deepEqual(await ok(h, 'GET', '/nodes/node2/sdn/zones/localnetwork/bridges'), [{ name: 'wlbr7', vlan_filtering: null, ports: [] }]);
    assert.deepEqual(await queryDocs(h), []);
    assert.doesNotMatch(agents.log('node2'), /cannot receive|could not answer/, agents.logs());
    await h.app.close();
  } finally {
    await agents.stopAll();
    await server.close();
  }
});
