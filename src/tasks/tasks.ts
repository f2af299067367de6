/**
 * Background tasks with a UPID, as the reference's worker tasks: a status
 * (`running`, then `stopped` with `exitstatus` "OK" or the error) and a log
 * read with `start`/`limit`. Tasks are node-local, so they are kept in
 * `<data-dir>/local/tasks/` (one JSON file each) and in memory. A running
 * task can be stopped (`DELETE /nodes/{node}/tasks/{upid}`): it ends at once
 * as the reference's interrupted worker does ("received interrupt"), and its
 * work is told through its abort signal.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SdnError } from '../sdn/errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';

export interface TaskStatus {
  readonly upid: string;
  readonly node: string;
  readonly pid: number;
  readonly pstart: number;
  readonly starttime: number;
  readonly type: string;
  readonly id: string;
  readonly user: string;
  status: 'running' | 'stopped';
  exitstatus?: string;
  endtime?: number;
}

/** A task's log: a line, or a warning that the task's end counts. */
export interface TaskLog {
  (line: string): void;
  warn(line: string): void;
}

interface Task {
  readonly status: TaskStatus;
  readonly lines: string[];
}

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

  constructor(private readonly dir: string, private readonly node: string) {
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
  }

  /**
   * Starts `work` in the background and returns its UPID at once. As the
   * reference's tasks, a warning is a `WARN: ` line and a task that warned
   * ends with `WARNINGS: <count>` instead of `OK`. `work` gets a signal
   * aborted when the task is stopped; whatever it does after, the task
   * stays stopped. With `unstoppable` (the reason) a stop is refused.
   */
  start(type: string, id: string, user: string, work: (log: TaskLog, signal: AbortSignal) => Promise<void>, opts: { readonly unstoppable?: string } = {}): string {
    const now = Math.floor(Date.now() / 1000);
    const pstart = Math.floor(process.uptime() * 100) + this.counter++;
    const upid = `UPID:${this.node}:${hex(process.pid)}:${hex(pstart)}:${hex(now)}:${type}:${id}:${user}:`;
    const task: Task = { status: { upid, node: this.node, pid: process.pid, pstart, starttime: now, type, id, user, status: 'running' }, lines: [] };
    this.tasks.set(upid, task);
    this.persist(task);
    const abort = new AbortController();
    this.running.set(upid, abort);
    if (opts.unstoppable) this.unstoppable.set(upid, opts.unstoppable);
    let warnings = 0;
    const log: TaskLog = Object.assign((line: string) => void task.lines.push(line), {
      warn(line: string) {
        warnings += 1;
        task.lines.push(`WARN: ${line}`);
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

  log(upid: string, start: number, limit: number): { lines: { n: number; t: string }[]; total: number } | undefined {
    const t = this.tasks.get(upid);
    if (!t) return undefined;
    const lines = t.lines.slice(start, limit > 0 ? start + limit : undefined).map((text, i) => ({ n: start + i + 1, t: text }));
    return { lines, total: t.lines.length };
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
