/**
 * A real client: Debian's python3-proxmoxer drives a real server (HTTPS
 * with its self-signed certificate, on 127.0.0.1) through the reference's
 * workflow: log in, create zone/VNet/subnet, read them pending, apply, read
 * them running, a stale digest refused, delete, apply again.
 */
import { strict as assert } from 'node:assert';
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, rmSync } from 'node:fs';
import { test } from 'node:test';
import { readRootPassword, startServer } from '../../src/api/start.js';
import { NO_AGENT_APPLIED, tempDir } from './harness.js';

const PYTHON = '/usr/bin/python3';
const hasProxmoxer = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import proxmoxer, requests'], { stdio: 'ignore' }).status === 0;
const skip = hasProxmoxer ? false : 'needs python3-proxmoxer and python3-requests under /usr/bin/python3 (apt install python3-proxmoxer python3-requests)';

const SCRIPT = String.raw`
import json, sys, time
from proxmoxer import ProxmoxAPI
from proxmoxer.core import ResourceException
port, password = sys.argv[1], sys.argv[2]
p = ProxmoxAPI('127.0.0.1', port=int(port), user='root@pam', password=password, verify_ssl=False)
out = {}
p.cluster.sdn.zones.post(zone='pz', type='simple')
p.cluster.sdn.vnets.post(vnet='pv', zone='pz')
p.cluster.sdn.vnets('pv').subnets.post(subnet='10.20.0.0/24', type='subnet', gateway='10.20.0.1')
out['pending_zone'] = p.cluster.sdn.zones.get(pending=1)
out['pending_vnet'] = p.cluster.sdn.vnets('pv').get(pending=1)
out['pending_subnets'] = p.cluster.sdn.vnets('pv').subnets.get(pending=1)
upid = p.cluster.sdn.put()
for _ in range(100):
    st = p.nodes('node1').tasks(upid).status.get()
    if st['status'] == 'stopped': break
    time.sleep(0.05)
out['task'] = st
out['running_vnets'] = p.cluster.sdn.vnets.get(running=1)
digest = p.cluster.sdn.vnets('pv').get()['digest']
p.cluster.sdn.vnets('pv').put(alias='one', digest=digest)
try:
    p.cluster.sdn.vnets('pv').put(alias='two', digest=digest)
    out['stale'] = 'accepted'
except ResourceException as e:
    out['stale'] = str(e)
p.cluster.sdn.vnets('pv').subnets('pz-10.20.0.0-24').delete()
p.cluster.sdn.vnets('pv').delete()
p.cluster.sdn.zones('pz').delete()
upid = p.cluster.sdn.put()
for _ in range(100):
    if p.nodes('node1').tasks(upid).status.get()['status'] == 'stopped': break
    time.sleep(0.05)
out['final_running'] = p.cluster.sdn.vnets.get(running=1)
print(json.dumps(out))
`;

test('proxmoxer: login, pending, apply, running, stale digest, delete, apply', { skip }, async () => {
  const dir = tempDir('weft-pmx-');
  const server = await startServer({ dataDir: dir, host: '127.0.0.1', port: 0, nodename: 'node1', authFailureDelayMs: 0 });
  try {
    const port = String((server.app.server.address() as { port: number }).port);
    // async: the server runs in this process and must keep answering
    const r = await promisify(execFile)(PYTHON, ['-c', SCRIPT, port, readRootPassword(dir)], { encoding: 'utf8', timeout: 60000 }).catch((e: { stderr?: string }) => assert.fail(e.stderr ?? String(e)));
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    assert.deepEqual(out.pending_zone, [{ type: 'simple', zone: 'pz', state: 'new', pending: {} }]);
    assert.deepEqual(out.pending_vnet, { type: 'vnet', vnet: 'pv', state: 'new', pending: { zone: 'pz' } });
    assert.equal((out.pending_subnets as { state: string }[])[0]?.state, 'new');
    // no node agent in this test: committed, and the task says no node applied it
    assert.match((out.task as { exitstatus: string }).exitstatus, NO_AGENT_APPLIED);
    assert.deepEqual(out.running_vnets, [{ type: 'vnet', zone: 'pz', vnet: 'pv' }]);
    assert.match(String(out.stale), /500.*detected modified configuration/);
    assert.deepEqual(out.final_running, []);
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
