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

/** The running config against the edits compiled as the next apply would. */
export function dryRun(state: SdnState, node: NodeContext): { 'frr-diff': string | null; 'interfaces-diff': string | null } {
  const before = render(state, state.running, node, 'running');
  const after = render(state, compileRunning(state, false), node, 'pending');
  return {
    'interfaces-diff': diff('/etc/network/interfaces.d/sdn', before?.sdn ?? '', after?.sdn ?? ''),
    'frr-diff': diff('/etc/frr/frr.conf', before?.frr ?? '', after?.frr ?? ''),
  };
}
