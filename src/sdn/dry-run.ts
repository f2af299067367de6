/**
 * What an apply would change on one node: its files rendered from the
 * running config and from the edited (pending) config, as unified diffs
 * (the reference's dry-run answer: `interfaces-diff`, `frr-diff`).
 */
import { createTwoFilesPatch } from 'diff';
import { EMPTY_INTERFACES, parseInterfaces } from '../config/interfaces.js';
import type { RawConfig } from '../model/config.js';
import { decodeConfig } from '../model/decode-config.js';
import { formatIssue } from '../model/issues.js';
import type { NodeFacts } from '../render/facts.js';
import { renderNode, type NodeFiles } from '../render/node-files.js';
import { SdnError } from './errors.js';
import type { RunningConfig } from './state.js';

export interface NodeContext {
  readonly facts: NodeFacts;
  /** the node's /etc/network/interfaces, when its agent reported it */
  readonly interfaces?: string;
  readonly frrLocal?: string;
}

function render(running: RunningConfig, node: NodeContext, what: string): NodeFiles | null {
  if (running.version === undefined) return null;
  const decoded = decodeConfig(running as unknown as RawConfig);
  if (!decoded.config) {
    const problems = decoded.issues.filter((i) => i.severity === 'error').map(formatIssue).join('; ');
    throw new SdnError(`the ${what} config does not validate, fix it first: ${problems}`);
  }
  return renderNode({
    config: decoded.config,
    facts: node.facts,
    interfaces: node.interfaces ? parseInterfaces(node.interfaces) : EMPTY_INTERFACES,
    ...(node.frrLocal !== undefined ? { frrLocal: node.frrLocal } : {}),
  });
}

function diff(path: string, before: string, after: string): string | null {
  if (before === after) return null;
  return createTwoFilesPatch(path, `${path}.new`, before, after, '', '', { context: 3 });
}

export function dryRun(running: RunningConfig, pending: RunningConfig, node: NodeContext): { 'frr-diff': string | null; 'interfaces-diff': string | null } {
  const before = render(running, node, 'running');
  const after = render(pending, node, 'pending');
  return {
    'interfaces-diff': diff('/etc/network/interfaces.d/sdn', before?.sdn ?? '', after?.sdn ?? ''),
    'frr-diff': diff('/etc/frr/frr.conf', before?.frr ?? '', after?.frr ?? ''),
  };
}
