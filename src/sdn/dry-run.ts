/**
 * What an apply would change on one node: its files rendered from the
 * running config and from the edited (pending) config, as unified diffs
 * (the reference's dry-run answer: `interfaces-diff`, `frr-diff`).
 */
import { createTwoFilesPatch } from 'diff';
import { EMPTY_INTERFACES, parseInterfaces } from '../config/interfaces.js';
import type { NodeFacts } from '../ir/facts.js';
import type { SdnConfig } from '../sections/sdn-config.js';
import { FRR_CONF_PATH, renderNode, SDN_INTERFACES_PATH, type NodeFiles } from '../render/node-files.js';
import type { RenderCache } from '../render/render-cache.js';
import { decodeRunning, runningConfig } from './running.js';
import type { RunningConfig, SdnState } from './state.js';
import { compileRunning } from './workflow.js';
import type { DryRunAnswer, FileDiffs } from './file-diffs.js';

export interface NodeContext {
  readonly facts: NodeFacts;
  /** false before the node's agent first reported its facts (then `facts` knows only the name) */
  readonly reported?: boolean;
  /** the node's /etc/network/interfaces, when its agent reported it */
  readonly interfaces?: string;
  readonly frrLocal?: string;
}

/**
 * One render cache per node and side (sdn/dry-run keeps them between
 * requests as an agent keeps its own): a dry-run after an edit renders again
 * only the VNets the edit touched (render/render-cache.ts; the output equals
 * a render from scratch).
 */
const renderCaches = new Map<string, RenderCache>();

type Side = 'from' | 'to';

function cacheFor(node: NodeContext, side: Side): RenderCache {
  const key = `${node.facts.nodename}\0${side}`;
  let cache = renderCaches.get(key);
  if (!cache) renderCaches.set(key, (cache = {}));
  return cache;
}

function renderConfig(config: SdnConfig, node: NodeContext, side: Side): NodeFiles {
  return renderNode({
    config,
    facts: node.facts,
    interfaces: node.interfaces ? parseInterfaces(node.interfaces) : EMPTY_INTERFACES,
    ...(node.frrLocal !== undefined ? { frrLocal: node.frrLocal } : {}),
    cache: cacheFor(node, side),
  });
}

function render(state: SdnState, running: RunningConfig, node: NodeContext, what: string, side: Side): NodeFiles | null {
  if (running.version === undefined) return null;
  return renderConfig(decodeRunning(state, running, what), node, side);
}

function diff(path: string, before: string, after: string): string | null {
  if (before === after) return null;
  return createTwoFilesPatch(path, `${path}.new`, before, after, '', '', { context: 3 });
}

/** The node's files rendered from `before` and from `after`, as unified diffs. */
export function renderedDiff(state: SdnState, before: RunningConfig, after: RunningConfig, node: NodeContext, names: readonly [string, string] = ['running', 'pending']): FileDiffs {
  return mainDiffs(render(state, before, node, names[0], 'from'), render(state, after, node, names[1], 'to'));
}

function mainDiffs(from: NodeFiles | null, to: NodeFiles | null): FileDiffs {
  return {
    'interfaces-diff': diff(SDN_INTERFACES_PATH, from?.sdn ?? '', to?.sdn ?? ''),
    'frr-diff': diff(FRR_CONF_PATH, from?.frr ?? '', to?.frr ?? ''),
  };
}

const WAITING =
  'no agent has reported from this node yet, so its outgoing address and interfaces are unknown: SNAT rules, the local address of a VXLAN or EVPN zone with peers and the bridge ports checked by pre-flight are filled in by the node\'s agent when it applies (start weft agent on the node, or weft server --local-agent on this one)';

/** per state (one per store revision, sdn/state.ts) and node: the dry-run answered there */
const answers = new WeakMap<SdnState, Map<string, DryRunAnswer>>();

/** The running config against the edits compiled as the next apply would (once per revision and node). */
export function dryRun(state: SdnState, node: NodeContext): DryRunAnswer {
  const key = JSON.stringify(node);
  let byNode = answers.get(state);
  if (!byNode) answers.set(state, (byNode = new Map()));
  let answer = byNode.get(key);
  if (!answer) byNode.set(key, (answer = dryRunNow(state, node)));
  return answer;
}

function dryRunNow(state: SdnState, node: NodeContext): DryRunAnswer {
  const next = compileRunning(state, false);
  // the stored running config decoded once per version (sdn/running.ts), as the other readers share it
  const before = state.running.version === undefined ? null : renderConfig(runningConfig(state), node, 'from');
  const after = render(state, next, node, 'pending', 'to');
  // the other files: a DHCP zone's dnsmasq files (the sdn file and frr.conf are the main diffs)
  const contents = (files: NodeFiles | null) => new Map((files?.files ?? []).filter((f) => f.service.kind === 'dnsmasq' || f.service.kind === 'dnsmasq-retired').map((f) => [f.path, f.content ?? '']));
  const [from, to] = [contents(before), contents(after)];
  const files: Record<string, string> = {};
  for (const path of new Set([...from.keys(), ...to.keys()])) {
    const d = diff(path, from.get(path) ?? '', to.get(path) ?? '');
    if (d) files[path] = d;
  }
  return {
    ...mainDiffs(before, after),
    'files-diff': files,
    'waiting-for-facts': node.reported === false ? WAITING : null,
  };
}
