/**
 * The FRR daemons a node's fabrics need are switched on in its daemons file,
 * and a changed daemons file restarts FRR before frr.conf is reloaded.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { setDaemons, wantedDaemons } from '../../src/agent/frr-daemons.js';
import { nodeHost } from '../../src/agent/host.js';
import { frrPaths } from '../../src/agent/node-plan.js';
import { applyPass } from '../../src/agent/once.js';
import { localRunner } from '../../src/agent/runner.js';
import { decodeFiles, ONE_NODE_OPENFABRIC } from '../support/sdn-dir.js';
import { needs } from '../support/system.js';
import { withTempDirAsync } from '../support/weft.js';

const DAEMONS = 'bgpd=no\nospfd=no\nospf6d=no\nfabricd=no\nvrrpd=no\n\nvtysh_enable=yes\nwatchfrr_options="--netns"\n';

const config = (fabrics: string) => {
  const decoded = decodeFiles({ 'fabrics.cfg': fabrics });
  assert.ok(decoded.config, JSON.stringify(decoded.issues));
  return decoded.config;
};

test('fabricd for an OpenFabric fabric on the node, ospfd off; other lines untouched', () => {
  assert.deepEqual(wantedDaemons(config(ONE_NODE_OPENFABRIC), 'pve'), { fabricd: true, ospfd: false });
  assert.deepEqual(wantedDaemons(config(ONE_NODE_OPENFABRIC), 'other'), { fabricd: false, ospfd: false });
  assert.equal(setDaemons(DAEMONS, { fabricd: true, ospfd: false }), DAEMONS.replace('fabricd=no', 'fabricd=yes'));
  assert.equal(setDaemons(DAEMONS.replace('ospfd=no', 'ospfd=yes'), { fabricd: false, ospfd: false }), DAEMONS);
});

// the pass runs its pre-flight checks, which want the programs a reload needs
test('a pass that switches a daemon on restarts FRR, then reloads frr.conf', { skip: needs({ commands: ['ifreload', '/usr/lib/frr/frr-reload.py'] }) }, async () => {
  await withTempDirAsync(async (root) => {
    const host = nodeHost(root, localRunner());
    mkdirSync(join(root, 'etc/frr'), { recursive: true });
    writeFileSync(join(root, 'etc/frr/daemons'), DAEMONS);
    const calls: string[] = [];
    const facts = { nodename: 'pve', routeSource: { ip: '198.51.100.1', iface: 'ens19' }, bridgePorts: {} };
    const pass = await applyPass({ host, nodename: 'pve', config: config(ONE_NODE_OPENFABRIC), facts, frr: frrPaths(), reloader: async (s) => (calls.push(s), null), log: () => {} });
    assert.equal(pass.outcome?.error, undefined);
    assert.match(readFileSync(join(root, 'etc/frr/daemons'), 'utf8'), /^fabricd=yes$/m);
    assert.deepEqual(calls, ['network', 'frr-daemons', 'frr']);
  });
});
