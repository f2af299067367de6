/**
 * `/nodes/{node}/tasks`: the tasks an apply's UPID refers to — list,
 * status, log, and stopping one. As in the reference (pve-manager's
 * API2::Tasks), a task's owner (or the user whose token started it) may
 * read and stop it; anyone else needs Sys.Audit on the node to read and
 * Sys.Modify to stop.
 */
import { splitTokenId } from '../../auth/access-config.js';
import { ParamError, SdnError } from '../../util/errors.js';
import { parseUpid, TaskManager, type TaskRecord, type TaskStatus } from '../../tasks/tasks.js';
import { NODE_PARAM, optBool, optInt, str } from '../params.js';
import type { TaskLogLine } from '../answers.js';
import { route, type Ctx, type RouteDef } from '../route.js';

const UPID = str("The task's unique ID.");

/** check_task_user: the task's user, or the user of the token that started it. */
function ownsTask(task: TaskStatus, authid: string | undefined): boolean {
  return authid !== undefined && (task.user === authid || splitTokenId(task.user)?.userid === authid);
}

/** The task named by `upid` (this server's or, on etcd, any server's), readable by the caller (Sys.Audit on its node unless the caller owns it). */
async function readableTask(ctx: Ctx<{ readonly upid: string }>): Promise<TaskRecord> {
  const upid = ctx.params.upid;
  const t = await ctx.services.tasks.find(upid);
  if (!t) throw new SdnError(`no such task '${upid}'`, 'not-found');
  if (!ownsTask(t.status, ctx.principal?.authid)) ctx.check(`/nodes/${t.status.node}`, ['Sys.Audit']);
  return t;
}

export const NODE_TASK_ROUTES: readonly RouteDef[] = [
  route({
    method: 'GET',
    path: '/nodes/{node}/tasks',
    params: { node: NODE_PARAM, limit: optInt('Only list this number of tasks.', 0), start: optInt('List tasks beginning from this offset.', 0), errors: optBool('Only list tasks with a status of ERROR.') },
    async handler(ctx) {
      const node = ctx.params.node;
      // the node's tasks, as the reference lists them (several servers share one etcd)
      const all = (await ctx.services.tasks.listAll()).filter((t) => t.node === node && (t.user === ctx.principal?.authid || ctx.can(`/nodes/${t.node}`, ['Sys.Audit'])));
      const start = ctx.params.start ?? 0;
      return all.slice(start, start + (ctx.params.limit ?? 50));
    },
  }),
  route({ method: 'GET', path: '/nodes/{node}/tasks/{upid}', params: { node: NODE_PARAM, upid: UPID }, handler: () => [{ name: 'log' }, { name: 'status' }] }),
  route({
    method: 'DELETE',
    path: '/nodes/{node}/tasks/{upid}',
    params: { node: NODE_PARAM, upid: UPID },
    async handler(ctx) {
      const upid = ctx.params.upid;
      if (!parseUpid(upid)) throw new ParamError({ upid: 'unable to parse worker upid' });
      const s = (await ctx.services.tasks.find(upid))?.status;
      if (!s) throw new ParamError({ upid: 'no such task' });
      if (!ownsTask(s, ctx.principal?.authid)) ctx.check(`/nodes/${ctx.params.node}`, ['Sys.Modify']);
      if (s.status === 'running' && !ctx.services.tasks.status(upid)) throw new SdnError(`task '${upid}' runs on server ${s.node}: stop it through that server`);
      // a task that already ended is left as it is, as the reference's kill of a gone worker
      ctx.services.tasks.stop(upid);
      return null;
    },
  }),
  route({
    method: 'GET',
    path: '/nodes/{node}/tasks/{upid}/status',
    params: { node: NODE_PARAM, upid: UPID },
    handler: async (ctx): Promise<TaskStatus> => ({ ...(await readableTask(ctx)).status }),
  }),
  route({
    method: 'GET',
    path: '/nodes/{node}/tasks/{upid}/log',
    params: { node: NODE_PARAM, upid: UPID, start: optInt('Start at this line.', 0), limit: optInt('The number of lines to read.', 0), download: optBool('Whether the tasklog file should be downloaded.') },
    async handler(ctx): Promise<TaskLogLine[]> {
      return TaskManager.lines(await readableTask(ctx), ctx.params.start ?? 0, ctx.params.limit ?? 50);
    },
  }),
];
