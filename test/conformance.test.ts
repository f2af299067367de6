/**
 * The reference's own fixtures (../shared/conformance) through `bin/weft
 * render`, exactly as check.mjs runs them, one test per case.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { SHARED_DIR, WEFT_BIN, sharedSkip } from './support/paths.js';

const CHECK = join(SHARED_DIR, 'conformance', 'check.mjs');
/** Case groups whose renderer has landed; the rest arrive with their issues. */
const GROUPS = ['zones/simple', 'zones/vlan', 'zones/qinq', 'zones/vxlan', 'zones/evpn', 'fabrics'];

function cases(group: string): string[] {
  const root = join(SHARED_DIR, 'conformance', group);
  if (!existsSync(root)) return [];
  return readdirSync(root).filter((n) => statSync(join(root, n)).isDirectory()).sort();
}

for (const group of GROUPS) {
  const skip = sharedSkip(`conformance/${group}`);
  for (const name of skip ? ['(all)'] : cases(group)) {
    // check.mjs names a case by its group's last folder: evpn/exitnode, fabrics/bgp_default
    const label = `${group.split('/').pop() ?? group}/${name}`;
    test(`conformance ${group}/${name}`, { skip }, () => {
      const r = spawnSync(process.execPath, [CHECK, '--weft', WEFT_BIN, '--only', label, join(SHARED_DIR, 'conformance', group)], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stdout + r.stderr);
      // --only matches substrings (qinq/ovs also selects qinq/ovs_*): look for this case's own line
      assert.match(r.stdout, new RegExp(`^ok   ${label}$`, 'm'));
      assert.match(r.stdout, /^\d+ passed, 0 failed$/m);
    });
  }
}
