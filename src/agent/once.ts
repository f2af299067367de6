/**
 * One apply pass on a node: read the running config, probe (or take) the
 * facts, render, check, write what changed, reload, and report.
 */
import { parseInterfaces } from '../config/interfaces.js';
import type { DhcpHost } from '../dhcp/plan.js';
import type { SdnConfig } from '../model/config.js';
import type { Issue } from '../model/issues.js';
import type { NodeFacts } from '../render/facts.js';
import { renderNode } from '../render/node-files.js';
import { applyFiles, type ApplyOutcome, type Reloader } from './apply.js';
import { setDaemons, wantedDaemons } from './frr-daemons.js';
import type { NodeHost } from './host.js';
import { INTERFACES_PATH, managedFiles, type FrrPaths } from './node-plan.js';
import { preflight } from './preflight.js';
import { probeFacts } from './probe.js';

export interface PassInput {
  readonly host: NodeHost;
  readonly nodename: string;
  readonly config: SdnConfig;
  /** given facts (`--facts`), else probed */
  readonly facts?: NodeFacts;
  readonly frr: FrrPaths;
  /** null: write only (`--no-reload`) */
  readonly reloader: Reloader | null;
  readonly log: (line: string) => void;
  /** DHCP reservations of a zone (from the IPAM), for its dnsmasq `ethers` */
  readonly dhcpHosts?: (zone: string) => readonly DhcpHost[];
}

export interface PassResult {
  readonly version: number;
  /** the facts the render used (probed or given) */
  readonly facts: NodeFacts;
  readonly issues: readonly Issue[];
  readonly outcome: ApplyOutcome | null;
}

export async function applyPass(input: PassInput): Promise<PassResult> {
  const { host, config, log } = input;
  const facts = input.facts ?? (await probeFacts(host, input.nodename, config));
  const interfaces = parseInterfaces(host.read(INTERFACES_PATH) ?? '');
  const frrLocal = host.read(input.frr.local);
  const files = renderNode({ config, facts, interfaces, ...(frrLocal !== null ? { frrLocal } : {}), ...(input.dhcpHosts ? { dhcpHosts: input.dhcpHosts } : {}) });
  const checks = await preflight({ host, config, facts, needsFrr: files.frr !== null, reload: input.reloader !== null });
  const issues = [...files.warnings, ...checks];
  for (const i of issues) log(`${i.severity}: ${i.path}: ${i.message}`);
  if (checks.some((i) => i.severity === 'error')) return { version: config.version, facts, issues, outcome: null };
  const daemons = host.read(input.frr.daemons);
  const wanted = daemons === null ? null : setDaemons(daemons, wantedDaemons(config, facts.nodename));
  const outcome = await applyFiles(host, managedFiles(files, input.frr, wanted), input.reloader, log);
  return { version: config.version, facts, issues, outcome };
}
