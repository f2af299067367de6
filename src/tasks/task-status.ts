/**
 * A task's status as the API answers it (`/nodes/{node}/tasks/{upid}/status`
 * and the task list), and a line of its log: types that import nothing, so
 * the web UI takes them from here too.
 */
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

/** One line of a task's log as the API answers it: its number and text. */
export interface TaskLogLine {
  readonly n: number;
  readonly t: string;
}
