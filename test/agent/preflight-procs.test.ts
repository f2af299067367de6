/**
 * Pre-flight reads the node's sysctls (/proc) directly when the runner's
 * commands see the agent's own namespace (no fork per pass), else through one
 * command of the runner (a lab's namespace): both give the same findings.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { nodeHost } from '../../src/agent/host.js';
import { preflight } from '../../src/agent/preflight.js';
import type { CommandRunner } from '../../src/agent/runner.js';
import type { NodeFacts } from '../../src/ir/facts.js';
import { cfg, decodeFiles } from '../support/sdn-dir.js';
import { withTempDirAsync } from '../support/weft.js';
import { nodeName } from '../support/node-name.js';

const FACTS: NodeFacts = { nodename: nodeName('pve1'), routeSource: null, bridgePorts: {} };
const FORWARD = '/proc/sys/net/ipv4/ip_forward';
// an EVPN zone routes between VNets: it needs forwarding
const config = decodeFiles({ 'zones.cfg': cfg('evpn: e1\n\tcontroller c1\n\tvrf-vxlan 100\n'), 'controllers.cfg': cfg('evpn: c1\n\tasn 65000\n\tpeers 10.0.0.1\n') }).config;

async function forwardingFindings(runner: CommandRunner): Promise<string[]> {
  assert.ok(config);
  return withTempDirAsync(async (root) => (await preflight({ host: nodeHost(root, runner), config, facts: FACTS, needsFrr: true, reload: false, sdn: '' })).map((i) => i.code).filter((c) => c === 'ip-forward'));
}

test('a sysctl read directly or through a command gives the same finding', async () => {
  const commands: string[] = [];
  const direct: CommandRunner = {
    run: (cmd, args) => (commands.push([cmd, ...args].join(' ')), Promise.resolve({ code: 1, stdout: '', stderr: '' })),
    readFile: (path) => (path === FORWARD ? '0\n' : null),
  };
  assert.deepEqual(await forwardingFindings(direct), ['ip-forward']);
  assert.ok(!commands.some((c) => c.includes(FORWARD)), `no command reads it: ${commands.join('; ')}`);
  // through the runner's command: one line per file, `=value` or `!`
  const viaCommand: CommandRunner = { run: (cmd, args) => Promise.resolve({ code: 0, stdout: args.includes(FORWARD) ? '=0\n' : '', stderr: '' }) };
  assert.deepEqual(await forwardingFindings(viaCommand), ['ip-forward']);
  const forwarding: CommandRunner = { ...direct, readFile: (path) => (path === FORWARD ? '1\n' : null) };
  assert.deepEqual(await forwardingFindings(forwarding), []);
});
