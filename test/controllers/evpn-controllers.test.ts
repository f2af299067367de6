/**
 * Several EVPN controllers on a node: each peer group has its own route maps
 * (a controller's route-map-in/out applies to its peers only), and a group
 * announces only the zones whose primary or secondary controller it is.
 * Debian's FRR (`vtysh --dryrun`) accepts every rendered frr.conf.
 */
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { EMPTY_INTERFACES } from '../../src/config/interfaces.js';
import { renderNode } from '../../src/render/node-files.js';
import { vtyshDryRun } from '../support/frr.js';
import { TWO_CONTROLLERS } from '../support/evpn-lab.js';
import { decodeFiles } from '../support/sdn-dir.js';
import { needs } from '../support/system.js';
import { withTempDir } from '../support/weft.js';
import { nodeName } from '../support/node-name.js';

function frrOf(node: string, address: string): string {
  const r = decodeFiles(TWO_CONTROLLERS);
  assert.ok(r.config, r.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
  const out = renderNode({ config: r.config, facts: { nodename: nodeName(node), routeSource: { ip: address, iface: 'vmbr0' }, bridgePorts: {} }, interfaces: EMPTY_INTERFACES });
  assert.deepEqual(out.warnings, []);
  assert.ok(out.frr !== null);
  return out.frr;
}

/** The route map `name` as frr.conf has it, entry by entry. */
function routeMap(frr: string, name: string): string[] {
  return [...frr.matchAll(new RegExp(`^route-map ${name} (.*)\\n((?: .*\\n)*)exit$`, 'gm'))].map((m) => `${m[1]}:${(m[2] ?? '').trim().replace(/\n\s*/g, ';')}`);
}

test('each peer group has its own route maps, calling its own controller maps only', () => {
  const frr = frrOf('node1', '198.51.100.11');
  assert.match(frr, /^ neighbor VTEP peer-group\n neighbor VTEP remote-as 65000\n neighbor VTEP bfd\n neighbor 198\.51\.100\.12 peer-group VTEP$/m);
  assert.match(frr, /^ neighbor VTEPB peer-group\n neighbor VTEPB remote-as 65000\n neighbor VTEPB bfd\n neighbor 198\.51\.100\.13 peer-group VTEPB$/m);
  for (const line of ['  neighbor VTEP route-map MAP_VTEP_IN in', '  neighbor VTEP route-map MAP_VTEP_OUT out', '  neighbor VTEPB route-map pve_VTEPB_in in', '  neighbor VTEPB route-map pve_VTEPB_out out']) {
    assert.ok(frr.split('\n').includes(line), `${line}\n${frr}`);
  }
  assert.deepEqual(routeMap(frr, 'MAP_VTEP_IN'), ['permit 1:call lprefa']);
  assert.deepEqual(routeMap(frr, 'MAP_VTEP_OUT'), ['permit 1:']);
  assert.deepEqual(routeMap(frr, 'pve_VTEPB_in'), ['permit 1:']);
  // zonly's VNIs (its VNet and its L3 VNI) do not go to ctlb's peers
  assert.deepEqual(routeMap(frr, 'pve_VTEPB_out'), ['deny 1:match extcommunity pve_VTEPB_foreign', 'permit 2:call lprefb']);
  assert.ok(frr.includes('!\nbgp extcommunity-list standard pve_VTEPB_foreign permit rt 65000:200\nbgp extcommunity-list standard pve_VTEPB_foreign permit rt 65000:20000\n'), frr);
  assert.doesNotMatch(frr, /pve_VTEP_foreign/, "ctla announces every zone here: no list");
});

test("a node with one of the controllers has that controller's group and maps only", () => {
  const frr = frrOf('node3', '198.51.100.13');
  assert.doesNotMatch(frr, /neighbor VTEP |MAP_VTEP_/);
  assert.deepEqual(routeMap(frr, 'pve_VTEPB_in'), ['permit 1:']);
  // zonly is not on node3: nothing to hold back
  assert.deepEqual(routeMap(frr, 'pve_VTEPB_out'), ['permit 1:call lprefb']);
});

test('exit nodes filter default routes on every group that carries the zone', () => {
  const files = { ...TWO_CONTROLLERS, 'zones.cfg': TWO_CONTROLLERS['zones.cfg'].replace('\tvrf-vxlan 10000\n', '\tvrf-vxlan 10000\n\texitnodes node1\n') };
  const r = decodeFiles(files);
  assert.ok(r.config);
  const frr = renderNode({ config: r.config, facts: { nodename: nodeName('node1'), routeSource: { ip: '198.51.100.11', iface: 'vmbr0' }, bridgePorts: {} }, interfaces: EMPTY_INTERFACES }).frr ?? '';
  const denyDefaults = ['deny 1:match ip address prefix-list only_default', 'deny 2:match ipv6 address prefix-list only_default_v6'];
  assert.deepEqual(routeMap(frr, 'MAP_VTEP_IN'), [...denyDefaults, 'permit 3:call lprefa']);
  assert.deepEqual(routeMap(frr, 'pve_VTEPB_in'), [...denyDefaults, 'permit 3:']);
});

test('vtysh --dryrun accepts the frr.conf of each node', { skip: needs({ commands: ['vtysh'] }) }, () => {
  withTempDir((dir) => {
    for (const [node, ip] of [['node1', '198.51.100.11'], ['node2', '198.51.100.12'], ['node3', '198.51.100.13']] as const) {
      const file = join(dir, `${node}.conf`);
      const text = frrOf(node, ip);
      writeFileSync(file, text);
      assert.deepEqual(vtyshDryRun(file).problems, [], text);
    }
  });
});
