/** API helpers shared by the agent cluster tests. */
import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningServer } from '../../src/api/start.js';
import { agentNodes } from '../../src/sdn/node-status.js';
import { DirectoryStore } from '../../src/store/directory.js';
import { makeHarness, type Harness } from '../api/harness.js';
import { Agents } from '../support/agents.js';
import type { Lab, LabNode } from '../support/lab.js';

export const address = (node: string) => `198.51.100.1${node.slice(-1)}`;
const INTERFACES = 'auto lo\niface lo inet loopback\n\nauto vmbr0\niface vmbr0 inet static\n\taddress 198.51.100.10/24\n\tbridge-ports eth0\n\nsource /etc/network/interfaces.d/*\n';

/** A node's --root (with /etc/network/interfaces) and --facts file. */
export function nodeFiles(dir: string, node: string): { root: string; facts: string } {
  const root = join(dir, node);
  mkdirSync(join(root, 'etc/network'), { recursive: true });
  writeFileSync(join(root, 'etc/network/interfaces'), INTERFACES.replace('198.51.100.10', address(node)));
  const facts = join(dir, `${node}.facts.json`);
  writeFileSync(facts, JSON.stringify({ nodename: node, routeSource: { ip: address(node), iface: 'vmbr0' }, bridgePorts: { vmbr0: ['eth0'] } }));
  return { root, facts };
}

/** Calls the API as root@pam; asserts a 200 and returns the data. */
export async function ok(h: Harness, method: string, path: string, params: Record<string, unknown> = {}): Promise<unknown> {
  const a = await h.call(method, path, params, h.root);
  assert.equal(a.status, 200, `${method} ${path}: ${JSON.stringify(a.body)}`);
  return a.body.data;
}

/** An API token in a 0600 file, as `weft agent --token-file` reads it. */
export function writeTokenFile(file: string, tok: { readonly 'full-tokenid': string; readonly value: string }): string {
  writeFileSync(file, `${tok['full-tokenid']}=${tok.value}\n`, { mode: 0o600 });
  return file;
}

/** `weft agent` options for a node that talks to `server` (certificate pinned), files under `f.root`, facts given. */
export function serverAgentArgs(server: RunningServer, tokenFile: string, f: { readonly root: string; readonly facts: string }): string[] {
  return ['--server', server.url, '--fingerprint', server.tls?.fingerprint ?? '', '--token-file', tokenFile, '--root', f.root, '--no-reload', '--facts', f.facts];
}

/** Waits until the agents of `nodes` published their facts (so an apply follows them). */
export async function waitForAgents(h: Harness, nodes: readonly string[], seconds = 20): Promise<void> {
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    const reported = new Set<string>(agentNodes((await h.store.read()).docs));
    if (nodes.every((n) => reported.has(n))) {
      // and the API lists them
      const listed = ((await ok(h, 'GET', '/nodes')) as { node: string }[]).map((n) => n.node);
      assert.deepEqual(nodes.filter((n) => !listed.includes(n)), []);
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`the agents of ${nodes.join(', ')} did not publish their facts within ${seconds} s`);
}

export interface LabCluster {
  readonly h: Harness;
  readonly agents: Agents;
  /** stops the agents and the API (the lab itself is the caller's) */
  close(): Promise<void>;
}

/**
 * The API on a data directory inside the lab, and `weft agent` running
 * continuously in each node's namespace, watching that directory, with its
 * files under the node's root; resolves once every agent has reported.
 */
export async function startLabCluster(lab: Lab, nodes: readonly LabNode[], extraArgs: (node: LabNode) => readonly string[] = () => []): Promise<LabCluster> {
  const data = join(lab.dir, 'data');
  const h = await makeHarness(new DirectoryStore(data, { exclusive: true }), data, { agentTimeoutMs: 60_000 });
  const agents = new Agents();
  const close = async () => {
    await agents.stopAll();
    await h.close();
  };
  try {
    for (const node of nodes) agents.start(node.name, ['--data-dir', data, '--root', node.root, ...extraArgs(node)], node.ns);
    await waitForAgents(h, nodes.map((n) => n.name));
  } catch (e) {
    await close();
    throw e;
  }
  return { h, agents, close };
}
