/**
 * What a node agent reports into the store, and how the API reads it. Each
 * agent owns the documents under `nodes/<node>/`: its status (which
 * running-config version it applied, per-zone and per-VNet state, the
 * pre-flight findings) and the facts a dry-run renders from.
 */
import type { NodeFacts } from '../ir/facts.js';
import type { StoreWrite } from '../store/types.js';
import { parseJsonOr } from '../util/json-or.js';
import type { NodeStatus, ObjectStatus } from './node-report.js';
import type { NodeName } from '../model/values.js';
import { nodeNameOf } from '../model/formats.js';

export type { DriftItem, NodeCheck, NodeStatus, ObjectState, ObjectStatus } from './node-report.js';

export const nodeKeys = (node: string) =>
  ({
    status: `nodes/${node}/status.json`,
    facts: `nodes/${node}/facts.json`,
    interfaces: `nodes/${node}/interfaces`,
    frrLocal: `nodes/${node}/frr.conf.local`,
  }) as const;

const STATES = new Set(['applying', 'applied', 'error']);

/** Reads a status document; null when absent or not one (a torn or foreign file). */
export function parseNodeStatus(text: string | undefined): NodeStatus | null {
  const s = parseJsonOr<Partial<NodeStatus> | null>(text, null);
  if (!s || typeof s !== 'object' || typeof s.node !== 'string' || typeof s.version !== 'number' || !STATES.has(String(s.state))) return null;
  return { zones: {}, vnets: {}, checks: [], changed: [], reloaded: [], applied: null, time: 0, ...s } as NodeStatus;
}

/** Nodes that have an agent: it published facts or a status. */
export function agentNodes(docs: ReadonlyMap<string, string>): NodeName[] {
  const nodes = new Set<NodeName>();
  for (const key of docs.keys()) {
    const m = /^nodes\/([^/]+)\/(status|facts)\.json$/.exec(key);
    // an agent reports under its checked name: anything else there is no agent's
    const node = m?.[1] ? nodeNameOf(m[1]) : null;
    if (node) nodes.add(node);
  }
  return [...nodes].sort();
}

/**
 * The state of one zone or VNet of running version `running` on a node: what
 * its agent reported for that version, else `pending` with the reason.
 */
export function objectStatus(status: NodeStatus | null, running: number, set: 'zones' | 'vnets', id: string): ObjectStatus {
  if (!status) return { status: 'pending', statusmsg: 'no node agent has reported from this node yet' };
  if (status.version < running) return { status: 'pending', statusmsg: `the node agent has not applied version ${running} yet (it reported version ${status.version})` };
  if (status.state === 'applying') return { status: 'pending', statusmsg: `the node agent is applying version ${status.version}` };
  const reported = status[set][id];
  if (reported) return reported;
  // a config the agent could not even decode fails every object in it
  if (status.state === 'error') return { status: 'error', statusmsg: `version ${status.version} not applied: ${status.message ?? 'unknown error'}` };
  return { status: 'pending', statusmsg: `the node agent did not report on ${set === 'zones' ? 'zone' : 'vnet'} '${id}'` };
}

/** What a node publishes for dry-runs: its facts and the local files its render reads. */
export interface FactsReport {
  readonly facts: NodeFacts;
  /** `/etc/network/interfaces` */
  readonly interfaces: string | null;
  /** `/etc/frr/frr.conf.local`; null: the node has none */
  readonly frrLocal: string | null;
}

export function factsWrites(r: FactsReport): StoreWrite[] {
  const keys = nodeKeys(r.facts.nodename);
  return [
    { key: keys.facts, value: JSON.stringify(r.facts) },
    { key: keys.interfaces, value: r.interfaces },
    { key: keys.frrLocal, value: r.frrLocal },
  ];
}

export const statusWrite = (s: NodeStatus): StoreWrite => ({ key: nodeKeys(s.node).status, value: JSON.stringify(s) });
