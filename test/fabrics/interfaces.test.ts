import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { EMPTY_INTERFACES } from '../../src/config/interfaces.js';
import { loadConfigFile } from '../../src/cli/load-config.js';
import type { SdnConfig } from '../../src/sections/sdn-config.js';
import { renderNode } from '../../src/render/node-files.js';
import { CONFORMANCE_DIR } from '../support/conformance.js';
import { ifupdown2SyntaxCheck, strictIfupdown2Conf } from '../support/ifupdown2.js';
import { cfg, decodeFiles } from '../support/sdn-dir.js';
import { needs } from '../support/system.js';
import { withTempDir } from '../support/weft.js';
import { nodeName } from '../support/node-name.js';

const facts = (node: string) => ({ nodename: nodeName(node), routeSource: null, bridgePorts: {} });
const sdnOf = (config: SdnConfig, node: string) => renderNode({ config, facts: facts(node), interfaces: EMPTY_INTERFACES }).sdn;
const configOf = (files: Record<string, string>): SdnConfig => {
  const r = decodeFiles(files);
  assert.ok(r.config, r.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
  return r.config;
};

describe('fabric interfaces in the sdn file', () => {
  for (const name of ['openfabric_fabric', 'ospf_fabric', 'frr_local_merge']) {
    test(`zones/evpn/${name}: the fabric stanzas match the reference`, () => {
      const dir = join(CONFORMANCE_DIR, 'zones', 'evpn', name);
      const r = loadConfigFile(join(dir, 'sdn-config.json'));
      assert.ok(r.config);
      const expected = readFileSync(join(dir, 'expected', 'sdn-interfaces'), 'utf8');
      const tail = (text: string) => text.slice(text.indexOf('auto dummy_'));
      assert.equal(tail(sdnOf(r.config, 'localhost')), tail(expected));
    });
  }

  test('dual stack: a stanza per address family, for the dummy and for addressed links', () => {
    const config = configOf({
      'fabrics.cfg': cfg(`
        openfabric_fabric: uwu
          ip_prefix 192.168.2.0/24
          ip6_prefix 2001:db8::/64
        openfabric_node: uwu_pve
          interfaces name=ens19,ip=10.0.0.0/31,ip6=fd00::/127
          interfaces name=ens20
          ip 192.168.2.8
          ip6 2001:db8::1
      `),
    });
    assert.equal(
      sdnOf(config, 'pve'),
      [
        '#version:1',
        '',
        'auto dummy_uwu\niface dummy_uwu inet static\n\taddress 192.168.2.8/32\n\tlink-type dummy\n\tip-forward 1',
        '',
        'auto dummy_uwu\niface dummy_uwu inet6 static\n\taddress 2001:db8::1/128\n\tlink-type dummy\n\tip-forward 1',
        '',
        'auto ens19\niface ens19 inet static\n\taddress 10.0.0.0/31\n\tip-forward 1',
        '',
        'auto ens19\niface ens19 inet6 static\n\taddress fd00::/127\n\tip-forward 1',
        '',
        'auto ens20\niface ens20 inet static\n\taddress 192.168.2.8/32\n\tip-forward 1',
        '',
      ].join('\n'),
    );
    assert.equal(sdnOf(config, 'other'), '#version:1\n');
  });

  test('BGP unnumbered: links are brought up and forward, the node address sits on the dummy', () => {
    const config = configOf({
      'fabrics.cfg': cfg(`
        bgp_fabric: f1
          ip_prefix 10.10.10.0/24
        bgp_node: f1_pve
          role internal
          asn 65001
          interfaces name=ens18
          ip 10.10.10.1
      `),
    });
    assert.equal(
      sdnOf(config, 'pve'),
      '#version:1\n\nauto dummy_f1\niface dummy_f1 inet static\n\taddress 10.10.10.1/32\n\tlink-type dummy\n\tip-forward 1\n\nauto ens18\niface ens18\n\tip-forward 1\n',
    );
  });

  test('a VXLAN zone over a fabric: every other fabric node is a remote; a node outside the fabric skips the VNet', () => {
    const config = configOf({
      'fabrics.cfg': cfg(`
        openfabric_fabric: f1
          ip_prefix 10.0.0.0/24
        openfabric_node: f1_a
          ip 10.0.0.1
        openfabric_node: f1_b
          ip 10.0.0.2
        openfabric_node: f1_c
          ip 10.0.0.3
      `),
      'zones.cfg': cfg('vxlan: vx\n fabric f1'),
      'vnets.cfg': cfg('vnet: v1\n zone vx\n tag 100'),
    });
    const sdn = sdnOf(config, 'b');
    assert.match(sdn, /auto vxlan_v1\niface vxlan_v1\n\tvxlan-id 100\n\tvxlan_remoteip 10\.0\.0\.1\n\tvxlan_remoteip 10\.0\.0\.3\n\tmtu 1450\n/);
    const outside = renderNode({ config, facts: facts('z'), interfaces: EMPTY_INTERFACES });
    assert.equal(outside.sdn, '#version:1\n');
    assert.deepEqual(outside.warnings.map((w) => w.message), ['zone vx: vnet v1: could not configure VXLAN zone vx: node z is not part of fabric f1']);
  });
});

test("every fabric protocol's stanzas pass Debian's ifupdown2 syntax check", { skip: needs({ root: true, commands: ['ifup', 'unshare'] }) }, () => {
  const key = 'GDPUAnPOY5xGIjYXmcGyXZXbocjBr21dGQ5vwnjmdzA=';
  const config = configOf({
    'fabrics.cfg': cfg(`
      openfabric_fabric: of
        ip_prefix 192.168.2.0/24
        ip6_prefix 2001:db8::/64
      openfabric_node: of_pve
        interfaces name=ens19,ip=10.0.0.0/31,ip6=fd00::/127
        interfaces name=ens20
        ip 192.168.2.8
        ip6 2001:db8::1
      ospf_fabric: os
        area 0
        ip_prefix 192.168.3.0/24
      ospf_node: os_pve
        interfaces name=ens21
        ip 192.168.3.8
      bgp_fabric: bg
        ip6_prefix 2001:db8:1::/64
      bgp_node: bg_pve
        role internal
        asn 65001
        interfaces name=ens22
        ip6 2001:db8:1::1
      wireguard_fabric: wg
      wireguard_node: wg_pve
        role internal
        interfaces name=wg0,listen_port=51820,public_key=${key},ip=10.9.0.1/24,ip6=fd09::1/64,ip6_ll=1
        peers type=internal,node=b,node_iface=wg0,iface=wg0
      wireguard_node: wg_b
        role internal
        interfaces name=wg0,listen_port=51820,public_key=${key},ip=10.9.0.2/24
    `),
  });
  withTempDir((dir) => {
    const file = join(dir, 'sdn');
    writeFileSync(file, sdnOf(config, 'pve'));
    const report = ifupdown2SyntaxCheck(file, strictIfupdown2Conf(join(dir, 'conf')));
    assert.deepEqual(report.errors, [], report.output);
    assert.deepEqual(report.warnings, [], report.output);
  });
});
