/**
 * Background tasks with a UPID, as the reference's worker tasks: a status
 * (`running`, then `stopped` with `exitstatus` "OK" or the error) and a log
 * read with `start`/`limit`. Tasks are node-local, so they are kept in
 * `<data-dir>/local/tasks/` (one JSON file each) and in memory. A running
 * task can be stopped (`DELETE /nodes/{node}/tasks/{upid}`): it ends at once
 * as the reference's interrupted worker does ("received interrupt"), and its
 * work is told through its abort signal. On etcd every server also writes
 * its tasks to a board all servers read (task-board.ts): any server answers
 * for any task, and a dead server's running tasks are taken over.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SdnError } from '../util/errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import type { TaskBoard } from './task-board.js';
import type { TaskLogLine, TaskStatus } from './task-status.js';

export type { TaskLogLine, TaskStatus } from './task-status.js';

/** A task's log: a line, or a warning that the task's end counts. */
export interface TaskLog {
  (line: string): void;
  warn(line: string): void;
}

/** What a task was doing, for the server that takes it over when its own died. */
export interface TaskResume {
  /** an apply following the node agents to this running-config version */
  readonly applyVersion?: number;
  /** the window of this version waiting for its confirmation */
  readonly confirmVersion?: number;
}

interface Task {
  readonly status: TaskStatus;
  readonly lines: string[];
  readonly resume?: TaskResume;
}

/** A task as the board and the task files hold it. */
export type TaskRecord = Readonly<Task>;

/** What an interrupted task ends with: the reference's worker dies with this on SIGTERM. */
export const INTERRUPTED = 'received interrupt';

const hex = (n: number, width = 8) => n.toString(16).toUpperCase().padStart(width, '0');

export function parseUpid(upid: string): { node: string; type: string; id: string; user: string } | null {
  const m = /^UPID:([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?):([0-9A-F]{8}):([0-9A-F]{8,9}):([0-9A-F]{8}):([^:\s]+):([^:\s]*):([^:\s]+):$/.exec(upid);
  return m ? { node: m[1] ?? '', type: m[6] ?? '', id: m[7] ?? '', user: m[8] ?? '' } : null;
}

export class TaskManager {
  private readonly tasks = new Map<string, Task>();
  /** the running tasks' abort controllers */
  private readonly running = new Map<string, AbortController>();
  /** running tasks that must not be stopped, with the reason */
  private readonly unstoppable = new Map<string, string>();
  private counter = 0;
  /** tasks whose board copy is behind (written a moment after the last change, not per log line) */
  private readonly unsent = new Set<Task>();
  private sendTimer: NodeJS.Timeout | null = null;

  constructor(private readonly dir: string, private readonly node: string, private readonly board: TaskBoard | null = null) {
    mkdirSync(dir, { recursive: true });
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
      try {
        const t = JSON.parse(readFileSync(join(dir, name), 'utf8')) as Task;
        // a task that was running when the server died did not finish
        if (t.status.status === 'running') Object.assign(t.status, { status: 'stopped', exitstatus: 'unexpected status (server stopped)' });
        this.tasks.set(t.status.upid, t);
      } catch {
        // a torn task file is skipped; tasks are informational
      }
    }
  }

  private persist(task: Task): void {
    writeFileAtomic(join(this.dir, `${task.status.upid.replace(/[^A-Za-z0-9@!._-]/g, '_')}.json`), JSON.stringify(task));
    this.send(task);
  }

  /** Copies the task to the board soon (log lines come in bursts); its end at once. */
  private send(task: Task): void {
    if (!this.board) return;
    this.unsent.add(task);
    if (task.status.status === 'stopped') return void this.flush();
    this.sendTimer ??= setTimeout(() => void this.flush(), 200);
  }

  /** Writes the tasks the board is behind on (best effort: a board write that fails is retried with the next change). */
  async flush(): Promise<void> {
    if (this.sendTimer) clearTimeout(this.sendTimer);
    this.sendTimer = null;
    const board = this.board;
    if (!board) return;
    const tasks = [...this.unsent];
    this.unsent.clear();
    await Promise.all(tasks.map((t) => board.put(t).catch(() => void this.unsent.add(t))));
  }

  /**
   * Starts `work` in the background and returns its UPID at once. As the
   * reference's tasks, a warning is a `WARN: ` line and a task that warned
   * ends with `WARNINGS: <count>` instead of `OK`. `work` gets a signal
   * aborted when the task is stopped; whatever it does after, the task
   * stays stopped. With `unstoppable` (the reason) a stop is refused.
   */
  start(type: string, id: string, user: string, work: (log: TaskLog, signal: AbortSignal) => Promise<void>, opts: { readonly unstoppable?: string; readonly resume?: TaskResume } = {}): string {
    const now = Math.floor(Date.now() / 1000);
    const pstart = Math.floor(process.uptime() * 100) + this.counter++;
    const upid = `UPID:${this.node}:${hex(process.pid)}:${hex(pstart)}:${hex(now)}:${type}:${id}:${user}:`;
    const task: Task = { status: { upid, node: this.node, pid: process.pid, pstart, starttime: now, type, id, user, status: 'running' }, lines: [], ...(opts.resume ? { resume: opts.resume } : {}) };
    return this.run(task, work, opts);
  }

  /**
   * Takes over a running task of a server that died (as the board held it):
   * `work` goes on with its log, and this server ends it. False when another
   * server took it first.
   */
  async takeOver(record: TaskRecord, work: (log: TaskLog, signal: AbortSignal) => Promise<void>): Promise<boolean> {
    if (!this.board || record.status.status !== 'running') return false;
    const task: Task = { status: { ...record.status }, lines: [...record.lines, `server ${record.status.node} stopped while this task ran; server ${this.node} takes it over`], ...(record.resume ? { resume: record.resume } : {}) };
    if (!(await this.board.takeOver(record, task))) return false;
    this.run(task, work, {});
    return true;
  }

  /** The tasks of `node` the board says are running. */
  async runningOf(node: string): Promise<TaskRecord[]> {
    return ((await this.board?.list()) ?? []).filter((t) => t.status.node === node && t.status.status === 'running');
  }

  private run(task: Task, work: (log: TaskLog, signal: AbortSignal) => Promise<void>, opts: { readonly unstoppable?: string }): string {
    const upid = task.status.upid;
    this.tasks.set(upid, task);
    this.persist(task);
    const abort = new AbortController();
    this.running.set(upid, abort);
    if (opts.unstoppable) this.unstoppable.set(upid, opts.unstoppable);
    let warnings = 0;
    const add = (line: string) => {
      task.lines.push(line);
      this.send(task);
    };
    const log: TaskLog = Object.assign((line: string) => add(line), {
      warn(line: string) {
        warnings += 1;
        add(`WARN: ${line}`);
      },
    });
    void (async () => {
      try {
        await work(log, abort.signal);
        this.finish(task, warnings ? `WARNINGS: ${warnings}` : 'OK', warnings ? `TASK WARNINGS: ${warnings}` : 'TASK OK');
      } catch (e) {
        this.finish(task, (e as Error).message.split('\n')[0] ?? 'failed', `TASK ERROR: ${(e as Error).message}`);
      }
    })();
    return upid;
  }

  /** Ends a task once: the first end (its work's, or a stop) is the one recorded. */
  private finish(task: Task, exitstatus: string, lastLine: string): void {
    if (!this.running.delete(task.status.upid)) return;
    this.unstoppable.delete(task.status.upid);
    task.lines.push(lastLine);
    task.status.exitstatus = exitstatus;
    task.status.status = 'stopped';
    task.status.endtime = Math.floor(Date.now() / 1000);
    this.persist(task);
  }

  /**
   * Stops a running task (true), as a SIGTERM stops the reference's worker;
   * a stopped or unknown one is left as it is (false). Throws the reason for
   * a task that must not be stopped.
   */
  stop(upid: string): boolean {
    const abort = this.running.get(upid);
    const task = this.tasks.get(upid);
    if (!abort || !task) return false;
    const refusal = this.unstoppable.get(upid);
    if (refusal) throw new SdnError(refusal);
    this.finish(task, INTERRUPTED, `TASK ERROR: ${INTERRUPTED}`);
    abort.abort(new Error(INTERRUPTED));
    return true;
  }

  status(upid: string): TaskStatus | undefined {
    return this.tasks.get(upid)?.status;
  }

  /** A task of any server: this one's, else the board's. */
  async find(upid: string): Promise<TaskRecord | undefined> {
    return this.tasks.get(upid) ?? (await this.board?.get(upid));
  }

  /** The cluster's tasks (this server's and the board's), newest first. */
  async listAll(): Promise<TaskStatus[]> {
    const all = new Map(((await this.board?.list()) ?? []).map((t) => [t.status.upid, t.status]));
    for (const t of this.tasks.values()) all.set(t.status.upid, t.status);
    return [...all.values()].sort((a, b) => b.starttime - a.starttime);
  }

  /** Lines of a task's log. */
  static lines(task: TaskRecord, start: number, limit: number): TaskLogLine[] {
    return task.lines.slice(start, limit > 0 ? start + limit : undefined).map((text, i) => ({ n: start + i + 1, t: text }));
  }

  log(upid: string, start: number, limit: number): { lines: { n: number; t: string }[]; total: number } | undefined {
    const t = this.tasks.get(upid);
    return t ? { lines: TaskManager.lines(t, start, limit), total: t.lines.length } : undefined;
  }

  list(): TaskStatus[] {
    return [...this.tasks.values()].map((t) => t.status).sort((a, b) => b.starttime - a.starttime);
  }

  /** Resolves when the task has stopped (tests, CLI). */
  async wait(upid: string, timeoutMs = 30000): Promise<TaskStatus | undefined> {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
      const s = this.status(upid);
      if (!s || s.status === 'stopped') return s;
      await new Promise((r) => setTimeout(r, 20));
    }
    return this.status(upid);
  }

  static exists(dir: string): boolean {
    return existsSync(dir);
  }
}
