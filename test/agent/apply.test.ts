import { strict as assert } from 'node:assert';
import { mkdirSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { applyFiles } from '../../src/agent/apply.js';
import { nodeHost } from '../../src/agent/host.js';
import { localRunner } from '../../src/agent/runner.js';
import { FRR, NETWORK, serviceName, type NodeFile, type Service } from '../../src/ir/node-file.js';
import { withTempDirAsync } from '../support/weft.js';

const files = (sdn: string, frr: string | null): NodeFile[] => [
  { path: '/etc/network/interfaces.d/sdn', content: sdn, service: NETWORK },
  { path: '/etc/frr/frr.conf', content: frr, service: FRR },
];

describe('applyFiles: write what changed, reload, revert on failure', () => {
  test('writes changed files under the root and reloads their services in order', async () => {
    await withTempDirAsync(async (root) => {
      const host = nodeHost(root, localRunner());
      const calls: string[] = [];
      const r = await applyFiles(host, files('A', 'F'), async (s) => (calls.push(serviceName(s)), null));
      assert.deepEqual(r.changed, ['/etc/network/interfaces.d/sdn', '/etc/frr/frr.conf']);
      assert.deepEqual(calls, ['network', 'frr']);
      assert.equal(readFileSync(join(root, 'etc/frr/frr.conf'), 'utf8'), 'F');
    });
  });

  test('unchanged files are neither written nor reloaded', async () => {
    await withTempDirAsync(async (root) => {
      const host = nodeHost(root, localRunner());
      await applyFiles(host, files('A', null), null);
      const before = statSync(join(root, 'etc/network/interfaces.d/sdn')).mtimeMs;
      const calls: string[] = [];
      const r = await applyFiles(host, files('A', null), async (s) => (calls.push(serviceName(s)), null));
      assert.deepEqual(r.changed, []);
      assert.deepEqual(calls, []);
      assert.equal(statSync(join(root, 'etc/network/interfaces.d/sdn')).mtimeMs, before);
    });
  });

  test('a failed reload restores the previous files and reloads them again', async () => {
    await withTempDirAsync(async (root) => {
      const host = nodeHost(root, localRunner());
      mkdirSync(join(root, 'etc/network/interfaces.d'), { recursive: true });
      writeFileSync(join(root, 'etc/network/interfaces.d/sdn'), 'OLD');
      const calls: string[] = [];
      const reload = async (s: Service) => {
        calls.push(`${serviceName(s)}:${host.read('/etc/frr/frr.conf') ?? '-'}`);
        return s.kind === 'frr' && host.read('/etc/frr/frr.conf') === 'BROKEN' ? 'line 3: unknown command' : null;
      };
      const r = await applyFiles(host, files('NEW', 'BROKEN'), reload);
      assert.equal(r.error, 'frr reload failed: line 3: unknown command');
      assert.equal(readFileSync(join(root, 'etc/network/interfaces.d/sdn'), 'utf8'), 'OLD');
      assert.equal(existsSync(join(root, 'etc/frr/frr.conf')), false, 'a file that did not exist is removed again');
      // network reloaded with the new files, frr failed, then both reloaded on the restored files
      assert.deepEqual(calls, ['network:BROKEN', 'frr:BROKEN', 'network:-', 'frr:-']);
    });
  });

  test('a file that cannot be written puts back the ones written before it, and nothing is reloaded', async () => {
    await withTempDirAsync(async (root) => {
      const host = nodeHost(root, localRunner());
      mkdirSync(join(root, 'etc/network/interfaces.d'), { recursive: true });
      writeFileSync(join(root, 'etc/network/interfaces.d/sdn'), 'OLD');
      // a file where the frr directory goes: frr.conf cannot be written
      writeFileSync(join(root, 'etc/frr'), 'not a directory');
      const calls: string[] = [];
      await assert.rejects(applyFiles(host, files('NEW', 'F'), async (s) => (calls.push(serviceName(s)), null)), /ENOTDIR|EEXIST/);
      assert.equal(readFileSync(join(root, 'etc/network/interfaces.d/sdn'), 'utf8'), 'OLD');
      assert.deepEqual(calls, []);
    });
  });
});
