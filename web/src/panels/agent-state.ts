/**
 * What a node agent's last report means, in words: the state to show at a
 * node and why (no agent yet, written but not reloaded, the error, the
 * pre-flight findings, what drifted since the apply, how old the report is).
 */
import type { AgentReport } from '../api/types';

export interface AgentState {
  readonly label: string;
  readonly color: string;
  /** sentences that explain the label */
  readonly details: readonly string[];
}

/** "12 s ago", "5 min ago", "3 h ago", "2 days ago" */
export function age(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 90) return `${s} s ago`;
  if (s < 90 * 60) return `${Math.round(s / 60)} min ago`;
  if (s < 36 * 3600) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} days ago`;
}

export const START_AGENT = (node: string) =>
  `No agent has ever reported from this node, so nothing is applied here. Start one on it (weft agent --node ${node} --server URL --token-file FILE), or on a single machine run the server with --local-agent.`;

export function agentState(node: string, report: AgentReport | null, running: number | undefined, nowSeconds: number): AgentState {
  if (!report) return { label: 'no agent', color: 'red', details: [START_AGENT(node)] };
  const when = `Last report ${age(nowSeconds - report.time)}.`;
  const findings = report.checks.map((c) => `Pre-flight ${c.severity}: ${c.path}: ${c.message}`);
  if (report.state === 'applying') return { label: `applying version ${report.version}`, color: 'blue', details: [when] };
  if (report.state === 'error') {
    const kept = report.applied === null ? 'The node keeps its own files (no version was ever applied there).' : `The node keeps version ${report.applied}.`;
    return { label: `error at version ${report.version}`, color: 'red', details: [`The agent could not apply version ${report.version}: ${report.message ?? 'no reason given'}.`, kept, ...findings, when] };
  }
  const behind = running !== undefined && report.version < running ? [`The running version is ${running}: this node has not reported on it yet.`] : [];
  if (report.message?.startsWith('not reloaded')) {
    return {
      label: 'written, not reloaded',
      color: 'yellow',
      details: [`The files of version ${report.version} are written, but the agent runs with --no-reload: the network keeps running as before until ifreload and FRR reload them.`, ...behind, ...findings, when],
    };
  }
  const drift = report.drift?.items ?? [];
  if (drift.length > 0) {
    return {
      label: `drifted from version ${report.version}`,
      color: 'orange',
      details: [...drift.map((d) => `Drift: ${d.message}.`), 'Repair applies the version again where the node drifted.', ...behind, ...findings, when],
    };
  }
  return { label: behind.length ? `at version ${report.version}` : `applied version ${report.version}`, color: behind.length ? 'gray' : 'green', details: [...behind, ...findings, when] };
}
