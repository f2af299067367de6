/**
 * scripts/run-tests.mjs runs test files side by side, except those that say
 * they use the machine's programs (they take `needs` or `chromiumSkip`): those
 * run one at a time. A file that starts namespaces, daemons, etcd or a
 * browser without saying so would run beside others and race them: every
 * file reaching one of the modules below must be in the serial group.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from './support/paths.js';
import { staticClosure } from './support/static-imports.js';

const DIST_TEST = join(REPO_ROOT, 'dist', 'test');

/** Test modules that hold the machine's shared resources, relative to dist/test. */
const MACHINE_MODULES = [
  'support/lab.js', // network namespaces, ifupdown2 in them
  'support/frr-lab.js', // FRR daemons
  'support/evpn-lab.js',
  'support/ns-relay.js',
  'support/lab-systemctl.js',
  'support/etcd-cluster.js', // etcd members
  'support/pdns.js', // a PowerDNS server
  'support/browser.js', // chromium
];
/** a call of harness.ts's etcd (the module serves every API test, the function only some) */
const STARTS_ETCD = /(?<!function )\bstartEtcd\(/;

test('every test file that uses namespaces, daemons, etcd or a browser runs in the serial group', () => {
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'run-tests.mjs'), '--list'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const groups = new Map(
    r.stdout
      .trim()
      .split('\n')
      .map((line) => {
        const [group = '', file = ''] = line.split(/\s+/);
        return [file.replace(/^dist\/test\//, ''), group] as const;
      }),
  );
  assert.equal(groups.get('lab-evpn.test.js'), 'serial');
  assert.equal(groups.get('conformance.test.js'), 'parallel');

  const unmarked: string[] = [];
  for (const [file, group] of groups) {
    const { modules } = staticClosure(DIST_TEST, file);
    const uses = [...modules].filter((m) => MACHINE_MODULES.includes(m));
    if ([...modules].some((m) => STARTS_ETCD.test(readFileSync(join(DIST_TEST, m), 'utf8')))) uses.push('startEtcd');
    if (uses.length > 0 && group !== 'serial') unmarked.push(`${file} uses ${uses.join(', ')}: take its skip from needs() (test/support/system.ts)`);
  }
  assert.deepEqual(unmarked, []);
});
