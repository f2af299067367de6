/**
 * One control plane on three machines, as issue 14 asks: a three-member
 * etcd cluster on loopback, three `weft server` processes on it and an
 * agent per server node (files under its --root, no reload), each agent
 * given every server (`--server A,B,C`). Under load spread over the three
 * servers — 20 concurrent writers creating VNets and 300 concurrent
 * next-free-IP allocations (IPv4 and IPv6 per NIC) — one server and one etcd
 * member are killed. Every write is acknowledged (but for one the killed
 * server made before dying: asked again, it is already there) and is there
 * afterwards, no address was handed out twice, the survivors keep
 * answering, the apply
 * task the killed server had started is ended by a survivor (it follows
 * the agents on, and the agent of the killed server's node, restarted, still
 * converges through the other servers), and every agent applies the last
 * version. A server started under a live server's node name is refused.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { answerError, callApi, type ApiAnswer, type ClientOptions } from '../../src/util/http-client.js';
import { sendHttp } from '../../src/util/http-send.js';
import { nodeFiles, writeTokenFile } from '../agent/cluster-support.js';
import { Agents } from '../support/agents.js';
import { startEtcdCluster, type EtcdCluster } from '../support/etcd-cluster.js';
import { WEFT_BIN } from '../support/paths.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { needs } from '../support/system.js';

const NODES = ['srv1', 'srv2', 'srv3'] as const;
const WRITERS = 20;
const PER_WRITER = 5;
const NICS = 300;
const IP_CONCURRENCY = 30;
const LEASE_TTL = 3;

const fingerprintOf = (s: ServerProcess): string => /certificate fingerprint (\S+)/.exec(s.output())?.[1] ?? '';
const mac = (i: number) => `bc:24:11:01:${(i >> 8).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`;

describe('three weft servers on a three-member etcd: one control plane', { skip: needs({ commands: ['etcd'] }) }, () => {
  const dir = join(tmpdir(), `weft-multi-${process.pid}`);
  let etcd: EtcdCluster;
  const servers: ServerProcess[] = [];
  const agents = new Agents();
  let token = '';
  let tokenFile = '';
  let fingerprints = '';

  /** A client of one server (`i`), or of all of them (failing over) when `i` is undefined. */
  const client = (i?: number): ClientOptions => ({ server: i === undefined ? servers.map((s) => s.url).join(',') : (servers[i] as ServerProcess).url, token, fingerprint: fingerprints });
  const call = (i: number | undefined, method: string, path: string, params: Record<string, string> = {}): Promise<ApiAnswer> => callApi(client(i), method, path, params);
  const ok = async (i: number | undefined, method: string, path: string, params: Record<string, string> = {}): Promise<unknown> => {
    const a = await call(i, method, path, params);
    assert.equal(a.status, 200, `${method} ${path}: ${answerError(a)}`);
    return a.body?.data;
  };
  const logs = () => `${servers.map((s, i) => `--- server ${NODES[i]}:\n${s.output()}`).join('\n')}\n${agents.logs()}`;

  /** Waits for a task (read through any live server) to stop; its status and log. */
  async function taskEnd(upid: string, node: string, seconds: number): Promise<{ exitstatus: string; log: string[] }> {
    const until = Date.now() + seconds * 1000;
    while (Date.now() < until) {
      const s = (await call(undefined, 'GET', `/nodes/${node}/tasks/${encodeURIComponent(upid)}/status`)).body?.data as { status?: string; exitstatus?: string } | undefined;
      if (s?.status === 'stopped') {
        const log = (await ok(undefined, 'GET', `/nodes/${node}/tasks/${encodeURIComponent(upid)}/log`, { limit: '0' })) as { t: string }[];
        return { exitstatus: s.exitstatus ?? '', log: log.map((l) => l.t) };
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.fail(`task ${upid} did not end within ${seconds} s\n${logs()}`);
  }

  before(async () => {
    mkdirSync(dir, { recursive: true });
    etcd = await startEtcdCluster(3);
    for (const node of NODES) {
      const data = join(dir, `data-${node}`);
      // root@pam is created once, by the first server: its data dir holds the password
      servers.push(await startServerProcess(data, ['--etcd', etcd.endpoints, '--node', node, '--lease-ttl', String(LEASE_TTL), '--agent-timeout', '90']));
    }
    fingerprints = servers.map(fingerprintOf).join(',');
    const login = await sendHttp({ method: 'POST', url: new URL(`${servers[0]?.url}/api2/json/access/ticket`), headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ username: 'root@pam', password: servers[0]?.password() ?? '' }).toString(), insecure: true });
    const ticket = (JSON.parse(login.text) as { data: { ticket: string; CSRFPreventionToken: string } }).data;
    const made = await sendHttp({
      method: 'POST',
      url: new URL(`${servers[1]?.url}/api2/json/access/users/root@pam/token/multi`),
      headers: { cookie: `PVEAuthCookie=${encodeURIComponent(ticket.ticket)}`, csrfpreventiontoken: ticket.CSRFPreventionToken, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'privsep=0',
      insecure: true,
    });
    const tok = (JSON.parse(made.text) as { data: { 'full-tokenid': string; value: string } }).data;
    token = `${tok['full-tokenid']}=${tok.value}`;
    tokenFile = writeTokenFile(join(dir, 'token'), tok);
  });

  after(async () => {
    await agents.stopAll();
    for (const s of servers) await s.stop();
    await etcd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The agent of `node`, given its own server first, then the others. */
  const startAgent = (i: number): void => {
    const node = NODES[i] as string;
    const f = nodeFiles(dir, node);
    const urls = [...servers.slice(i), ...servers.slice(0, i)].map((s) => s.url).join(',');
    agents.start(node, ['--server', urls, '--fingerprint', fingerprints, '--token-file', tokenFile, '--root', f.root, '--no-reload', '--facts', f.facts]);
  };

  test('a server under a live server’s node name is refused, saying what to do', () => {
    const r = spawnSync(process.execPath, [WEFT_BIN, 'server', '--data-dir', join(dir, 'data-dup'), '--listen', '127.0.0.1:0', '--etcd', etcd.endpoints, '--node', 'srv1'], { encoding: 'utf8', timeout: 60_000 });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /node name 'srv1' is held by a live weft server \(https:\/\/127\.0\.0\.1:\d+.*start this server with another name \(--node NAME\), or stop that server first/);
  });

  test('under load over three servers, killing one server and one etcd member loses nothing and hands out no address twice', async () => {
    NODES.forEach((_, i) => startAgent(i));
    await ok(0, 'POST', '/cluster/sdn/zones', { zone: 'zm', type: 'simple', ipam: 'pve' });
    await ok(1, 'POST', '/cluster/sdn/vnets', { vnet: 'vm0', zone: 'zm' });
    await ok(2, 'POST', '/cluster/sdn/vnets/vm0/subnets', { subnet: '10.60.0.0/16', type: 'subnet', gateway: '10.60.0.1' });
    await ok(0, 'POST', '/cluster/sdn/vnets/vm0/subnets', { subnet: 'fd60::/64', type: 'subnet', gateway: 'fd60::1' });
    // every agent has published its facts before the first apply, so the apply follows all three
    // (the agents' start-up lines come before that: the store is what the apply reads); each
    // node is asked of another server, since a server always lists its own node
    const missing = async (): Promise<string[]> => {
      const seen = await Promise.all(NODES.map(async (n, i) => ((await ok((i + 1) % NODES.length, 'GET', '/nodes')) as { node: string }[]).some((l) => l.node === n)));
      return NODES.filter((_, i) => !seen[i]);
    };
    for (const until = Date.now() + 60_000; (await missing()).length > 0 && Date.now() < until; ) await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(await missing(), [], logs());
    const first = (await ok(0, 'PUT', '/cluster/sdn')) as string;
    assert.equal((await taskEnd(first, 'srv1', 90)).exitstatus, 'OK', logs());

    // the apply srv3 starts waits for srv3's agent, which is down: srv3 dies while it runs
    await agents.stop('srv3');
    await ok(2, 'POST', '/cluster/sdn/vnets', { vnet: 'vlast', zone: 'zm' });
    const orphan = (await ok(2, 'PUT', '/cluster/sdn')) as string;
    assert.match(orphan, /^UPID:srv3:/);

    const acknowledged: string[] = [];
    /** writes not acknowledged: the server asked first, and the answer of the last one asked */
    const refused: { vnet: string; first: number; answer: string }[] = [];
    const allocated: { ip4: string; ip6: string }[] = [];
    let done = 0;
    let killed: Promise<void> | null = null;
    const alive = [true, true, true];
    /** one request to server `i` (another live one when it is gone); the answer, or null when no server took it */
    const send = async (i: number, method: string, path: string, params: Record<string, string>): Promise<ApiAnswer | null> => {
      const order = [i, (i + 1) % 3, (i + 2) % 3].filter((k) => alive[k]);
      for (const k of order) {
        try {
          return await call(k, method, path, params);
        } catch {
          // that server is gone: the write was never acknowledged, ask another
        }
      }
      return null;
    };
    const progress = () => {
      done++;
      // a third into the load: one server and one etcd member crash
      if (done === Math.floor((WRITERS * PER_WRITER + NICS) / 3) && !killed) {
        alive[2] = false;
        killed = Promise.all([servers[2]?.kill(), etcd.members[2]?.kill()]).then(() => undefined);
      }
    };
    const writer = async (w: number) => {
      for (let j = 0; j < PER_WRITER; j++) {
        const vnet = `w${w}n${j}`;
        const first = (w + j) % 3;
        const a = await send(first, 'POST', '/cluster/sdn/vnets', { vnet, zone: 'zm' });
        if (a?.status === 200) acknowledged.push(vnet);
        else refused.push({ vnet, first, answer: a ? `${a.status} ${answerError(a)}` : 'no server answered' });
        progress();
      }
    };
    let next = 0;
    const allocator = async () => {
      for (let i = next++; i < NICS; i = next++) {
        const a = await send(i % 3, 'POST', '/cluster/sdn/vnets/vm0/ips', { mac: mac(i) });
        assert.ok(a, `no server answered allocation ${i}`);
        assert.equal(a.status, 200, `allocation ${i}: ${answerError(a)}`);
        allocated.push(a.body?.data as { ip4: string; ip6: string });
        progress();
      }
    };
    await Promise.all([...Array.from({ length: WRITERS }, (_, w) => writer(w)), ...Array.from({ length: IP_CONCURRENCY }, () => allocator())]);
    assert.ok(killed, 'the crash happened during the load');
    await killed;

    // every allocation got an address of each version, none twice, and the IPAM holds each
    assert.equal(allocated.length, NICS);
    assert.equal(new Set(allocated.map((a) => a.ip4)).size, NICS, 'distinct IPv4 addresses');
    assert.equal(new Set(allocated.map((a) => a.ip6)).size, NICS, 'distinct IPv6 addresses');
    const status = (await ok(0, 'GET', '/cluster/sdn/ipams/pve/status')) as { ip: string; mac?: string }[];
    const recorded = new Map(status.filter((r) => r.mac).map((r) => [r.ip, r.mac]));
    for (const [i, a] of allocated.entries()) {
      assert.ok(recorded.has(a.ip4) && recorded.has(a.ip6), `allocation ${i} (${a.ip4}, ${a.ip6}) is in the IPAM`);
    }
    assert.equal(recorded.size, 2 * NICS, 'no address recorded beyond those handed out');

    // every write was acknowledged, but for one the killed server made and died before answering: asked
    // again of a survivor, it is already there; every written VNet is there, read through each survivor
    const unexplained = refused.filter((r) => r.first !== 2 || !/already defined/.test(r.answer));
    assert.deepEqual(unexplained, [], 'a write refused other than by the killed server having made it');
    for (const i of [0, 1]) {
      const vnets = new Set(((await ok(i, 'GET', '/cluster/sdn/vnets', { pending: '1' })) as { vnet: string }[]).map((v) => v.vnet));
      assert.deepEqual([...acknowledged, ...refused.map((r) => r.vnet)].filter((v) => !vnets.has(v)), [], `server ${NODES[i]} has every VNet written`);
    }

    // srv3's agent comes back (its own server is gone: it fails over); a survivor ended srv3's apply
    startAgent(2);
    const orphaned = await taskEnd(orphan, 'srv3', 120);
    assert.equal(orphaned.exitstatus, 'OK', `${orphaned.log.join('\n')}\n${logs()}`);
    assert.ok(orphaned.log.some((l) => /server srv3 stopped while this task ran; server srv[12] takes it over/.test(l)), orphaned.log.join('\n'));
    const listed = (await ok(1, 'GET', '/cluster/tasks')) as { upid: string }[];
    assert.ok(listed.some((t) => t.upid === orphan), 'the cluster task list has the killed server’s apply');

    // the last version reaches every agent
    const last = (await ok(undefined, 'PUT', '/cluster/sdn')) as string;
    const end = await taskEnd(last, /^UPID:(\w+):/.exec(last)?.[1] ?? '', 120);
    assert.equal(end.exitstatus, 'OK', `${end.log.join('\n')}\n${logs()}`);
    assert.ok(end.log.some((l) => /all 3 node\(s\) applied version \d+/.test(l)), end.log.join('\n'));
  });
});
