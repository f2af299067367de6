/**
 * Stopping a server whose store stopped answering: SIGTERM (as a supervisor
 * sends it) must end the process, not leave it waiting on etcd for ever.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { test } from 'node:test';
import { startEtcd, tempDir } from '../api/harness.js';
import { startServerProcess } from '../support/server-process.js';
import { needs } from '../support/system.js';

test('a server on etcd stops on SIGTERM after its etcd is gone', { skip: needs({ commands: ['etcd'] }), timeout: 120_000 }, async () => {
  const etcd = await startEtcd();
  const dir = tempDir('weft-stop-');
  const server = await startServerProcess(dir, ['--etcd', etcd.url, '--node', 'stopper', '--lease-ttl', '2']);
  try {
    await etcd.stop();
    await server.stop();
    assert.match(server.output(), /weft server: stopping/);
  } finally {
    await server.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});
