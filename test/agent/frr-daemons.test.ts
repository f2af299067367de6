/**
 * The FRR daemons a node's frr.conf needs are switched on in its daemons file
 * (never off), and a changed daemons file restarts FRR before frr.conf is
 * reloaded.
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
import { EMPTY_INTERFACES } from '../../src/config/interfaces.js';
import { serviceName } from '../../src/ir/node-file.js';
import { renderNode } from '../../src/render/node-files.js';
import { cfg, decodeFiles, ONE_NODE_OPENFABRIC } from '../support/sdn-dir.js';
import { needs } from '../support/system.js';
import { withTempDirAsync } from '../support/weft.js';
import { nodeName } from '../support/node-name.js';

const DAEMONS = 'bgpd=no\nospfd=no\nospf6d=no\nfabricd=no\nvrrpd=no\n\nvtysh_enable=yes\nwatchfrr_options="--netns"\n';

const config = (fabrics: string) => {
  const decoded = decodeFiles({ 'fabrics.cfg': fabrics });
  assert.ok(decoded.config, JSON.stringify(decoded.issues));
  return decoded.config;
};

const frrOf = (fabrics: string, node = 'pve') => renderNode({ config: config(fabrics), facts: { nodename: nodeName(node), routeSource: null, bridgePorts: {} }, interfaces: EMPTY_INTERFACES }).frr;

const BGP_FABRIC = cfg(`
  bgp_fabric: uf
    ip_prefix 10.10.10.0/24
    bfd 1
  bgp_node: uf_pve
    role internal
    asn 65001
    interfaces name=ens18
    ip 10.10.10.1
`);

test('the daemons the rendered frr.conf runs: fabricd for OpenFabric, bgpd (and bfdd for BFD) for a BGP fabric, none without FRR', () => {
  assert.deepEqual([...wantedDaemons(frrOf(ONE_NODE_OPENFABRIC))], ['fabricd']);
  assert.deepEqual([...wantedDaemons(frrOf(BGP_FABRIC))].sort(), ['bfdd', 'bgpd']);
  assert.deepEqual([...wantedDaemons(frrOf(ONE_NODE_OPENFABRIC, 'other'))], []);
  assert.deepEqual([...wantedDaemons('!\nrouter ospf\n ospf router-id 10.0.0.1\nexit\n!\nrouter bgp 65000 vrf vrf_z\nexit\n')].sort(), ['bgpd', 'ospfd']);
});

test('wanted daemons are switched on, none is switched off; other lines untouched', () => {
  assert.equal(setDaemons(DAEMONS, new Set(['fabricd', 'bgpd'])), DAEMONS.replace('fabricd=no', 'fabricd=yes').replace('bgpd=no', 'bgpd=yes'));
  const operatorsOspf = DAEMONS.replace('ospfd=no', 'ospfd=yes');
  assert.equal(setDaemons(operatorsOspf, new Set()), operatorsOspf, "ospfd stays on: it may run the operator's routing");
  assert.equal(setDaemons(DAEMONS, new Set(['zebra'])), DAEMONS, 'a daemon without a line is not added');
});

// the pass runs its pre-flight checks, which want the programs a reload needs
test('a pass that switches a daemon on restarts FRR, then reloads frr.conf', { skip: needs({ commands: ['ifreload', '/usr/lib/frr/frr-reload.py'] }) }, async () => {
  await withTempDirAsync(async (root) => {
    const host = nodeHost(root, localRunner());
    mkdirSync(join(root, 'etc/frr'), { recursive: true });
    writeFileSync(join(root, 'etc/frr/daemons'), DAEMONS);
    const calls: string[] = [];
    const facts = { nodename: nodeName('pve'), routeSource: { ip: '198.51.100.1', iface: 'ens19' }, bridgePorts: {} };
    const pass = await applyPass({ host, nodename: nodeName('pve'), config: config(ONE_NODE_OPENFABRIC), facts, frr: frrPaths(), reloader: async (s) => (calls.push(serviceName(s)), null), log: () => {} });
    assert.equal(pass.outcome?.error, undefined);
    assert.match(readFileSync(join(root, 'etc/frr/daemons'), 'utf8'), /^fabricd=yes$/m);
    assert.deepEqual(calls, ['network', 'frr-daemons', 'frr']);
  });
});
