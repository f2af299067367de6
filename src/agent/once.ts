/**
 * One apply pass on a node: read the running config, probe (or take) the
 * facts, render, check, write what changed, reload, and report.
 */
import { parseInterfaces } from '../config/interfaces.js';
import type { DhcpHost } from '../dhcp/plan.js';
import type { SdnConfig } from '../sections/sdn-config.js';
import { fabricsOfNode } from '../fabrics/fabric-config.js';
import { issue, type Issue } from '../model/issues.js';
import type { NodeFacts } from '../ir/facts.js';
import { renderNode, SDN_INTERFACES_PATH } from '../render/node-files.js';
import type { RenderCache } from '../render/render-cache.js';
import type { NodeFile, Service } from '../ir/node-file.js';
import { applyFiles, changedFiles, type ApplyOutcome, type Reloader } from './apply.js';
import { staleDnsmasqFiles } from './dnsmasq.js';
import { setDaemons, wantedDaemons } from './frr-daemons.js';
import type { NodeHost } from './host.js';
import { INTERFACES_PATH, managedFiles, type FrrPaths } from './node-plan.js';
import { preflight } from './preflight.js';
import { probeFacts } from './probe.js';
import { staleWireguardFiles } from './wireguard.js';
import type { KeySource, NodeKeys } from './wireguard-keys.js';
import type { NodeName } from '../model/values.js';

export interface PassInput {
  readonly host: NodeHost;
  readonly nodename: NodeName;
  readonly config: SdnConfig;
  /** given facts (`--facts`), else probed */
  readonly facts?: NodeFacts;
  readonly frr: FrrPaths;
  /** null: write only (`--no-reload`) */
  readonly reloader: Reloader | null;
  readonly log: (line: string) => void;
  /** DHCP reservations of a zone (from the IPAM), for its dnsmasq `ethers` */
  readonly dhcpHosts?: (zone: string) => readonly DhcpHost[];
  /** this node's WireGuard private keys; read only when the node has WireGuard interfaces */
  readonly wireguardKeys?: KeySource;
  /** the last pass, kept by the caller: a pass with the same inputs renders nothing */
  readonly memo?: PassMemo;
  /** services to reload even when their files are unchanged (a repair: see drift.ts) */
  readonly alsoReload?: readonly Service[];
}

/**
 * What the last pass rendered, and from what: the config (the same decoded
 * object), and the facts, local files, keys and DHCP reservations as one text.
 * When they are all the same and the node's files still hold what was
 * rendered, there is nothing to render or write; only the checks of the live
 * node (pre-flight) run again.
 */
export interface PassMemo {
  last?: {
    readonly config: SdnConfig;
    readonly inputs: string;
    readonly files: readonly NodeFile[];
    readonly needsFrr: boolean;
    readonly renderIssues: readonly Issue[];
  };
  /** the last render's parts: a render redoes only what changed inputs affect */
  render?: RenderCache;
}

/** The pass's inputs besides the config, as one comparable text. */
function inputsText(input: PassInput, facts: NodeFacts, interfaces: string | null, frrLocal: string | null, keys: { keys: NodeKeys; issues: Issue[] }): string {
  const dhcp = [...input.config.zones.values()].filter((z) => z.dhcp).map((z) => [z.id, input.dhcpHosts?.(z.id) ?? []]);
  return JSON.stringify([facts, interfaces, frrLocal, [...keys.keys], keys.issues, dhcp]);
}

export interface PassResult {
  readonly version: number;
  /** the facts the render used (probed or given) */
  readonly facts: NodeFacts;
  readonly issues: readonly Issue[];
  readonly outcome: ApplyOutcome | null;
}

/** The node's WireGuard keys, when it has WireGuard interfaces; a source that fails is an error of the pass. */
async function nodeKeys(input: PassInput): Promise<{ keys: NodeKeys; issues: Issue[] }> {
  const none = { keys: new Map<string, string>(), issues: [] };
  const wanted = fabricsOfNode(input.config.fabrics, input.nodename).some(({ node }) => node.protocol === 'wireguard' && node.role === 'internal');
  if (!wanted || !input.wireguardKeys) return none;
  try {
    return { keys: await input.wireguardKeys(), issues: [] };
  } catch (e) {
    return { ...none, issues: [issue('wireguard-keys', 'wg-keys.cfg', `cannot read this node's WireGuard keys: ${(e as Error).message}`)] };
  }
}

export async function applyPass(input: PassInput): Promise<PassResult> {
  const { host, config, log } = input;
  const facts = input.facts ?? (await probeFacts(host, input.nodename, config));
  const interfacesText = host.read(INTERFACES_PATH);
  const frrLocal = host.read(input.frr.local);
  const keys = await nodeKeys(input);
  const inputs = inputsText(input, facts, interfacesText, frrLocal, keys);
  const last = input.memo?.last;
  if (last && last.config === config && last.inputs === inputs && changedFiles(host, last.files).length === 0 && !input.alsoReload?.length) {
    // the node's sdn file still holds what was rendered
    const checks = await preflight({ host, config, facts, needsFrr: last.needsFrr, reload: input.reloader !== null, sdn: host.read(SDN_INTERFACES_PATH) ?? '' });
    const issues = [...last.renderIssues, ...checks];
    for (const i of issues) log(`${i.severity}: ${i.path}: ${i.message}`);
    if (issues.some((i) => i.severity === 'error')) return { version: config.version, facts, issues, outcome: null };
    log('nothing changed since the last pass: no render, no write');
    return { version: config.version, facts, issues, outcome: { changed: [], reloaded: [] } };
  }
  const interfaces = parseInterfaces(interfacesText ?? '');
  const cache = input.memo ? (input.memo.render ??= {}) : undefined;
  const files = renderNode({
    config,
    facts,
    interfaces,
    ...(frrLocal !== null ? { frrLocal } : {}),
    frrConf: input.frr.conf,
    ...(input.dhcpHosts ? { dhcpHosts: input.dhcpHosts } : {}),
    wireguardKeys: (iface) => keys.keys.get(iface),
    ...(cache ? { cache } : {}),
  });
  if (cache?.stats) log(`rendered ${cache.stats.vnets - cache.stats.vnetsReused} of ${cache.stats.vnets} VNets anew${cache.stats.frrReused ? ', frr.conf as before' : ''}`);
  const checks = await preflight({ host, config, facts, needsFrr: files.frr !== null, reload: input.reloader !== null, sdn: files.sdn });
  const issues = [...keys.issues, ...files.warnings, ...checks];
  for (const i of issues) log(`${i.severity}: ${i.path}: ${i.message}`);
  // a render error is a file that could not be made (a WireGuard config without its key): the rest would point at it
  if (issues.some((i) => i.severity === 'error')) return { version: config.version, facts, issues, outcome: null };
  const daemons = host.read(input.frr.daemons);
  const wanted = daemons === null ? null : setDaemons(daemons, wantedDaemons(files.frr));
  const managed = [...managedFiles(files.files, input.frr, wanted), ...staleWireguardFiles(host, files.files), ...staleDnsmasqFiles(host, files.files)];
  const outcome = await applyFiles(host, managed, input.reloader, log, input.alsoReload);
  // a failed reload restored the previous files: the next pass must try again
  if (input.memo) input.memo.last = outcome.error ? undefined : { config, inputs, files: managed, needsFrr: files.frr !== null, renderIssues: [...keys.issues, ...files.warnings] };
  return { version: config.version, facts, issues, outcome };
}
