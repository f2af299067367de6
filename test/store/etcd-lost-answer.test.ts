/**
 * A commit whose answer is lost (the etcd member committed it, then the
 * connection died): the client library sends it again, and its compare
 * fails on its own first commit. The store, the IPAM and the task board
 * see that it landed, and neither run it again nor report a conflict.
 */
import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { EtcdIpamState } from '../../src/ipam/etcd-ipam-state.js';
import { PveIpam } from '../../src/ipam/pve.js';
import { ipamSubnetOfSection } from '../../src/ipam/sdn-deps.js';
import type { IpamSubnet } from '../../src/ipam/types.js';
import { EtcdStore } from '../../src/store/etcd.js';
import { etcdTaskBoard } from '../../src/tasks/task-board.js';
import type { TaskRecord } from '../../src/tasks/tasks.js';
import { startEtcd, type EtcdProcess } from '../api/harness.js';
import { startAnswerCutter, type AnswerCutter } from '../support/answer-cutter.js';
import { needs } from '../support/system.js';

describe('etcd: a commit whose answer is lost', { skip: needs({ commands: ['etcd'] }) }, () => {
  let etcd: EtcdProcess;
  let cutter: AnswerCutter;
  const stores: EtcdStore[] = [];
  let n = 0;
  /** a store reaching etcd through the cutter, and one reaching it directly (another server), on a fresh prefix */
  const pair = (): [EtcdStore, EtcdStore] => {
    const prefix = `/lost-answer-${n++}/`;
    const made: [EtcdStore, EtcdStore] = [new EtcdStore({ url: cutter.url, prefix }), new EtcdStore({ url: etcd.url, prefix })];
    stores.push(...made);
    return made;
  };

  before(async () => {
    etcd = await startEtcd();
    cutter = await startAnswerCutter(etcd.url);
  });
  after(async () => {
    for (const s of stores) await s.close();
    await cutter?.close();
    await etcd?.stop();
  });

  test('a config write lands once: its transaction runs once and resolves', async () => {
    const [store, other] = pair();
    await store.transact(() => ({ writes: [{ key: 'sdn/zones.cfg', value: 'simple: z1\n\n' }], result: null }));
    const cutsBefore = cutter.cuts;
    cutter.cutAnswerTo('vnet: lostans');
    let runs = 0;
    const result = await store.transact((snap) => {
      runs++;
      if (snap.docs.get('sdn/vnets.cfg')?.includes('lostans')) throw new Error('the VNet is already defined: the transaction ran again after its commit');
      return { writes: [{ key: 'sdn/vnets.cfg', value: 'vnet: lostans\n\tzone z1\n\n' }], result: 'made' };
    });
    assert.equal(cutter.cuts, cutsBefore + 1, 'the answer was cut');
    assert.equal(result, 'made');
    assert.equal(runs, 1, 'the transaction ran once');
    assert.equal((await other.read()).docs.get('sdn/vnets.cfg'), 'vnet: lostans\n\tzone z1\n\n');
  });

  test('an IPAM allocation lands once: the address answered is the one recorded, and no other is taken', async () => {
    const [store, other] = pair();
    const ipam = new PveIpam(new EtcdIpamState(store.beside('ipam')));
    const otherIpam = new PveIpam(new EtcdIpamState(other.beside('ipam')));
    try {
      const subnet = ipamSubnetOfSection('z1-10.9.0.0-24', new Map([['vnet', 'v1']])) as IpamSubnet;
      await ipam.ensureSubnet(subnet);
      const cutsBefore = cutter.cuts;
      cutter.cutAnswerTo('bc:24:11:09:00:01');
      const ip = await ipam.addNextFreeIp(subnet, { mac: 'bc:24:11:09:00:01' });
      assert.equal(cutter.cuts, cutsBefore + 1, 'the answer was cut');
      const held = (await otherIpam.records()).filter((r) => r.mac);
      assert.deepEqual(
        held.map((r) => [r.ip.text, r.mac]),
        [[ip.text, 'bc:24:11:09:00:01']],
      );
    } finally {
      await ipam.store.close();
      await otherIpam.store.close();
    }
  });

  test('a task takeover lands once: the server that took it is told so', async () => {
    const [store, other] = pair();
    const board = etcdTaskBoard(store.beside('tasks'));
    const upid = 'UPID:srv1:00000001:00000001:00000001:reloadnetworkall::root@pam:';
    const running: TaskRecord = { status: { upid, node: 'srv1', pid: 1, pstart: 1, starttime: 1, type: 'reloadnetworkall', id: '', user: 'root@pam', status: 'running' }, lines: [] };
    await board.put(running);
    const next: TaskRecord = { ...running, lines: ['server srv1 stopped while this task ran; server lostans2 takes it over'] };
    cutter.cutAnswerTo('lostans2');
    assert.equal(await board.takeOver(running, next), true);
    assert.deepEqual(await etcdTaskBoard(other.beside('tasks')).get(upid), next);
  });
});
