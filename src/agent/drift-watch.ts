/**
 * The agent's drift checks (drift.ts) on a timer and on request, and the
 * repair: the last good pass again, with the services of what drifted
 * reloaded even where their files are unchanged. A check whose findings
 * differ from the last published ones publishes the node status with them.
 */
import { distinctServices, type Service } from '../ir/node-file.js';
import type { SdnConfig } from '../sections/sdn-config.js';
import { zoneAppliesTo } from '../model/zone-nodes.js';
import type { DriftItem, NodeStatus } from '../sdn/node-status.js';
import type { AgentContext } from './daemon.js';
import { checkDrift, type Applied } from './drift.js';
import type { PassMemo } from './once.js';
import type { NodeName } from '../model/values.js';

/** How often a running agent checks by default (`--drift-interval`). */
export const DRIFT_INTERVAL_MS = 60_000;

export interface DriftWatch {
  /** checks now; the findings (none when no pass applied yet) */
  check(): Promise<DriftItem[]>;
  /** re-applies what drifted; the findings after */
  repair(): Promise<DriftItem[]>;
}

export interface DriftDeps {
  /** the status of the last pass, null before the first */
  readonly lastStatus: () => NodeStatus | null;
  /** the last pass again, reloading these services too */
  readonly repass: (alsoReload: readonly Service[]) => Promise<unknown>;
  readonly publish: (status: NodeStatus) => Promise<void>;
}

function nodeVnets(config: SdnConfig, node: NodeName): string[] {
  return [...config.vnets.values()].filter((v) => zoneAppliesTo(config.zones.get(v.zone)?.nodes, node)).map((v) => v.id);
}

function appliedOf(last: NonNullable<PassMemo['last']>, node: NodeName): Applied {
  return { files: last.files, vnets: nodeVnets(last.config, node), needsFrr: last.needsFrr };
}

const now = () => Math.floor(Date.now() / 1000);

export function driftWatch(ctx: AgentContext, deps: DriftDeps): DriftWatch {
  let published: { of: NodeStatus; text: string } | null = null;
  const findings = async () => {
    const last = ctx.memo?.last;
    const status = deps.lastStatus();
    // nothing applied to compare with: no pass yet, or the last one failed (its status says why)
    if (!last || status?.state !== 'applied') return null;
    return { status, drift: await checkDrift(ctx.host, ctx.frr, appliedOf(last, ctx.node), ctx.reload) };
  };
  const check = async (): Promise<DriftItem[]> => {
    const found = await findings();
    if (!found) return [];
    const items = found.drift.map(({ kind, item, message }) => ({ kind, item, message }));
    const text = JSON.stringify(items);
    if (published?.of !== found.status || published.text !== text) {
      for (const i of items) ctx.log(`drift: ${i.message}`);
      await deps.publish({ ...found.status, drift: { time: now(), items } });
      published = { of: found.status, text };
    }
    return items;
  };
  return {
    check,
    async repair() {
      const found = await findings();
      if (!found || found.drift.length === 0) return check();
      ctx.log(`repairing: ${found.drift.map((d) => d.message).join('; ')}`);
      await deps.repass(distinctServices(found.drift.flatMap((d) => (d.service ? [d.service] : []))));
      return check();
    },
  };
}
