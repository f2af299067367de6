/** Tasks end as the reference's do: `OK`, `WARNINGS: <count>` after warnings, or the error's first line. */
import { strict as assert } from 'node:assert';
import { rmSync } from 'node:fs';
import { test } from 'node:test';
import { TaskManager } from '../../src/tasks/tasks.js';
import { tempDir } from '../api/harness.js';

async function run(work: Parameters<TaskManager['start']>[3]): Promise<{ exitstatus: string | undefined; lines: string[] }> {
  const dir = tempDir('weft-tasks-');
  try {
    const tasks = new TaskManager(dir, 'node1');
    const upid = tasks.start('test', '', 'root@pam', work);
    const status = await tasks.wait(upid);
    return { exitstatus: status?.exitstatus, lines: tasks.log(upid, 0, 0)?.lines.map((l) => l.t) ?? [] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a task without warnings ends OK', async () => {
  assert.deepEqual(await run(async (log) => log('step')), { exitstatus: 'OK', lines: ['step', 'TASK OK'] });
});

test('warnings are WARN: lines and the task ends with their count', async () => {
  const r = await run(async (log) => {
    log.warn('first');
    log('step');
    log.warn('second');
  });
  assert.deepEqual(r, { exitstatus: 'WARNINGS: 2', lines: ['WARN: first', 'step', 'WARN: second', 'TASK WARNINGS: 2'] });
});

test('a failed task ends with the first line of its error', async () => {
  const r = await run(async () => {
    throw new Error('broken\ndetails');
  });
  assert.deepEqual(r, { exitstatus: 'broken', lines: ['TASK ERROR: broken\ndetails'] });
});
