/**
 * `weft agent`: applies the running config on one node (see src/agent).
 * `--once` applies the current running config and exits.
 */
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { nodeHost } from '../agent/host.js';
import { applyPass } from '../agent/once.js';
import { systemReloader } from '../agent/reload.js';
import { localRunner } from '../agent/runner.js';
import { parseFacts } from '../render/facts.js';
import { CliError, reportIssues } from './errors.js';
import { loadConfigFile, readText } from './load-config.js';

export const AGENT_USAGE = `usage: weft agent --node NAME --data-dir DIR [--root DIR] [--once] [--no-reload] [--facts FILE]
Renders this node's files from the running config (DIR/.running-config),
writes the changed ones under --root (default /) and reloads ifupdown2/FRR;
on a failed reload the previous files are restored.`;

export async function agentCommand(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      node: { type: 'string' },
      'data-dir': { type: 'string' },
      root: { type: 'string', default: '/' },
      once: { type: 'boolean', default: false },
      'no-reload': { type: 'boolean', default: false },
      facts: { type: 'string' },
    },
    strict: true,
  });
  if (!values.node) throw new CliError(`--node NAME is required\n${AGENT_USAGE}`);
  if (!values['data-dir']) throw new CliError(`--data-dir DIR is required\n${AGENT_USAGE}`);
  if (!values.once) throw new CliError(`only --once is available in this version: run it after each apply\n${AGENT_USAGE}`);

  const decoded = loadConfigFile(join(values['data-dir'], '.running-config'));
  let facts;
  if (values.facts) {
    const parsed = parseFacts(JSON.parse(readText(values.facts, 'facts')), values.facts);
    if (!parsed.facts) {
      reportIssues('agent', parsed.issues);
      return 1;
    }
    facts = parsed.facts;
  }
  if (reportIssues('agent', decoded.issues) || !decoded.config) return 1;

  const host = nodeHost(values.root, localRunner());
  const log = (line: string) => process.stderr.write(`weft agent [${values.node}]: ${line}\n`);
  const result = await applyPass({ host, nodename: values.node, config: decoded.config, ...(facts ? { facts } : {}), reloader: values['no-reload'] ? null : systemReloader(host), log });
  if (!result.outcome) return 1;
  if (result.outcome.error) {
    log(`apply of version ${result.version} failed: ${result.outcome.error}`);
    return 1;
  }
  log(`version ${result.version} applied: ${result.outcome.changed.length} file(s) changed${result.outcome.reloaded.length ? `, reloaded ${result.outcome.reloaded.join(', ')}` : ''}`);
  return 0;
}
