/**
 * EVPN input the model refuses: each finding names the section, the property
 * and the reason; `weft render` writes nothing for an error. Rules the
 * reference only checks on edit refuse an edit and warn on an applied config.
 */
import { strict as assert } from 'node:assert';
import { serializeRunningConfig } from '../../src/sections/running-config.js';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { rawConfigFromFiles, SDN_FILES } from '../../src/sections/sdn-files.js';
import { decodeConfig } from '../../src/sections/decode-config.js';
import { cfg, decodeFiles, errorsOf } from '../support/sdn-dir.js';
import { weft, withTempDir } from '../support/weft.js';

const CONTROLLERS = cfg(`
  evpn: evpnctl
    asn 65000
    peers 198.51.100.11,198.51.100.12
`);
const ZONE = cfg(`
  evpn: zevpn
    controller evpnctl
    vrf-vxlan 10000
    exitnodes pve1
`);
const VNETS = cfg(`
  vnet: v1
    zone zevpn
    tag 100
`);

interface Files {
  readonly zones?: string;
  readonly vnets?: string;
  readonly controllers?: string;
}

const filesOf = (f: Files): Record<string, string> => ({
  'zones.cfg': f.zones ?? ZONE,
  'vnets.cfg': f.vnets ?? VNETS,
  'controllers.cfg': f.controllers ?? CONTROLLERS,
});

/** `weft render --config-dir` of these files: exit status, stderr and what was written. */
function render(f: Files) {
  return withTempDir((dir) => {
    const sdn = join(dir, 'sdn');
    mkdirSync(sdn);
    for (const [name, text] of Object.entries(filesOf(f))) writeFileSync(join(sdn, name), text);
    writeFileSync(join(dir, 'facts.json'), JSON.stringify({ nodename: 'pve1', routeSource: { ip: '198.51.100.11', iface: 'vmbr0' } }));
    const out = join(dir, 'out');
    const r = weft(['render', '--config-dir', sdn, '--facts', join(dir, 'facts.json'), '--out', out]);
    return { ...r, written: existsSync(out) ? readdirSync(out).sort() : [] };
  });
}

/** `weft render --config` of the same config as an applied running config. */
function renderApplied(f: Files) {
  return withTempDir((dir) => {
    writeFileSync(join(dir, 'running.json'), serializeRunningConfig(rawConfigFromFiles(filesOf(f), 1).raw));
    writeFileSync(join(dir, 'facts.json'), JSON.stringify({ nodename: 'pve1', routeSource: { ip: '198.51.100.11', iface: 'vmbr0' } }));
    const out = join(dir, 'out');
    const r = weft(['render', '--config', join(dir, 'running.json'), '--facts', join(dir, 'facts.json'), '--out', out]);
    return { ...r, written: existsSync(out) ? readdirSync(out).sort() : [] };
  });
}

function assertRefused(f: Files, code: string, path: string, message: RegExp): void {
  assert.deepEqual(errorsOf(decodeFiles(filesOf(f))), [`${code} ${path}`]);
  const r = render(f);
  assert.equal(r.status, 1, r.stderr);
  assert.deepEqual(r.written, [], 'nothing may be written');
  assert.match(r.stderr, new RegExp(`error: ${path.replace(/\./g, '\\.')}: ${message.source}`));
}

describe('EVPN input errors', () => {
  test('the base config is valid and renders both files', () => {
    assert.deepEqual(decodeFiles(filesOf({})).issues, []);
    const r = render({});
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.written, ['frr.conf', 'sdn']);
  });

  test('an EVPN zone without controller', () => {
    assertRefused({ zones: cfg('evpn: zevpn\n vrf-vxlan 10000') }, 'missing-property', 'zones.cfg:zevpn.controller', /required for type 'evpn': give a value/);
  });

  test('an EVPN zone whose controller does not exist, or is no EVPN controller', () => {
    assertRefused({ controllers: cfg('evpn: other\n asn 65000\n peers 198.51.100.11') }, 'unknown-controller', 'zones.cfg:zevpn.controller', /controller 'evpnctl' does not exist/);
    const isis = cfg('isis: evpnctl\n isis-domain d\n isis-ifaces eth1\n isis-net 47.0023.0000.0000.0000.0000.0000.0000.1900.0004.00\n node pve1');
    assertRefused({ controllers: isis }, 'not-evpn-controller', 'zones.cfg:zevpn.controller', /controller 'evpnctl' is of type 'isis', not an evpn controller/);
  });

  test('vrf-vxlan equal to a VNet tag', () => {
    assertRefused({ vnets: cfg('vnet: v1\n zone zevpn\n tag 10000') }, 'vni-is-vrf-vxlan', 'vnets.cfg:v1.tag', /vxlan tag 10000 is the vrf-vxlan of zone 'zevpn'/);
  });

  test('rt-import not in ASN:NN form', () => {
    const zones = cfg('evpn: zevpn\n controller evpnctl\n vrf-vxlan 10000\n rt-import 65001:1000,65002-1000');
    assertRefused({ zones }, 'bad-value', 'zones.cfg:zevpn.rt-import', /not a valid BGP route target/);
  });

  test('two iBGP designs with different ASNs on one node', () => {
    const controllers = `${CONTROLLERS}\n${cfg('bgp: bgppve1\n asn 65001\n node pve1\n peers 198.51.100.1')}`;
    assertRefused({ controllers }, 'asn-conflict', 'controllers.cfg:bgppve1.asn', /bgp controller 'bgppve1' on node 'pve1' is iBGP \(ebgp not set\) with asn 65001, but evpn controller 'evpnctl' has asn 65000/);
  });

  test('a BGP controller with its own ASN is fine with ebgp set, with eBGP EVPN sessions, or off the EVPN nodes', () => {
    const bgp = (extra: string) => cfg(`bgp: bgppve1\n asn 65001\n node pve1\n peers 198.51.100.1\n${extra}`);
    const evpn = (extra: string) => cfg(`evpn: evpnctl\n asn 65000\n peers 198.51.100.11,198.51.100.12\n${extra}`);
    for (const controllers of [`${CONTROLLERS}\n${bgp('ebgp 1')}`, `${evpn('bgp-mode external')}\n${bgp('')}`, `${evpn('nodes pve2,pve3')}\n${bgp('')}`]) {
      assert.deepEqual(errorsOf(decodeFiles(filesOf({ controllers }))), [], controllers);
    }
  });

  test('a BGP peer that is also an EVPN peer: refused on edit, a warning on an applied config', () => {
    const controllers = `${CONTROLLERS}\n${cfg('bgp: bgppve1\n asn 65000\n node pve1\n peers 198.51.100.1,198.51.100.12')}`;
    assertRefused({ controllers }, 'peer-in-two-groups', 'controllers.cfg:bgppve1.peers', /198\.51\.100\.12 is also a peer of evpn controller 'evpnctl'/);
    const r = renderApplied({ controllers });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /warning: controllers\.bgppve1\.peers: 198\.51\.100\.12 is also a peer of evpn controller 'evpnctl': FRR refuses a neighbor in two peer groups/);
  });

  test('exit-node primary not among the exit nodes: refused on edit, a warning on an applied config', () => {
    const zones = cfg('evpn: zevpn\n controller evpnctl\n vrf-vxlan 10000\n exitnodes pve1\n exitnodes-primary pve3');
    assert.deepEqual(errorsOf(decodeFiles(filesOf({ zones }))), ['primary-not-exitnode zones.cfg:zevpn.exitnodes-primary']);
    const { raw } = rawConfigFromFiles(filesOf({ zones }), 1);
    const applied = decodeConfig(raw, (kind) => `${SDN_FILES.find((s) => s.set === kind)?.file ?? kind}:`, 'render');
    assert.ok(applied.config, 'an applied config still renders (the reference renders it: case evpn/exitnode_primary)');
    assert.deepEqual(
      applied.issues.map((i) => `${i.severity} ${i.code} ${i.message}`),
      ["warning primary-not-exitnode exit node 'pve3' is not in exitnodes (pve1) (refused on edit; rendered as written)"],
    );
    assertRefused({ zones }, 'primary-not-exitnode', 'zones.cfg:zevpn.exitnodes-primary', /exit node 'pve3' is not in exitnodes/);
    const r = renderApplied({ zones });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /warning: zones\.zevpn\.exitnodes-primary: exit node 'pve3' is not in exitnodes/);
  });
});
