/**
 * What Proxmox VE's web GUI reads around its SDN panels: the realms of its
 * login window, the `cap` of the login answer (it reads every area, and
 * shows the datacenter's SDN panels only with `dc` Sys.Audit), the cluster's
 * task list, the datacenter options, the node's subscription and interfaces, and the
 * `network` rows of /cluster/resources (its SDN status panel lists only
 * those; the older `sdn` rows with `type=sdn`). Answers are also checked against the
 * reference's `returns` schemas when ../shared is there.
 */
import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { readRootPassword } from '../../src/api/start.js';
import { nodeKeys, statusWrite } from '../../src/sdn/node-status.js';
import { loadState, runningIds, runningVersion } from '../../src/sdn/state.js';
import { DirectoryStore } from '../../src/store/directory.js';
import { sharedSkip } from '../support/paths.js';
import { referenceReturns, shapeProblems } from '../support/returns-shape.js';
import { makeHarness, tempDir, tokenWith, type Answer, type Harness } from './harness.js';

const ok = (a: Answer, what: string) => {
  assert.equal(a.status, 200, `${what}: ${a.status} ${JSON.stringify(a.body)}`);
  return a.body.data;
};

const AREAS = ['access', 'dc', 'mapping', 'nodes', 'sdn', 'storage', 'vms'];

describe('the API around Proxmox VE GUI', () => {
  let h: Harness;

  before(async () => {
    const dir = tempDir('weft-pvegui-');
    h = await makeHarness(new DirectoryStore(dir), dir, { agentTimeoutMs: 300 });
  });
  after(() => h.close());

  /** Creates `user` with a password and the given ACL roles, logs in, returns the login answer. */
  async function loginWith(user: string, acl: ReadonlyArray<{ path: string; role: string }>): Promise<{ cap: Record<string, Record<string, number>> }> {
    ok(await h.call('POST', '/access/users', { userid: user, password: 'long-enough-secret' }, h.root), 'user');
    for (const a of acl) ok(await h.call('PUT', '/access/acl', { path: a.path, roles: a.role, users: user }, h.root), 'acl');
    return ok(await h.call('POST', '/access/ticket', { username: user, password: 'long-enough-secret' }), 'login') as { cap: Record<string, Record<string, number>> };
  }

  test('the realms are listed without a login', async () => {
    const realms = ok(await h.call('GET', '/access/domains'), 'domains') as { realm: string; type: string; comment?: string }[];
    assert.deepEqual(realms.map((r) => [r.realm, r.type]), [['pam', 'pam'], ['pve', 'pve']]);
    for (const r of realms) assert.equal(typeof r.comment, 'string');
    const index = ok(await h.call('GET', '/access', {}, h.root), 'index') as { subdir: string }[];
    assert.ok(index.some((e) => e.subdir === 'domains'));
  });

  test("the login answer leaves PVEAuthCookie to the GUI's script (its own cookie is HttpOnly and named apart); either cookie logs in", async () => {
    const login = await h.app.inject({ method: 'POST', url: '/api2/json/access/ticket', payload: `username=root&realm=pam&password=${encodeURIComponent(readRootPassword(h.dir))}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    const setCookie = [login.headers['set-cookie'] ?? []].flat().join('\n');
    assert.doesNotMatch(setCookie, /PVEAuthCookie=/, 'a browser lets no script replace an HttpOnly cookie of that name');
    assert.match(setCookie, /^WeftAuthCookie=[^;]+;.*HttpOnly/);
    const ticket = (JSON.parse(login.body) as { data: { ticket: string } }).data.ticket;
    for (const cookie of [`PVEAuthCookie=${encodeURIComponent(ticket)}`, `WeftAuthCookie=${encodeURIComponent(ticket)}`]) {
      const res = await h.app.inject({ method: 'GET', url: '/api2/json/cluster/sdn/zones', headers: { cookie } });
      assert.equal(res.statusCode, 200, cookie.slice(0, cookie.indexOf('=')));
    }
  });

  test("root@pam's cap has every area, dc with Sys.Audit and the SDN privileges", async () => {
    const login = ok(await h.call('POST', '/access/ticket', { username: 'root', realm: 'pam', password: readRootPassword(h.dir) }), 'login') as { cap: Record<string, Record<string, number>> };
    assert.deepEqual(Object.keys(login.cap).sort(), AREAS);
    assert.deepEqual(Object.keys(login.cap.dc ?? {}).sort(), ['SDN.Allocate', 'SDN.Audit', 'SDN.Use', 'Sys.Audit', 'Sys.Modify']);
    assert.equal(login.cap.sdn?.['SDN.Allocate'], 1);
    assert.equal(login.cap.sdn?.['Permissions.Modify'], 1);
    assert.equal(login.cap.nodes?.['Sys.Audit'], 1);
    assert.equal(login.cap.access?.['User.Modify'], 1);
    assert.equal(login.cap.nodes?.['SDN.Audit'], undefined, 'an area holds only its own privileges');
  });

  test('an SDN administrator on / gets dc SDN privileges; on a zone, only sdn ones', async () => {
    const onRoot = await loginWith('sdnroot@pve', [{ path: '/', role: 'PVESDNAdmin' }]);
    assert.deepEqual(Object.keys(onRoot.cap).sort(), AREAS);
    assert.deepEqual(Object.keys(onRoot.cap.dc ?? {}).sort(), ['SDN.Allocate', 'SDN.Audit', 'SDN.Use']);
    assert.deepEqual(Object.keys(onRoot.cap.sdn ?? {}).sort(), ['SDN.Allocate', 'SDN.Audit', 'SDN.Use']);

    const onZone = await loginWith('sdnzone@pve', [{ path: '/sdn/zones/z1', role: 'PVESDNAdmin' }]);
    assert.deepEqual(onZone.cap.dc, {});
    assert.deepEqual(Object.keys(onZone.cap.sdn ?? {}).sort(), ['SDN.Allocate', 'SDN.Audit', 'SDN.Use'], 'privileges anywhere below /sdn count');
    assert.deepEqual(onZone.cap.nodes, {});

    const admin = await loginWith('admin@pve', [{ path: '/', role: 'PVEAdmin' }]);
    assert.equal(admin.cap.dc?.['Sys.Audit'], 1);
    assert.equal(admin.cap.dc?.['Sys.Modify'], undefined, 'PVEAdmin has no Sys.Modify');
    assert.equal(admin.cap.sdn?.['SDN.Allocate'], 1);
  });

  test('the task list: a running task with its pid, a finished one with its end and exit status; without Sys.Audit on / only your own', async () => {
    // a task that runs until the test lets it finish
    let finish = () => {};
    const upid = h.tasks.start('reloadnetworkall', '', 'root@pam', () => new Promise<void>((resolve) => (finish = resolve)));
    type Task = { upid: string; pid?: number; endtime?: number; status?: string; user: string; node: string; type: string };
    const find = async (auth: Record<string, string>) => (ok(await h.call('GET', '/cluster/tasks', {}, auth), 'tasks') as Task[]).find((t) => t.upid === upid);
    const running = await find(h.root);
    assert.ok(running, 'the task is listed');
    assert.equal(typeof running.pid, 'number');
    assert.equal(running.endtime, undefined);
    assert.equal(running.status, undefined);
    assert.deepEqual([running.user, running.node, running.type], ['root@pam', 'node1', 'reloadnetworkall']);
    finish();
    await h.tasks.wait(upid);
    const done = await find(h.root);
    assert.equal(done?.pid, undefined, 'a finished task has no pid (the GUI shows a spinner for one with a pid)');
    assert.equal(typeof done?.endtime, 'number');
    assert.equal(done?.status, 'OK');

    const other = await tokenWith(h, 'tasker@pve', [{ path: '/sdn', role: 'PVESDNAdmin' }]);
    assert.equal(await find(other), undefined, "root's task is not listed for a user without Sys.Audit on /");
    const own = ok(await h.call('PUT', '/cluster/sdn', {}, other), 'apply by the token') as string;
    const listed = ok(await h.call('GET', '/cluster/tasks', {}, other), 'tasks') as Task[];
    assert.deepEqual(listed.map((t) => t.upid), [own]);
    assert.deepEqual([listed[0]?.user, (listed[0] as { tokenid?: string } | undefined)?.tokenid], ['tasker@pve', 't1'], 'a token is split into user and tokenid');
    await h.tasks.wait(own);
  });

  test('datacenter options and the subscription (none), for any node name the GUI uses', async () => {
    assert.deepEqual(ok(await h.call('GET', '/cluster/options', {}, h.root), 'options'), { 'allowed-tags': [] });
    for (const node of ['localhost', 'node1']) {
      const sub = ok(await h.call('GET', `/nodes/${node}/subscription`, {}, h.root), 'subscription') as { status: string; message: string };
      assert.equal(sub.status, 'notfound');
      assert.equal(sub.message, 'There is no subscription key');
    }
    assert.equal((await h.call('GET', '/cluster/options')).status, 401);
    const index = ok(await h.call('GET', '/cluster', {}, h.root), 'index') as { name: string }[];
    assert.deepEqual(index.map((e) => e.name), ['options', 'resources', 'sdn', 'tasks']);
  });

  test('/cluster/resources: network rows for zones, fabrics and localnetwork, the older sdn rows with type=sdn, states from the agent', async () => {
    ok(await h.call('POST', '/cluster/sdn/zones', { zone: 'zres', type: 'simple' }, h.root), 'zone');
    ok(await h.call('POST', '/cluster/sdn/zones', { zone: 'zelse', type: 'simple', nodes: 'node2' }, h.root), 'zone on another node');
    ok(await h.call('POST', '/cluster/sdn/fabrics/fabric', { id: 'fres', protocol: 'openfabric', ip_prefix: '10.250.0.0/24' }, h.root), 'fabric');
    ok(await h.call('POST', '/cluster/sdn/fabrics/node/fres', { node_id: 'node1', protocol: 'openfabric', ip: '10.250.0.1', interfaces: ['name=eth0'] }, h.root), 'fabric node');
    await h.tasks.wait(ok(await h.call('PUT', '/cluster/sdn', {}, h.root), 'apply') as string);
    type Row = Record<string, unknown> & { id: string };
    const rows = async (params: Record<string, string> = {}, auth = h.root) => ok(await h.call('GET', '/cluster/resources', params, auth), 'resources') as Row[];
    const byId = (list: Row[]) => new Map(list.map((r) => [r.id, r]));

    const before = byId(await rows());
    assert.deepEqual(before.get('network/node1/zone/zres'), { id: 'network/node1/zone/zres', type: 'network', 'network-type': 'zone', network: 'zres', node: 'node1', status: 'pending', 'zone-type': 'simple' });
    assert.deepEqual(before.get('network/node1/fabric/fres'), { id: 'network/node1/fabric/fres', type: 'network', 'network-type': 'fabric', network: 'fres', node: 'node1', protocol: 'openfabric', status: 'not ok' });

    // the node's agent reports the running version applied
    const version = runningVersion(loadState(await h.store.read()));
    const report = { node: 'node1', version, state: 'applied' as const, applied: version, time: 1, zones: { zres: { status: 'available' as const } }, vnets: {}, checks: [], changed: [], reloaded: [] };
    await h.store.transact(() => ({ writes: [statusWrite(report)], result: null }));
    const all = await rows();
    const ids = all.map((r) => r.id);
    assert.deepEqual(byId(all).get('network/node1/zone/localnetwork'), { id: 'network/node1/zone/localnetwork', type: 'network', 'network-type': 'zone', network: 'localnetwork', node: 'node1', status: 'ok' });
    assert.equal(byId(all).get('network/node1/zone/zres')?.status, 'available');
    assert.equal(byId(all).get('network/node1/fabric/fres')?.status, 'ok');
    assert.ok(!all.some((r) => r.type === 'sdn'), 'no sdn rows besides the network rows of the same node (the GUI would list each zone twice)');
    assert.deepEqual(await rows({ type: 'sdn' }), [{ id: 'sdn/node1/zres', type: 'sdn', sdn: 'zres', node: 'node1', status: 'available', 'zone-type': 'simple' }], 'type=sdn: the older rows');
    assert.ok(ids.includes('node/node1'));
    assert.ok(!ids.some((id) => id.includes('zelse')), 'a zone limited to another node is not on node1');
    // the reference's order: nodes, localnetwork, then per node its fabrics before its zones
    assert.ok(ids.indexOf('node/node1') < ids.indexOf('network/node1/zone/localnetwork'));
    assert.ok(ids.indexOf('network/node1/zone/localnetwork') < ids.indexOf('network/node1/fabric/fres') && ids.indexOf('network/node1/fabric/fres') < ids.indexOf('network/node1/zone/zres'));

    assert.deepEqual((await rows({ type: 'node' })).map((r) => r.id), ['node/node1']);
    assert.equal((await h.call('GET', '/cluster/resources', { type: 'network' }, h.root)).status, 400, "the reference's type enum has no 'network'");

    const auditor = await tokenWith(h, 'resaudit@pve', [{ path: '/sdn/zones/zres', role: 'PVEAuditor' }]);
    assert.deepEqual((await rows({}, auditor)).map((r) => r.id).sort(), ['network/node1/zone/zres', 'node/node1'], 'only what the caller may audit');
    assert.deepEqual((await rows({ type: 'sdn' }, auditor)).map((r) => r.id), ['sdn/node1/zres']);
    const fabricReader = await tokenWith(h, 'fabaudit@pve', [{ path: '/sdn/fabrics/fres', role: 'PVESDNAdmin' }]);
    assert.deepEqual((await rows({}, fabricReader)).map((r) => r.id).sort(), ['network/node1/fabric/fres', 'node/node1']);
  });

  test("/nodes/{node}/network: the interfaces the node's agent published, typed and filtered as the reference lists them", async () => {
    const interfaces = [
      'auto lo', 'iface lo inet loopback', '',
      'iface eth0 inet manual', '', 'iface eth1 inet manual', '',
      'auto bond0', 'iface bond0 inet manual', '\tbond-slaves eth1', '\tbond-mode active-backup', '',
      'auto vmbr0', 'iface vmbr0 inet static', '\taddress 192.0.2.10/24', '\tgateway 192.0.2.1', '\tbridge-ports eth0', '\tbridge-stp off', '',
      'iface vmbr0 inet6 static', '\taddress 2001:db8::10/64', '',
      'auto vmbr1', 'iface vmbr1 inet manual', '\tbridge-ports bond0', '\tbridge-vlan-aware yes', '\tmtu 9000', '',
      'iface bond0.20 inet manual', '', 'source /etc/network/interfaces.d/*', '',
    ].join('\n');
    await h.store.transact(() => ({ writes: [{ key: nodeKeys('node1').interfaces, value: interfaces }], result: null }));
    ok(await h.call('POST', '/cluster/sdn/zones', { zone: 'znet', type: 'simple' }, h.root), 'zone');
    ok(await h.call('POST', '/cluster/sdn/vnets', { vnet: 'vnnet', zone: 'znet', alias: 'guests' }, h.root), 'vnet');
    await h.tasks.wait(ok(await h.call('PUT', '/cluster/sdn', {}, h.root), 'apply') as string);
    type Entry = { iface: string; type: string } & Record<string, unknown>;
    const list = async (params: Record<string, string> = {}, node = 'node1', auth = h.root) => ok(await h.call('GET', `/nodes/${node}/network`, params, auth), 'network') as Entry[];

    const all = await list();
    assert.deepEqual(all.map((e) => [e.iface, e.type]), [['eth0', 'eth'], ['eth1', 'eth'], ['bond0', 'bond'], ['vmbr0', 'bridge'], ['vmbr1', 'bridge'], ['bond0.20', 'vlan']]);
    const vmbr0 = all.find((e) => e.iface === 'vmbr0');
    assert.deepEqual(
      { ...vmbr0, priority: undefined },
      { iface: 'vmbr0', type: 'bridge', priority: undefined, autostart: 1, address: '192.0.2.10', netmask: '24', cidr: '192.0.2.10/24', gateway: '192.0.2.1', address6: '2001:db8::10', netmask6: '64', cidr6: '2001:db8::10/64', bridge_ports: 'eth0', bridge_vlan_aware: 0 },
    );
    assert.equal(all.find((e) => e.iface === 'vmbr1')?.bridge_vlan_aware, 1);
    assert.equal(all.find((e) => e.iface === 'vmbr1')?.mtu, 9000);

    assert.deepEqual((await list({ type: 'any_local_bridge' })).map((e) => e.iface), ['vmbr0', 'vmbr1']);
    assert.deepEqual((await list({ type: 'bond' })).map((e) => e.iface), ['bond0']);
    const withVnets = await list({ type: 'any_bridge' });
    assert.deepEqual(withVnets.map((e) => e.iface), ['vmbr0', 'vmbr1', 'vnnet']);
    assert.deepEqual(withVnets[2], { iface: 'vnnet', type: 'vnet', active: 1, ipam: 0, vlanaware: 0, comments: 'guests' });
    assert.deepEqual((await list({ type: 'vnet' })).map((e) => e.iface), ['vnnet']);
    assert.deepEqual((await list({}, 'localhost')).map((e) => e.iface), all.map((e) => e.iface), "'localhost' is the server's node");

    const missing = await h.call('GET', '/nodes/node9/network', {}, h.root);
    assert.equal(missing.status, 500, 'the reference answers a refusal with 500');
    assert.match(missing.body.message ?? '', /node 'node9' has not published its \/etc\/network\/interfaces/);

    const bridgeUser = await tokenWith(h, 'bridgeuser@pve', [{ path: '/sdn/zones/localnetwork/vmbr0', role: 'PVESDNUser' }]);
    assert.deepEqual((await list({ type: 'any_bridge' }, 'node1', bridgeUser)).map((e) => e.iface), ['vmbr0'], 'bridges and VNets only where the caller may see or use them');
    assert.deepEqual((await list({}, 'node1', bridgeUser)).map((e) => e.iface), ['eth0', 'eth1', 'bond0', 'vmbr0', 'bond0.20']);
  });

  test("a zone as the GUI's form sends it (empty nodes, dns, reversedns) is stored without them and runs on every node", async () => {
    const form = { payload: 'zone=zform&type=simple&nodes=&ipam=pve&dns=&reversedns=', contentType: 'application/x-www-form-urlencoded' };
    ok(await h.call('POST', '/cluster/sdn/zones', {}, h.root, form), 'create');
    assert.deepEqual(ok(await h.call('GET', '/cluster/sdn/zones/zform', { pending: 1 }, h.root), 'pending'), { zone: 'zform', type: 'simple', state: 'new', pending: { ipam: 'pve' } });
    await h.tasks.wait(ok(await h.call('PUT', '/cluster/sdn', {}, h.root), 'apply') as string);
    assert.deepEqual(runningIds(loadState(await h.store.read()), 'zones').zform, { type: 'simple', ipam: 'pve' });
    const rows = ok(await h.call('GET', '/cluster/resources', {}, h.root), 'resources') as { id: string }[];
    assert.ok(rows.some((r) => r.id === 'network/node1/zone/zform'), 'deployed on the node');
  });

  test("answers match the reference's returns schemas", { skip: sharedSkip('api') }, async () => {
    const resources = ok(await h.call('GET', '/cluster/resources', {}, h.root), 'resources') as { type: string }[];
    assert.ok(resources.some((r) => r.type === 'network'), 'network rows are there to check');
    const sdn = ok(await h.call('GET', '/cluster/resources', { type: 'sdn' }, h.root), 'resources') as { type: string }[];
    assert.ok(sdn.length > 0, 'sdn rows are there to check');
    for (const answer of [resources, sdn]) assert.deepEqual(shapeProblems(answer, referenceReturns('pve-access-tasks-api.json', '/cluster/resources', 'GET')), []);
    const login = ok(await h.call('POST', '/access/ticket', { username: 'root@pam', password: readRootPassword(h.dir) }), 'login');
    assert.deepEqual(shapeProblems(login, referenceReturns('pve-access-tasks-api.json', '/access/ticket', 'POST')), []);
    const tasks = ok(await h.call('GET', '/nodes/node1/tasks', {}, h.root), 'node tasks');
    assert.deepEqual(shapeProblems(tasks, referenceReturns('pve-access-tasks-api.json', '/nodes/{node}/tasks', 'GET')), []);
  });
});
