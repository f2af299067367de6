/**
 * What a `weft` command loads before it runs: the static imports of its
 * module, followed through the compiled files (a dynamic import() is a
 * module loaded only when used, and is not followed). The server's start
 * loads no route module, no etcd client and no certificate generator
 * (routes/index.ts lists the routes; each module loads at its first call),
 * and the commands that only talk to a server never load the server.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { staticClosure as closureUnder } from '../support/static-imports.js';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));
const staticClosure = (entry: string) => closureUnder(SRC, entry);

test('the server starts without its route modules, the etcd client or the certificate generator', () => {
  const { modules, packages } = staticClosure('cli/server.js');
  assert.ok(modules.has('api/start.js') && modules.has('api/routes/index.js'), 'the closure is followed');
  assert.deepEqual([...modules].filter((m) => m.startsWith('api/routes/') && m !== 'api/routes/index.js'), []);
  assert.deepEqual([...modules].filter((m) => /etcd/.test(m)), []);
  assert.deepEqual([...packages].filter((p) => ['etcd3', 'selfsigned'].includes(p)), []);
  // the SDN state, the decoded config and the built-in IPAM's database are for the requests that need them
  assert.deepEqual([...modules].filter((m) => ['sdn/state.js', 'model/decode-config.js', 'ipam/index.js', 'ipam/pve-db-format.js'].includes(m)), []);
});

test('the commands that call a server, and render, load no server, store or route', () => {
  for (const command of ['cli/resource.js', 'cli/login.js', 'cli/render.js']) {
    const { modules, packages } = staticClosure(command);
    assert.ok(modules.size > 1, `${command}: the closure is followed`);
    assert.deepEqual([...modules].filter((m) => m.startsWith('api/') || m.startsWith('store/') || m.startsWith('sdn/')), [], command);
    assert.deepEqual([...packages].filter((p) => ['fastify', 'etcd3', 'selfsigned'].includes(p)), [], command);
  }
});
