/**
 * What an operator sees when the etcd under two `weft server`s hangs
 * (SIGSTOP, as a hung or cut-off member) longer than the node names'
 * leases, then comes back (SIGCONT): requests answer at once — `/version`
 * and a login from what the server last read, the others with an error
 * naming etcd and what to check; the agent's poll fails with that reason,
 * told once; each server tells the outage, the lost node name and the
 * recovery once, holds its name again under one lease; and the watches and
 * the IPAM copy follow changes made through the other server afterwards.
 */
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Etcd3 } from 'etcd3';
import { answerError, callApi, type ApiAnswer } from '../../src/util/http-client.js';
import { nodeFiles, writeTokenFile } from '../agent/cluster-support.js';
import { startEtcd, tempDir, type EtcdProcess } from '../api/harness.js';
import { Agents } from '../support/agents.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { needs } from '../support/system.js';

/** generous: a loaded machine is slow, and the deadlines under test are seconds */
const WAIT_S = 90;
const LEASE_TTL = 2;
const fingerprintOf = (s: ServerProcess): string => /certificate fingerprint (\S+)/.exec(s.output())?.[1] ?? '';
const count = (text: string, re: RegExp) => text.split('\n').filter((l) => re.test(l)).length;
const DOES_NOT_ANSWER = /etcd at http:\/\/127\.0\.0\.1:\d+ does not answer \(.+\): check that etcd is running, that this server reaches it and, with several members, that a majority of them is up/;

async function until(what: string, cond: () => boolean | Promise<boolean>): Promise<void> {
  for (const end = Date.now() + WAIT_S * 1000; Date.now() < end; await new Promise((r) => setTimeout(r, 200))) if (await cond()) return;
  assert.fail(`not within ${WAIT_S} s: ${what}`);
}

describe('two weft servers on an etcd that hangs, then comes back', { skip: needs({ commands: ['etcd'] }), timeout: 900_000 }, () => {
  const dir = tempDir('weft-outage-');
  let etcd: EtcdProcess;
  let a: ServerProcess;
  let b: ServerProcess;
  const agents = new Agents();
  let token = '';

  const call = (s: ServerProcess, method: string, path: string, params: Record<string, string> = {}): Promise<ApiAnswer> => callApi({ server: s.url, token, fingerprint: fingerprintOf(s) }, method, path, params);
  const ok = async (s: ServerProcess, method: string, path: string, params: Record<string, string> = {}): Promise<unknown> => {
    const answer = await call(s, method, path, params);
    assert.equal(answer.status, 200, `${method} ${path}: ${answerError(answer)}\n${logs()}`);
    return answer.body?.data;
  };
  const logs = () => `--- server srv1:\n${a?.output()}\n--- server srv2:\n${b?.output()}\n${agents.logs()}`;
  const login = (s: ServerProcess) =>
    callApi({ server: s.url, fingerprint: fingerprintOf(s) }, 'POST', '/access/ticket', { username: 'root@pam', password: a.password() });

  before(async () => {
    etcd = await startEtcd();
    const server = (node: string) => startServerProcess(join(dir, `data-${node}`), ['--etcd', etcd.url, '--node', node, '--lease-ttl', String(LEASE_TTL)]);
    a = await server('srv1');
    b = await server('srv2');
    const ticket = (await login(a)).body?.data as { ticket: string; CSRFPreventionToken: string };
    const made = await callApi({ server: a.url, fingerprint: fingerprintOf(a), ticket: { ticket: ticket.ticket, csrf: ticket.CSRFPreventionToken } }, 'POST', '/access/users/root@pam/token/outage', { privsep: '0' });
    const tok = made.body?.data as { 'full-tokenid': string; value: string };
    token = `${tok['full-tokenid']}=${tok.value}`;
    const f = nodeFiles(dir, 'srv1');
    agents.start('srv1', ['--server', a.url, '--fingerprint', fingerprintOf(a), '--token-file', writeTokenFile(join(dir, 'token'), tok), '--root', f.root, '--no-reload', '--facts', f.facts]);
    await ok(a, 'POST', '/cluster/sdn/zones', { zone: 'zo', type: 'simple', ipam: 'pve' });
    await ok(a, 'POST', '/cluster/sdn/vnets', { vnet: 'vo', zone: 'zo' });
    await ok(a, 'POST', '/cluster/sdn/vnets/vo/subnets', { subnet: '10.70.0.0/24', type: 'subnet', gateway: '10.70.0.1' });
    await ok(a, 'PUT', '/cluster/sdn');
    assert.ok(await agents.waitForLog('srv1', /version 1 applied/, WAIT_S), logs());
  });

  after(async () => {
    etcd?.resume();
    await agents.stopAll();
    await a?.stop();
    await b?.stop();
    await etcd?.stop();
  });

  test('while etcd hangs, /version and a login answer; a read and a write fail with what to check', async () => {
    etcd.pause();
    assert.deepEqual(await ok(a, 'GET', '/version'), { version: '0.1.0', release: '0.1', repoid: '00000000', product: 'weft' });
    const read = await call(a, 'GET', '/cluster/sdn/zones');
    assert.equal(read.status, 500);
    assert.match(read.body?.message ?? '', DOES_NOT_ANSWER);
    const write = await call(a, 'POST', '/cluster/sdn/vnets', { vnet: 'vlate', zone: 'zo' });
    assert.equal(write.status, 500);
    assert.match(write.body?.message ?? '', DOES_NOT_ANSWER, 'refused before it was sent: the server could not read the store');
    const loggedIn = await login(a);
    assert.equal(loggedIn.status, 200, answerError(loggedIn));
    assert.match((loggedIn.body?.data as { ticket: string }).ticket, /^PVE:root@pam:/);
    assert.equal(count(a.output(), /stopped answering/), 1, logs());
  });

  test('the agent’s poll fails with the reason, told once', async () => {
    await until('the agent tells why it gets no config', () => /cannot get the running config from https:\/\/\S+: .*etcd at http:\/\/127\.0\.0\.1:\d+ does not answer/.test(agents.log('srv1')));
  });

  test('each server loses its node name once, and holds it again under one lease once etcd answers', async () => {
    await until("srv1's lease ran out", () => /lost the claim on node name 'srv1'/.test(a.output()));
    await until("srv2's lease ran out", () => /lost the claim on node name 'srv2'/.test(b.output()));
    etcd.resume();
    for (const [s, node] of [[a, 'srv1'], [b, 'srv2']] as const) {
      await until(`${node} holds its name again`, () => s.output().includes(`holds node name '${node}' again`));
      await until(`${node} tells that etcd answers again`, () => /etcd at \S+ answers again \(it did not for \d+ s\)/.test(s.output()));
      assert.equal(count(s.output(), /lost the claim on node name/), 1, logs());
      assert.equal(count(s.output(), /etcd at \S+ stopped answering/), 1, logs());
      assert.equal(count(s.output(), /etcd at \S+ answers again \(it did not/), 1, logs());
    }
    const client = new Etcd3({ hosts: etcd.url });
    try {
      const held = JSON.parse((await client.get('/weft.servers/srv1').string()) ?? 'null') as { url?: string } | null;
      assert.equal(held?.url, a.url, "srv1's key names it");
      // leases granted while etcd hung (their answers lost) run out by themselves: one per server remains
      await until('one lease per server', async () => (await client.leaseClient.leaseLeases()).leases.length === 2);
    } finally {
      client.close();
    }
  });

  test('after the outage, changes made through the other server reach this one’s agent and IPAM copy', async () => {
    await until('the agent gets its config again', () => /answers the running config again/.test(agents.log('srv1')));
    assert.equal(count(agents.log('srv1'), /cannot get the running config/), 1, agents.logs());
    await ok(b, 'POST', '/cluster/sdn/vnets', { vnet: 'vafter', zone: 'zo' });
    const ip = (await ok(b, 'POST', '/cluster/sdn/vnets/vo/ips', { mac: 'bc:24:11:70:00:01' })) as { ip4?: string };
    await ok(b, 'PUT', '/cluster/sdn');
    assert.ok(await agents.waitForLog('srv1', /version 2 applied/, WAIT_S), logs());
    const status = (await ok(a, 'GET', '/cluster/sdn/ipams/pve/status')) as { ip: string; mac?: string }[];
    assert.ok(
      status.some((r) => r.mac === 'bc:24:11:70:00:01' && r.ip === ip.ip4),
      JSON.stringify(status),
    );
  });
});
