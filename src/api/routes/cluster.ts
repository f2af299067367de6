/**
 * `/version`, the directory indexes, and the cluster-wide reads Proxmox VE's
 * GUI makes around its SDN panels: recent tasks and the datacenter options
 * (Weft keeps none of the datacenter's settings, so only the read-only
 * `allowed-tags` is there, empty: Weft has no guests to tag).
 */
import type { TaskStatus } from '../../tasks/tasks.js';
import { splitTokenId } from '../../auth/access-config.js';
import { route, type RouteDef } from '../route.js';

/** the reference's active task list holds the running tasks and finished ones up to this many entries */
const MAX_LISTED = 25;

/** A task as the cluster's task list has it: a running one with its pid, a finished one with its end and exit status. */
function clusterTask(t: TaskStatus): Record<string, unknown> {
  const token = splitTokenId(t.user);
  const who = token ? { user: token.userid, tokenid: token.name } : { user: t.user };
  const base = { upid: t.upid, node: t.node, starttime: t.starttime, type: t.type, id: t.id, ...who };
  return t.status === 'running' ? { ...base, pid: t.pid } : { ...base, endtime: t.endtime, status: t.exitstatus };
}

export const CLUSTER_ROUTES: readonly RouteDef[] = [
  route({ method: 'GET', path: '/', params: {}, credentialsOnly: true, handler: () => ['access', 'cluster', 'nodes', 'version'].map((subdir) => ({ subdir })) }),
  route({ method: 'GET', path: '/cluster', params: {}, credentialsOnly: true, handler: () => ['options', 'resources', 'sdn', 'tasks'].map((name) => ({ name })) }),
  route({
    method: 'GET',
    path: '/version',
    params: {},
    credentialsOnly: true,
    handler: (ctx) => ({ version: ctx.services.version, release: ctx.services.version.split('.').slice(0, 2).join('.'), repoid: '00000000', product: 'weft' }),
  }),
  route({
    method: 'GET',
    path: '/cluster/tasks',
    params: {},
    async handler(ctx) {
      const all = ctx.can('/', ['Sys.Audit']);
      // on etcd: every server's tasks
      const mine = (await ctx.services.tasks.listAll()).filter((t) => all || t.user === ctx.principal?.authid);
      const running = mine.filter((t) => t.status === 'running');
      const finished = mine.filter((t) => t.status !== 'running').slice(0, Math.max(0, MAX_LISTED - running.length));
      return [...running, ...finished].map(clusterTask);
    },
  }),
  route({ method: 'GET', path: '/cluster/options', params: {}, handler: () => ({ 'allowed-tags': [] }) }),
];
