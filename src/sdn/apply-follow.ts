/**
 * An apply's task follows the node agents: each agent reports into
 * `nodes/<node>/status.json` while and after it applies a running-config
 * version; the task logs every node's progress and ends when all answered,
 * failing (naming the nodes) when one failed or stayed silent. It never
 * ends well when no node applied: with no agent at all it fails, a node a
 * zone names that has no agent is a warning.
 */
import { waitFor } from '../store/wait.js';
import type { ConfigStore } from '../store/types.js';
import type { TaskLog } from '../tasks/tasks.js';
import { nodeKeys, parseNodeStatus, type NodeStatus } from './node-status.js';

export interface FollowOptions {
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** stop at the first node that fails the version (an apply that rolls back on failure) */
  readonly failFast?: boolean;
}

/** The task-log lines for one node's report about `version`. */
export function describeReport(s: NodeStatus, version: number): string[] {
  if (s.version > version) return [`superseded by version ${s.version} (${s.state})`];
  if (s.state === 'applying') return [`applying version ${s.version}…`];
  const checks = s.checks.map((c) => `  ${c.severity}: ${c.path}: ${c.message}`);
  if (s.state === 'error') return [`FAILED to apply version ${s.version}: ${s.message ?? 'unknown error'}`, ...checks, `  the node keeps ${s.applied === null ? 'its files (no version applied yet)' : `version ${s.applied}`}`];
  const what = [`${s.changed.length} file(s) changed`, ...(s.reloaded.length ? [`reloaded ${s.reloaded.join(', ')}`] : []), ...(s.message ? [s.message] : [])];
  const broken = Object.entries(s.vnets)
    .filter(([, v]) => v.status === 'error')
    .map(([id, v]) => `  vnet ${id}: ${v.statusmsg ?? 'error'}`);
  return [`applied version ${s.version}: ${what.join(', ')}`, ...checks, ...broken];
}

/** How a node gets an agent, for the messages that say one is missing. */
export const START_AGENT_HINT = 'start `weft agent --node NAME --server URL --token-file FILE` on each node, or on a single machine run the server with `weft server --local-agent`';

/** The nodes an apply follows: those with an agent; `named`: nodes the running zones name. */
export interface ApplyNodes {
  readonly agents: readonly string[];
  readonly named: readonly string[];
}

/**
 * Resolves when every node with an agent applied `version`; throws naming
 * the nodes that failed or did not answer, or when no node has an agent.
 */
export async function followApply(store: ConfigStore, version: number, { agents: nodes, named }: ApplyNodes, log: TaskLog, opts: FollowOptions): Promise<void> {
  if (nodes.length === 0) throw new Error(`version ${version} is committed but no node applied it: no node agent has ever reported to this server; ${START_AGENT_HINT}`);
  for (const node of named.filter((n) => !nodes.includes(n))) {
    log.warn(`${node}: a zone names this node but no agent has ever reported from it, so it does not get version ${version}; start \`weft agent --node ${node} …\` there`);
  }
  log(`waiting for the node agents of ${nodes.join(', ')} (up to ${Math.round(opts.timeoutMs / 1000)} s)`);
  const logged = new Map<string, string>();
  const done = new Map<string, NodeStatus>();
  const failed = () => [...done.values()].some((s) => s.version === version && s.state === 'error');
  await waitFor(
    store,
    'nodes/',
    (snap) => {
      for (const node of nodes) {
        const s = parseNodeStatus(snap.docs.get(nodeKeys(node).status));
        if (!s || s.version < version) continue;
        const key = `${s.version}:${s.state}`;
        if (logged.get(node) !== key) {
          logged.set(node, key);
          for (const line of describeReport(s, version)) log(`${node}: ${line}`);
        }
        if (s.state !== 'applying') done.set(node, s);
      }
      return done.size === nodes.length || (opts.failFast && failed()) ? true : undefined;
    },
    opts,
  );
  // stopped at a failure: the others may still be at work, not silent
  const silent = opts.failFast && failed() ? [] : nodes.filter((n) => !done.has(n));
  const problems = [
    ...[...done.values()].filter((s) => s.version === version).flatMap((s) => {
      if (s.state === 'error') return [`${s.node} failed (${s.message ?? 'unknown error'})`];
      // applied, yet a VNet is not up: its guests have no network there
      const broken = Object.entries(s.vnets).filter(([, v]) => v.status === 'error');
      return broken.length ? [`${s.node} applied it but ${broken.map(([id, v]) => `vnet ${id}: ${v.statusmsg ?? 'error'}`).join(', ')}`] : [];
    }),
    ...(silent.length ? [`no answer within ${Math.round(opts.timeoutMs / 1000)} s from ${silent.join(', ')} (is weft agent running there? a retired node is forgotten with DELETE /nodes/<node>/sdn/agent)`] : []),
  ];
  if (problems.length > 0) throw new Error(`version ${version} not applied everywhere: ${problems.join('; ')}`);
  log(`all ${nodes.length} node(s) applied version ${version}`);
}
