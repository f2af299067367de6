/**
 * One hung member of a three-member etcd (SIGSTOP): the cluster keeps its
 * quorum, so a `weft server` given every member goes on answering — a call
 * the hung member does not answer is asked of another — keeps its node
 * name, and tells no outage; a change made while the member hung is there
 * once it answers again.
 */
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { answerError, callApi, type ApiAnswer, type ClientOptions } from '../../src/util/http-client.js';
import { tempDir } from '../api/harness.js';
import { startEtcdCluster, type EtcdCluster } from '../support/etcd-cluster.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { needs } from '../support/system.js';

const fingerprintOf = (s: ServerProcess): string => /certificate fingerprint (\S+)/.exec(s.output())?.[1] ?? '';

describe('a weft server on a three-member etcd, one member hung', { skip: needs({ commands: ['etcd'] }), timeout: 600_000 }, () => {
  const dir = tempDir('weft-member-hung-');
  let etcd: EtcdCluster;
  let server: ServerProcess;
  let client: ClientOptions;

  const ok = async (method: string, path: string, params: Record<string, string> = {}): Promise<unknown> => {
    const answer: ApiAnswer = await callApi(client, method, path, params);
    assert.equal(answer.status, 200, `${method} ${path}: ${answerError(answer)}\n${server.output()}`);
    return answer.body?.data;
  };

  before(async () => {
    etcd = await startEtcdCluster(3);
    // the default lease TTL (10 s): a hung leader costs an election, during which no keepalive is answered
    server = await startServerProcess(join(dir, 'data'), ['--etcd', etcd.endpoints, '--node', 'srv1']);
    const login = await callApi({ server: server.url, fingerprint: fingerprintOf(server) }, 'POST', '/access/ticket', { username: 'root@pam', password: server.password() });
    const ticket = login.body?.data as { ticket: string; CSRFPreventionToken: string };
    client = { server: server.url, fingerprint: fingerprintOf(server), ticket: { ticket: ticket.ticket, csrf: ticket.CSRFPreventionToken } };
    await ok('POST', '/cluster/sdn/zones', { zone: 'zh', type: 'simple' });
  });

  after(async () => {
    await server?.stop();
    await etcd?.stop();
  });

  test('requests answer, the node name is kept and no outage is told; the changes are there after', async () => {
    const hung = etcd.members[0];
    assert.ok(hung);
    hung.pause();
    const made: string[] = [];
    try {
      // more calls than members, each asked of a member at random: some meet the hung one
      for (let i = 0; i < 8; i++) {
        await ok('POST', '/cluster/sdn/vnets', { vnet: `hung${i}`, zone: 'zh' });
        made.push(`hung${i}`);
        const listed = ((await ok('GET', '/cluster/sdn/vnets', { pending: '1' })) as { vnet: string }[]).map((v) => v.vnet);
        assert.ok(listed.includes(`hung${i}`), listed.join(' '));
      }
    } finally {
      hung.resume();
    }
    assert.doesNotMatch(server.output(), /stopped answering|lost the claim/);
    const listed = ((await ok('GET', '/cluster/sdn/vnets', { pending: '1' })) as { vnet: string }[]).map((v) => v.vnet);
    assert.deepEqual(made.filter((v) => !listed.includes(v)), []);
  });
});
