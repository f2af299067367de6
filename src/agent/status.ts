/**
 * The node's status report after (or while) applying one running-config
 * version: per zone and per VNet of this node `available`, `pending` or
 * `error` with the reason, as the reference's status answers have them.
 */
import { serviceName } from '../ir/node-file.js';
import type { SdnConfig } from '../sections/sdn-config.js';
import type { Issue } from '../model/issues.js';
import type { Vnet } from '../model/vnet.js';
import type { Zone } from '../zones/kind.js';
import { zoneAppliesTo } from '../model/zone-nodes.js';
import type { NodeStatus, ObjectStatus } from '../sdn/node-status.js';
import type { ApplyOutcome } from './apply.js';
import { linksByName, vnetProblems } from './iface-check.js';
import type { IpLink } from './links.js';
import type { NodeName } from '../model/values.js';

const now = () => Math.floor(Date.now() / 1000);

/** Zones and VNets of `config` deployed on `node`. */
function nodeObjects(config: SdnConfig, node: NodeName): { zones: Zone[]; vnets: Vnet[] } {
  // the config's maps iterate in id order (see SdnConfig)
  const zones = [...config.zones.values()].filter((z) => zoneAppliesTo(z.nodes, node));
  const here = new Set<string>(zones.map((z) => z.id));
  const vnets: Vnet[] = [];
  for (const v of config.vnets.values()) if (here.has(v.zone)) vnets.push(v);
  return { zones, vnets };
}

/** One status for each id (tens of thousands of VNets: one loop, no entry arrays). */
function all(items: readonly { readonly id: string }[], s: ObjectStatus): Record<string, ObjectStatus> {
  const out: Record<string, ObjectStatus> = {};
  for (const { id } of items) out[id] = s;
  return out;
}

/** `applied`: the version on the node before this pass */
export function applyingStatus(node: string, version: number, applied: number | null): NodeStatus {
  return { node, version, state: 'applying', applied, time: now(), zones: {}, vnets: {}, checks: [], changed: [], reloaded: [] };
}

export interface PassReport {
  readonly node: NodeName;
  readonly version: number;
  /** null when the running config could not be decoded */
  readonly config: SdnConfig | null;
  readonly issues: readonly Issue[];
  /** null when nothing was written (the config or a pre-flight check failed) */
  readonly outcome: ApplyOutcome | null;
  /** false with `--no-reload`: files are written but not in effect */
  readonly reloading: boolean;
  /** the node's links after the pass, null when they could not be read */
  readonly links: readonly IpLink[] | null;
  /** the version on the node before this pass (kept when the pass fails) */
  readonly applied: number | null;
}

/** Why the pass failed, or null when it applied. */
function passError(r: Pick<PassReport, 'config' | 'issues' | 'outcome'>): string | null {
  const errors = r.issues.filter((i) => i.severity === 'error').map((i) => `${i.path}: ${i.message}`);
  if (!r.config || r.outcome === null) return errors.join('; ') || 'the running config could not be applied';
  return r.outcome.error ?? null;
}

export function resultStatus(r: PassReport): NodeStatus {
  const checks = r.issues.map((i) => ({ severity: i.severity, path: i.path, message: i.message }));
  const { zones, vnets } = r.config ? nodeObjects(r.config, r.node) : { zones: [], vnets: [] };
  const base = { node: r.node, version: r.version, time: now(), checks, changed: r.outcome?.changed ?? [], reloaded: r.outcome?.reloaded.map(serviceName) ?? [] };
  const error = passError(r);
  if (error !== null) {
    const failed: ObjectStatus = { status: 'error', statusmsg: `version ${r.version} not applied: ${error}` };
    return { ...base, state: 'error', applied: r.applied, message: error, zones: all(zones, failed), vnets: all(vnets, failed) };
  }
  if (!r.reloading) {
    const written: ObjectStatus = { status: 'pending', statusmsg: 'files written, not reloaded (--no-reload)' };
    return { ...base, state: 'applied', applied: r.version, message: 'not reloaded (--no-reload)', zones: all(zones, written), vnets: all(vnets, written) };
  }
  const vnetStatus: Record<string, ObjectStatus> = {};
  const zoneStatus: Record<string, ObjectStatus> = all(zones, { status: 'available' });
  const links = r.links ? linksByName(r.links) : null;
  for (const v of vnets) {
    const problems = links ? vnetProblems(v.id, links) : [];
    if (problems.length === 0) {
      vnetStatus[v.id] = { status: 'available' };
      continue;
    }
    vnetStatus[v.id] = { status: 'error', statusmsg: problems.join(',') };
    zoneStatus[v.zone] = { status: 'error', statusmsg: `vnet ${v.id}: ${problems.join(',')}` };
  }
  return { ...base, state: 'applied', applied: r.version, zones: zoneStatus, vnets: vnetStatus };
}
