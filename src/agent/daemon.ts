/**
 * The agent's work: one pass per running-config version (decode, render,
 * check, write, reload, verify, report) and the loop that runs a pass each
 * time a new version appears. Reports go to the store (or the server) so
 * the API shows each node's status and an apply's task can follow it.
 */
import { decodeRunningText } from '../sections/running-config.js';
import type { HostsOf } from '../ipam/dhcp-hosts.js';
import { decodeConfig, type DecodeResult } from '../sections/decode-config.js';
import type { SdnConfig } from '../sections/sdn-config.js';
import type { NodeFacts } from '../ir/facts.js';
import { SDN_INTERFACES_PATH } from '../render/node-files.js';
import type { Service } from '../ir/node-file.js';
import type { AgentQuery } from '../sdn/node-query.js';
import type { NodeStatus } from '../sdn/node-status.js';
import type { RunningDoc } from '../sdn/running-doc.js';
import { AsyncMutex } from '../util/async-mutex.js';
import type { NodeHost } from './host.js';
import { readLinks } from './links.js';
import { INTERFACES_PATH, type FrrPaths } from './node-plan.js';
import { awaitConfirmation } from './confirm-window.js';
import { driftWatch } from './drift-watch.js';
import { applyPass, type PassMemo } from './once.js';
import { enforcePortPolicy, followGuestPorts, logPortChanges, portPolicy, type PortPolicy } from './port-policy.js';
import { probeFacts } from './probe.js';
import { RunningDecoder } from './running-decoder.js';
import { answerQueries, type QuerySource } from './queries.js';
import type { ReservationSource } from './reservations.js';
import { systemReloader } from './reload.js';
import type { AgentSource, Reporter } from './source.js';
import { applyingStatus, resultStatus } from './status.js';
import type { KeySource } from './wireguard-keys.js';
import type { NodeName } from '../model/values.js';

/** Facts are probed again this often, so dry-runs see a changed node (new ports, routes). */
export const FACTS_REFRESH_MS = 5 * 60_000;

export interface AgentContext {
  readonly host: NodeHost;
  readonly node: NodeName;
  /** given facts (`--facts`), else probed on each pass */
  readonly facts?: NodeFacts;
  readonly frr: FrrPaths;
  /** false: write the files only (`--no-reload`) */
  readonly reload: boolean;
  readonly log: (line: string) => void;
  /** null: nowhere to report to (a Proxmox-style config directory) */
  readonly reporter: Reporter | null;
  /** the DHCP reservations (read before each pass; a change re-applies); none when absent */
  readonly reservations?: ReservationSource;
  /** this node's WireGuard private keys (read in a pass that renders WireGuard configs) */
  readonly wireguardKeys?: KeySource;
  /** the API's questions about the node's live state (bridges, FRR routes), answered while the agent runs */
  readonly queries?: QuerySource;
  /** what the last pass decoded and rendered: a pass over the same running config and inputs repeats neither */
  readonly memo?: AgentMemo;
  /** check that the node still matches the last pass this often (drift-watch.ts); absent: on request only */
  readonly driftIntervalMs?: number;
}

export interface AgentMemo extends PassMemo {
  /** the running config decoded: once per text, and of a new version only the sections that changed */
  decoder?: RunningDecoder;
}

function decodeDoc(ctx: AgentContext, doc: RunningDoc): DecodeResult {
  if (!ctx.memo) return decodeRunningText(doc.text, 'running config', 'render');
  return (ctx.memo.decoder ??= new RunningDecoder()).decode(doc.text);
}

/** The version in the node's sdn file header (`#version:N`), as the reference reads it. */
function appliedVersion(host: NodeHost): number | null {
  // the header only: the file can be megabytes
  const m = /^#version:(\d+)/.exec(host.readHead(SDN_INTERFACES_PATH, 32) ?? '');
  return m ? Number(m[1]) : null;
}

/** Reporting is best effort: the node state does not depend on it, the log says what failed. */
async function report(ctx: AgentContext, what: string, send: (r: Reporter) => Promise<void>): Promise<void> {
  if (!ctx.reporter) return;
  try {
    await send(ctx.reporter);
  } catch (e) {
    ctx.log(`could not publish the ${what}: ${(e as Error).message}`);
  }
}

async function publishFacts(ctx: AgentContext, facts: NodeFacts): Promise<void> {
  await report(ctx, 'facts', (r) => r.publishFacts({ facts, interfaces: ctx.host.read(INTERFACES_PATH), frrLocal: ctx.host.read(ctx.frr.local) }));
}

/** The reservations, or none (logged) when they cannot be read: DHCP then serves no one new, the rest applies. */
async function reservations(ctx: AgentContext): Promise<HostsOf | undefined> {
  if (!ctx.reservations) return undefined;
  try {
    return await ctx.reservations.read();
  } catch (e) {
    ctx.log(`could not read the DHCP reservations: ${(e as Error).message}`);
    return undefined;
  }
}

/** `alsoReload`: services reloaded even where their files are unchanged (a repair of drift) */
export async function runPass(ctx: AgentContext, doc: RunningDoc, alsoReload?: readonly Service[]): Promise<{ status: NodeStatus; config: SdnConfig | null }> {
  const { host, log } = ctx;
  const applied = appliedVersion(host);
  log(`applying version ${doc.version}…`);
  await report(ctx, 'status', (r) => r.publishStatus(applyingStatus(ctx.node, doc.version, applied)));
  const decoded = decodeDoc(ctx, doc);
  const base = { node: ctx.node, version: doc.version, reloading: ctx.reload, applied };
  let status: NodeStatus;
  if (!decoded.config) {
    for (const i of decoded.issues) log(`${i.severity}: ${i.path}: ${i.message}`);
    status = resultStatus({ ...base, config: null, issues: decoded.issues, outcome: null, links: null });
  } else {
    const reloader = ctx.reload ? systemReloader(host, ctx.frr) : null;
    try {
      const dhcpHosts = await reservations(ctx);
      const pass = await applyPass({ host, nodename: ctx.node, config: decoded.config, ...(ctx.facts ? { facts: ctx.facts } : {}), frr: ctx.frr, reloader, log, ...(dhcpHosts ? { dhcpHosts } : {}), ...(ctx.wireguardKeys ? { wireguardKeys: ctx.wireguardKeys } : {}), ...(ctx.memo ? { memo: ctx.memo } : {}), ...(alsoReload ? { alsoReload } : {}) });
      // guest ports keep (or get) their VNet's isolation and learning, also when the reload re-plugged them
      if (ctx.reload) logPortChanges(await enforcePortPolicy(host.runner, portPolicy(decoded.config, ctx.node)), log);
      const links = ctx.reload ? await readLinks(host.runner) : null;
      status = resultStatus({ ...base, config: decoded.config, issues: pass.issues, outcome: pass.outcome, links });
      await publishFacts(ctx, pass.facts);
    } catch (e) {
      // e.g. a file the agent may not write: the pass failed, the agent goes on with the next version
      const error = `${(e as Error).message}; fix it, then apply again`;
      status = resultStatus({ ...base, config: decoded.config, issues: [], outcome: { changed: [], reloaded: [], error }, links: null });
    }
  }
  log(
    status.state === 'error'
      ? `apply of version ${doc.version} failed: ${status.message ?? 'unknown error'}`
      : `version ${doc.version} applied: ${status.changed.length} file(s) changed${status.reloaded.length ? `, reloaded ${status.reloaded.join(', ')}` : ''}`,
  );
  await report(ctx, 'status', (r) => r.publishStatus(status));
  return { status, config: decoded.config ?? null };
}

/** Runs a pass for every new running-config version until `signal` aborts. */
export async function runAgent(ctx: AgentContext, source: AgentSource, signal: AbortSignal): Promise<void> {
  const turns = new AsyncMutex();
  let config: SdnConfig | null = null;
  const refresh = async () => {
    if (ctx.facts) return publishFacts(ctx, ctx.facts);
    // an empty config before the first apply: facts are probed towards the default route then
    const base = config ?? decodeConfig({}).config;
    if (base) await publishFacts(ctx, await probeFacts(ctx.host, ctx.node, base));
  };
  // the reservations of the DHCP zones the last pass rendered, to notice new or removed guest NICs
  let lastDoc: RunningDoc | null = null;
  let reserved: string | null = null;
  const reservationKey = async (): Promise<string | null> => {
    const zones = config ? [...config.zones.values()].filter((z) => z.dhcp).map((z) => z.id) : [];
    if (zones.length === 0) return null;
    const hosts = await reservations(ctx);
    return hosts ? JSON.stringify(zones.map((z) => [z, hosts(z)])) : null;
  };
  const recheck = async () => {
    const key = await reservationKey();
    if (key === null || key === reserved || !lastDoc) return;
    ctx.log('DHCP reservations changed');
    config = (await runPass(ctx, lastDoc)).config ?? config;
    reserved = key;
  };
  const refreshLogged = () => turns.run(refresh).catch((e: Error) => ctx.log(`could not probe the facts: ${e.message}`));
  ctx.log(`watching ${source.description} for running-config versions`);
  // unreachable now: the loop below says so and tries again
  if ((await source.current().catch(() => undefined)) === null) await refreshLogged();
  const timer = setInterval(() => void refreshLogged(), FACTS_REFRESH_MS);
  // the side loops end with the agent, also when its main loop fails
  const sideLoops = new AbortController();
  const stopWithAgent = () => sideLoops.abort(signal.reason);
  signal.addEventListener('abort', stopWithAgent, { once: true });
  const following = ctx.reservations ? followReservations(ctx.reservations, () => turns.run(recheck), ctx.log, sideLoops.signal) : null;
  // guest ports plugged between passes get their VNet's flags as the kernel reports them
  let policy: { of: SdnConfig; ports: PortPolicy } | null = null;
  const currentPolicy = (): PortPolicy | null => {
    if (config && policy?.of !== config) policy = { of: config, ports: portPolicy(config, ctx.node) };
    return policy?.ports ?? null;
  };
  const watchingPorts = ctx.reload ? followGuestPorts(ctx.host.runner, currentPolicy, ctx.log, sideLoops.signal) : null;
  let lastStatus: NodeStatus | null = null;
  const pass = async (d: RunningDoc, alsoReload?: readonly Service[]) => {
    const r = await runPass(ctx, d, alsoReload);
    config = r.config ?? config;
    lastDoc = d;
    lastStatus = r.status;
    reserved = await reservationKey();
    return r.status;
  };
  const drift = driftWatch(ctx, {
    lastStatus: () => lastStatus,
    repass: async (alsoReload) => (lastDoc ? pass(lastDoc, alsoReload) : null),
    publish: (status) => report(ctx, 'drift', (r) => r.publishStatus(status)),
  });
  const driftTimer = ctx.driftIntervalMs ? setInterval(() => void turns.run(() => drift.check()).catch((e: Error) => ctx.log(`drift check failed: ${e.message}`)), ctx.driftIntervalMs) : null;
  // live-state queries only read the node: they need no turn; drift checks and repairs take one
  const own = (ask: AgentQuery) => turns.run(() => (ask.kind === 'repair' ? drift.repair() : drift.check()));
  const answering = ctx.queries ? answerQueries(ctx.host, ctx.frr, ctx.queries, ctx.log, sideLoops.signal, own) : null;
  try {
    let known = 0;
    for (;;) {
      const doc = await source.nextRunning(known, signal);
      known = doc.version;
      const status = await turns.run(() => pass(doc));
      if (doc.confirm && status.state === 'applied') await followConfirmation(ctx, source, { ...doc, confirm: doc.confirm }, (d) => turns.run(() => pass(d)), signal);
    }
  } catch (e) {
    if (!signal.aborted) throw e;
  } finally {
    clearInterval(timer);
    if (driftTimer) clearInterval(driftTimer);
    signal.removeEventListener('abort', stopWithAgent);
    sideLoops.abort();
    ctx.reservations?.close();
    await following;
    await answering;
    await watchingPorts;
  }
}

/**
 * After applying a version that waits for confirmation: a node that cannot
 * reach its source for the window returns to the previous version by
 * itself, then waits for a version other than the one it left (the server's
 * rollback, or a newer apply).
 */
async function followConfirmation(ctx: AgentContext, source: AgentSource, doc: RunningDoc & { readonly confirm: NonNullable<RunningDoc['confirm']> }, pass: (d: RunningDoc) => Promise<NodeStatus>, signal: AbortSignal): Promise<void> {
  const outcome = await awaitConfirmation(source, doc, ctx.log, signal);
  if (outcome === 'confirmed') ctx.log(`version ${doc.version} confirmed`);
  if (outcome !== 'unreachable') return;
  const previous = doc.confirm.previous;
  ctx.log(`version ${doc.version} was not confirmed and ${source.description} stayed unreachable for ${doc.confirm.window} s: returning to version ${previous.version} by itself`);
  const status = await pass(previous);
  ctx.log(status.state === 'applied' ? `returned to version ${previous.version} by itself` : `could not return to version ${previous.version}: ${status.message ?? 'unknown error'}`);
}

/** Runs `recheck` after each change of the reservations until `signal` aborts. */
async function followReservations(source: ReservationSource, recheck: () => Promise<void>, log: (line: string) => void, signal: AbortSignal): Promise<void> {
  while (!signal.aborted) {
    try {
      await source.changed(signal);
      await recheck();
    } catch (e) {
      if (signal.aborted) return;
      // a failed re-apply is in the node status already; the next change tries again
      log(`DHCP reservations: ${(e as Error).message}`);
    }
  }
}
