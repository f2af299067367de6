/**
 * What an apply would change on one node: its files rendered from the
 * running config and from the edited (pending) config, as unified diffs
 * (the reference's dry-run answer: `interfaces-diff`, `frr-diff`).
 */
import { createTwoFilesPatch } from 'diff';
import { EMPTY_INTERFACES, parseInterfaces } from '../config/interfaces.js';
import type { NodeFacts } from '../render/facts.js';
import { renderNode, type NodeFiles } from '../render/node-files.js';
import { decodeRunning } from './running.js';
import type { RunningConfig, SdnState } from './state.js';
import { compileRunning } from './workflow.js';

export interface NodeContext {
  readonly facts: NodeFacts;
  /** the node's /etc/network/interfaces, when its agent reported it */
  readonly interfaces?: string;
  readonly frrLocal?: string;
}

function render(state: SdnState, running: RunningConfig, node: NodeContext, what: string): NodeFiles | null {
  if (running.version === undefined) return null;
  return renderNode({
    config: decodeRunning(state, running, what),
    facts: node.facts,
    interfaces: node.interfaces ? parseInterfaces(node.interfaces) : EMPTY_INTERFACES,
    ...(node.frrLocal !== undefined ? { frrLocal: node.frrLocal } : {}),
  });
}

function diff(path: string, before: string, after: string): string | null {
  if (before === after) return null;
  return createTwoFilesPatch(path, `${path}.new`, before, after, '', '', { context: 3 });
}

export interface FileDiffs {
  readonly 'frr-diff': string | null;
  readonly 'interfaces-diff': string | null;
}

/** The node's files rendered from `before` and from `after`, as unified diffs. */
export function renderedDiff(state: SdnState, before: RunningConfig, after: RunningConfig, node: NodeContext, names: readonly [string, string] = ['running', 'pending']): FileDiffs {
  const from = render(state, before, node, names[0]);
  const to = render(state, after, node, names[1]);
  return {
    'interfaces-diff': diff('/etc/network/interfaces.d/sdn', from?.sdn ?? '', to?.sdn ?? ''),
    'frr-diff': diff('/etc/frr/frr.conf', from?.frr ?? '', to?.frr ?? ''),
  };
}

/** The running config against the edits compiled as the next apply would. */
export function dryRun(state: SdnState, node: NodeContext): FileDiffs {
  return renderedDiff(state, state.running, compileRunning(state, false), node);
}
