/**
 * Tasks seen by every server on one etcd: each server writes its tasks
 * (status and log) to a key beside the config (`/weft.tasks/<upid>`), so
 * any server answers `/nodes/{node}/tasks/…` and `/cluster/tasks` for the
 * whole cluster, and when a server dies another one takes its running
 * tasks over (a compare on the key's revision: one server does).
 */
import type { Namespace } from 'etcd3';
import { putLanded } from '../store/etcd-commit.js';
import type { TaskRecord } from './tasks.js';

export interface TaskBoard {
  put(task: TaskRecord): Promise<void>;
  get(upid: string): Promise<TaskRecord | undefined>;
  list(): Promise<TaskRecord[]>;
  /** Makes `task` (as read) this server's to end, as `next` (which names this server): false when another server changed it first. */
  takeOver(task: TaskRecord, next: TaskRecord): Promise<boolean>;
}

const parse = (text: string): TaskRecord | undefined => {
  try {
    const t = JSON.parse(text) as TaskRecord;
    return typeof t.status?.upid === 'string' && Array.isArray(t.lines) ? t : undefined;
  } catch {
    return undefined;
  }
};

/** ended tasks kept on the board (the newest); older ones go, as the reference's task index keeps the recent ones */
export const KEPT_ENDED_TASKS = 1000;
/** the board is trimmed after this many tasks ended here */
const TRIM_EVERY = 25;

export function etcdTaskBoard(ns: Namespace, kept = KEPT_ENDED_TASKS): TaskBoard {
  let ended = 0;
  const list = async (): Promise<TaskRecord[]> => Object.values(await ns.getAll().strings()).flatMap((text) => parse(text) ?? []);
  const trim = async (): Promise<void> => {
    const old = (await list()).filter((t) => t.status.status === 'stopped').sort((a, b) => (b.status.endtime ?? 0) - (a.status.endtime ?? 0)).slice(kept);
    await Promise.all(old.map((t) => ns.delete().key(t.status.upid)));
  };
  return {
    async put(task) {
      await ns.put(task.status.upid).value(JSON.stringify(task));
      if (task.status.status === 'stopped' && ++ended % TRIM_EVERY === 0) await trim();
    },
    async get(upid) {
      const text = await ns.get(upid).string();
      return text === null ? undefined : parse(text);
    },
    list,
    async takeOver(task, next) {
      const value = JSON.stringify(next);
      const txn = ns.if(task.status.upid, 'Value', '==', JSON.stringify(task)).then(ns.put(next.status.upid).value(value)).else(ns.get(next.status.upid));
      return (await putLanded(txn, (kv) => kv.value.toString() === value)).landed;
    },
  };
}
