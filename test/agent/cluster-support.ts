/** API helpers shared by the agent cluster tests. */
import { strict as assert } from 'node:assert';
import type { Harness } from '../api/harness.js';

/** Calls the API as root@pam; asserts a 200 and returns the data. */
export async function ok(h: Harness, method: string, path: string, params: Record<string, unknown> = {}): Promise<unknown> {
  const a = await h.call(method, path, params, h.root);
  assert.equal(a.status, 200, `${method} ${path}: ${JSON.stringify(a.body)}`);
  return a.body.data;
}

/** Waits until the agents of `nodes` published their facts (GET /nodes lists them). */
export async function waitForAgents(h: Harness, nodes: readonly string[], seconds = 20): Promise<void> {
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    const listed = ((await ok(h, 'GET', '/nodes')) as { node: string }[]).map((n) => n.node);
    if (nodes.every((n) => listed.includes(n))) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`the agents of ${nodes.join(', ')} did not publish their facts within ${seconds} s`);
}
