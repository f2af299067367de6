/**
 * `weft server --local-agent`: the agent of the server's own node in the
 * server's process, on the server's store, so that one machine applies
 * with one command. It runs until stopped; a failure of its loop is logged
 * and stops only the agent (the API keeps serving and says the node has no
 * current report).
 */
import type { RunningServer } from '../api/start.js';
import { runAgent } from '../agent/daemon.js';
import { agentContext, storeAgentSources } from './agent.js';
import type { ApplyFlags } from './apply-options.js';
import { CliError } from './errors.js';

export interface LocalAgent {
  stop(): Promise<void>;
}

export async function startLocalAgent(server: Pick<RunningServer, 'store' | 'nodename' | 'ipam'>, flags: ApplyFlags): Promise<LocalAgent> {
  const node = server.nodename;
  const log = (line: string) => process.stderr.write(`weft server: local agent [${node}]: ${line}\n`);
  const sources = storeAgentSources(server.store, node, server.ipam, log);
  const ctx = agentContext(node, flags, sources, log);
  if (!ctx || !sources.source) throw new CliError(`the local agent of ${node} cannot start: its --facts file is invalid`);
  log(`writing under ${flags.root}${flags['no-reload'] ? ', not reloading (--no-reload)' : ', reloading ifupdown2 and FRR'}`);
  const stop = new AbortController();
  const running = runAgent(ctx, sources.source, stop.signal).catch((e: Error) => log(`stopped: ${e.message}`));
  return {
    async stop() {
      stop.abort(new Error('server stopping'));
      await running;
    },
  };
}
