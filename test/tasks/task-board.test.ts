/** The etcd task board: every server's tasks in one place, the newest ended ones kept, running ones never dropped. */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { EtcdStore } from '../../src/store/etcd.js';
import { etcdTaskBoard } from '../../src/tasks/task-board.js';
import type { TaskRecord } from '../../src/tasks/tasks.js';
import { startEtcd } from '../api/harness.js';
import { needs } from '../support/system.js';

const task = (i: number, status: 'running' | 'stopped'): TaskRecord => ({
  status: { upid: `UPID:srv1:0000000${i % 10}:0000000${i % 10}:000000${String(i).padStart(2, '0')}:reloadnetworkall::root@pam:`, node: 'srv1', pid: 1, pstart: i, starttime: i, type: 'reloadnetworkall', id: '', user: 'root@pam', status, ...(status === 'stopped' ? { exitstatus: 'OK', endtime: i } : {}) },
  lines: [`line of task ${i}`],
});

test('task board: another server reads a task; a takeover succeeds once; the newest ended tasks are kept, running ones stay', { skip: needs({ commands: ['etcd'] }) }, async () => {
  const etcd = await startEtcd();
  const stores = [new EtcdStore({ url: etcd.url }), new EtcdStore({ url: etcd.url })];
  try {
    const [a, b] = stores.map((s) => etcdTaskBoard(s.beside('tasks'), 3)) as [ReturnType<typeof etcdTaskBoard>, ReturnType<typeof etcdTaskBoard>];
    const running = task(99, 'running');
    await a.put(running);
    assert.deepEqual(await b.get(running.status.upid), running);
    const takenBy = (server: string): TaskRecord => ({ ...running, lines: [...running.lines, `taken over by ${server}`] });
    assert.equal(await b.takeOver(running, takenBy('b')), true);
    assert.equal(await a.takeOver(running, takenBy('a')), false, 'a second server cannot take the same task over');
    for (let i = 1; i <= 25; i++) await a.put(task(i, 'stopped'));
    const left = await b.list();
    assert.deepEqual(left.filter((t) => t.status.status === 'stopped').map((t) => t.status.starttime).sort((x, y) => x - y), [23, 24, 25]);
    assert.ok(left.some((t) => t.status.upid === running.status.upid), 'the running task stays');
  } finally {
    for (const s of stores) await s.close();
    await etcd.stop();
  }
});
