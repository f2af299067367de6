/**
 * The agent's side of the API benchmark, run in a fresh process: loading the
 * modules of `weft agent` (what its start costs besides Node itself), then passes of `runPass` on one node (given facts, no
 * reload, files under a temporary root): the first (full) pass, the same
 * version again (nothing changed), and the next version with one VNet added.
 * Prints one JSON line of CPU milliseconds.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningDoc } from '../src/sdn/running-doc.js';
import { nodeName } from '../test/support/node-name.js';

export interface AgentPassFigures {
  readonly loadMs: number;
  readonly fullMs: number;
  readonly unchangedMs: number;
  readonly oneVnetMs: number;
}

const FACTS = { nodename: nodeName('localhost'), routeSource: { ip: '192.168.0.1', iface: 'vmbr0' }, defaultMac: 'bc:24:11:1d:69:60', bridgePorts: { vmbr0: ['eth0'] } };

const cpuMs = (since: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
};

type Running = { version: number; zones: { ids: Record<string, { type: string }> }; vnets: { ids: Record<string, { type: string; zone: string }> } };

/** The running config with one more VNet (in its first simple zone), as the next version. */
function withOneVnet(text: string): string {
  const config = JSON.parse(text) as Running;
  const zone = Object.entries(config.zones.ids).find(([, z]) => z.type === 'simple')?.[0];
  if (!zone) throw new Error('the generated config has no simple zone');
  config.version += 1;
  config.vnets.ids.benchone = { type: 'vnet', zone };
  return JSON.stringify(config);
}

export async function agentPassWorker(configFile: string, root: string): Promise<AgentPassFigures> {
  const c0 = process.cpuUsage();
  await import('../src/cli/agent.js');
  const loadMs = cpuMs(c0);
  const { runPass } = await import('../src/agent/daemon.js');
  const { nodeHost } = await import('../src/agent/host.js');
  const { localRunner } = await import('../src/agent/runner.js');
  const { frrPaths } = await import('../src/agent/node-plan.js');
  mkdirSync(join(root, 'etc', 'network'), { recursive: true });
  writeFileSync(join(root, 'etc', 'network', 'interfaces'), 'auto vmbr0\niface vmbr0 inet static\n\taddress 192.168.0.1/16\n\tbridge-ports eth0\n');
  const ctx = { host: nodeHost(root, localRunner()), node: nodeName('localhost'), facts: FACTS, frr: frrPaths(), reload: false, log: () => undefined, reporter: null, memo: {} };
  // written as the server's apply writes it (sdn/workflow.ts), as is the next version
  const config = JSON.parse(readFileSync(configFile, 'utf8')) as Running;
  const text = JSON.stringify(config);
  const doc: RunningDoc = { version: config.version, text };
  const pass = async (d: RunningDoc) => {
    const t = process.cpuUsage();
    const r = await runPass(ctx, d);
    if (r.status.state === 'error') throw new Error(`agent pass failed: ${r.status.message ?? ''}`);
    return cpuMs(t);
  };
  const fullMs = await pass(doc);
  const unchangedMs = await pass(doc);
  const next = withOneVnet(text);
  const oneVnetMs = await pass({ version: doc.version + 1, text: next });
  return { loadMs, fullMs, unchangedMs, oneVnetMs };
}
