/**
 * Fabrics, prefix lists and route maps in frr.conf: the seed's examples
 * render to the stanzas it describes, and Debian's FRR (`vtysh --dryrun`)
 * accepts every rendered file.
 */
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { EMPTY_INTERFACES } from '../../src/config/interfaces.js';
import type { SdnConfig } from '../../src/sections/sdn-config.js';
import { renderNode } from '../../src/render/node-files.js';
import { vtyshDryRun } from '../support/frr.js';
import { fabricCases } from '../support/conformance.js';
import { cfg, decodeFiles, ONE_NODE_OPENFABRIC } from '../support/sdn-dir.js';
import { needs } from '../support/system.js';
import { withTempDir } from '../support/weft.js';
import { SEED_PREFIX_LISTS, SEED_ROUTE_MAPS } from '../support/seed-policies.js';
import { nodeName } from '../support/node-name.js';

const noVtysh = needs({ commands: ['vtysh'] });

function frrOf(files: Record<string, string>, node: string): string {
  const r = decodeFiles(files);
  assert.ok(r.config, r.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
  // the route source stands for a probed node: controllers with peer lists need one
  const facts = { nodename: nodeName(node), routeSource: { ip: '10.10.10.1', iface: 'ens18' }, bridgePorts: {} };
  const out = renderNode({ config: r.config as SdnConfig, facts, interfaces: EMPTY_INTERFACES });
  assert.deepEqual(out.warnings, []);
  assert.ok(out.frr !== null);
  return out.frr;
}

/** Lines FRR 8.4 refuses, with why they are still right; anything else is a failure. */
const NEWER_FRR: ReadonlyArray<readonly [RegExp, string]> = [[/^ set tag untagged$/, 'FRR >= 9 command (removing a route tag); the seed lists `untagged` as a tag value']];

function assertFrrAccepts(text: string): void {
  if (noVtysh) return;
  withTempDir((dir) => {
    const file = join(dir, 'frr.conf');
    writeFileSync(file, text);
    const problems = vtyshDryRun(file).problems.filter((p) => !NEWER_FRR.some(([re]) => re.test(p.text)));
    assert.deepEqual(problems, [], text);
  });
}


describe('prefix lists and route maps in frr.conf', () => {
  test('the seed examples render to their FRR stanzas', () => {
    const frr = frrOf({ 'fabrics.cfg': ONE_NODE_OPENFABRIC, 'prefix-lists.cfg': SEED_PREFIX_LISTS, 'route-maps.cfg': SEED_ROUTE_MAPS }, 'pve');
    assert.ok(frr.includes('!\nip prefix-list default-only seq 10 permit 0.0.0.0/0\n'), frr);
    assert.ok(frr.includes('!\nip prefix-list internal-subnets seq 10 permit 10.0.0.0/8 le 24 ge 16\nip prefix-list internal-subnets seq 20 deny 10.0.0.0/8 le 32\n'), frr);
    assert.ok(frr.includes('!\nroute-map bgp-out permit 10\n match ip address prefix-list internal-subnets\n set local-preference 50\nexit\n!\nroute-map bgp-out permit 20\nexit\n'), frr);
    assertFrrAccepts(frr);
  });

  test('every match, set and exit key in FRR words', () => {
    const maps = cfg(`
      route-map-entry: all_10
        action permit
        match key=route-type,value=macip
        match key=vni,value=100
        match key=ip6-address-prefix-list,value=v6
        match key=ip-next-hop-prefix-list,value=v4
        match key=ip6-next-hop-prefix-list,value=v6
        match key=ip-next-hop-address,value=192.0.2.1
        match key=ip6-next-hop-address,value=2001:db8::1
        match key=metric,value=10
        match key=local-preference,value=200
        match key=peer,value=ens19
        match key=tag,value=7
        set key=ip-next-hop,value=192.0.2.1
        set key=ip-next-hop-peer-address
        set key=ip6-next-hop,value=2001:db8::2
        set key=ip6-next-hop-prefer-global
        set key=weight,value=100
        set key=metric,value=-5
        set key=src,value=198.51.100.1
        set key=tag,value=untagged
        call other
        exit-action key=on-match-goto,value=30
      route-map-entry: all_20
        action deny
        set key=ip-next-hop-unchanged
        set key=ip6-next-hop-peer-address
        exit-action key=continue,value=30
      route-map-entry: all_30
        action permit
        exit-action key=on-match-next
      route-map-entry: other_5
        action permit
    `);
    const lists = cfg(`
      prefix-list: v4
        entries action=permit,prefix=192.0.2.0/24
      prefix-list: v6
        entries action=permit,prefix=2001:db8::/32,ge=48,le=64
    `);
    const frr = frrOf({ 'fabrics.cfg': ONE_NODE_OPENFABRIC, 'prefix-lists.cfg': lists, 'route-maps.cfg': maps }, 'pve');
    const block = frr.slice(frr.indexOf('route-map all permit 10'), frr.indexOf('route-map other'));
    assert.equal(
      block,
      [
        'route-map all permit 10',
        ' match evpn route-type macip',
        ' match evpn vni 100',
        ' match ipv6 address prefix-list v6',
        ' match ip next-hop prefix-list v4',
        ' match ipv6 next-hop prefix-list v6',
        ' match ip next-hop address 192.0.2.1',
        ' match ipv6 next-hop address 2001:db8::1',
        ' match metric 10',
        ' match local-preference 200',
        ' match peer ens19',
        ' match tag 7',
        ' set ip next-hop 192.0.2.1',
        ' set ip next-hop peer-address',
        ' set ipv6 next-hop global 2001:db8::2',
        ' set ipv6 next-hop prefer-global',
        ' set weight 100',
        ' set metric -5',
        ' set src 198.51.100.1',
        ' set tag untagged',
        ' call other',
        ' on-match goto 30',
        'exit',
        '!',
        'route-map all deny 20',
        ' set ip next-hop unchanged',
        ' set ipv6 next-hop peer-address',
        ' continue 30',
        'exit',
        '!',
        'route-map all permit 30',
        ' on-match next',
        'exit',
        '!',
        '',
      ].join('\n'),
    );
    assert.ok(frr.includes('!\nip prefix-list v4 seq 5 permit 192.0.2.0/24\n!\nipv6 prefix-list v6 seq 5 permit 2001:db8::/32 le 64 ge 48\n'), frr);
    assertFrrAccepts(frr);
  });

  test('a fabric route filter replaces the prefix access list; route maps chain from the BGP inbound filter', () => {
    const frr = frrOf(
      {
        'fabrics.cfg': cfg(`
          bgp_fabric: f2
            ip_prefix 10.10.10.0/24
            route_filter default-only
            route_map_in bgp-out
            route_map_out bgp-out
          bgp_node: f2_pve
            role internal
            asn 65001
            interfaces name=ens18
            ip 10.10.10.1
        `),
        'prefix-lists.cfg': SEED_PREFIX_LISTS,
        'route-maps.cfg': SEED_ROUTE_MAPS,
      },
      'pve',
    );
    assert.ok(frr.includes('  neighbor f2 route-map pve_bgp_f2_in in\n  neighbor f2 route-map bgp-out out\n'), frr);
    assert.ok(frr.includes('route-map pve_bgp_f2_in permit 10\n match ip address prefix-list default-only\n call bgp-out\nexit\n'), frr);
    assert.ok(!frr.includes('access-list pve_bgp_f2_ips'), frr);
    assertFrrAccepts(frr);
  });
});

describe('fabrics in frr.conf', () => {
  test('a BGP fabric joins the EVPN controller’s instance and keeps its per-node ASN with local-as', () => {
    const frr = frrOf(
      {
        'fabrics.cfg': cfg(`
          bgp_fabric: test
            ip_prefix 10.10.10.0/24
          bgp_node: test_pve
            role internal
            asn 65001
            interfaces name=ens18
            interfaces name=ens19
            ip 10.10.10.1
          bgp_node: test_pve1
            role internal
            asn 65002
            interfaces name=ens19
            ip 10.10.10.2
        `),
        'controllers.cfg': cfg('evpn: ctl\n asn 65000\n fabric test'),
      },
      'pve',
    );
    const router = frr.slice(frr.indexOf('router bgp'), frr.indexOf('exit\n', frr.indexOf('router bgp')));
    assert.match(router, /^router bgp 65000\n bgp router-id 10\.10\.10\.1\n/);
    assert.match(router, /\n neighbor VTEP update-source dummy_test\n neighbor 10\.10\.10\.2 peer-group VTEP\n neighbor test peer-group\n neighbor test remote-as external\n neighbor test local-as 65001 no-prepend replace-as\n neighbor ens18 interface peer-group test\n/);
    assert.match(router, / address-family ipv4 unicast\n {2}network 10\.10\.10\.1\/32\n {2}neighbor test activate\n/);
    assertFrrAccepts(frr);
  });

  test("every fabric conformance case's frr.conf passes FRR's dry run", { skip: noVtysh }, () => {
    // refused cases have no node
    for (const c of fabricCases()) for (const node of c.nodes.keys()) assertFrrAccepts(frrOf({ 'fabrics.cfg': readFileSync(join(c.dir, 'fabrics.cfg'), 'utf8') }, node));
  });
});

describe('EVPN controllers: peer groups, BGP mode, route maps, nodes', () => {
  const fabric = cfg(`
    bgp_fabric: uf
      ip_prefix 10.10.10.0/24
    bgp_node: uf_pve
      role internal
      asn 65001
      interfaces name=ens18
      ip 10.10.10.1
    bgp_node: uf_pve1
      role internal
      asn 65002
      interfaces name=ens18
      ip 10.10.10.2
  `);

  test('two EVPN controllers, each with its peer group and its own route maps', () => {
    const frr = frrOf(
      {
        'fabrics.cfg': fabric,
        'controllers.cfg': cfg(`
          evpn: a1
            asn 65000
            fabric uf
            route-map-in bgp-out
          evpn: b2
            asn 65000
            peers 10.10.10.1,192.0.2.7
            peer-group-name RR
            route-map-out bgp-out
        `),
        'zones.cfg': cfg('evpn: z1\n controller a1\n secondary-controllers b2\n vrf-vxlan 100'),
        'prefix-lists.cfg': SEED_PREFIX_LISTS,
        'route-maps.cfg': SEED_ROUTE_MAPS,
      },
      'pve',
    );
    assert.match(frr, / neighbor VTEP peer-group\n neighbor VTEP remote-as 65000\n neighbor VTEP bfd\n neighbor VTEP update-source dummy_uf\n neighbor 10\.10\.10\.2 peer-group VTEP\n neighbor RR peer-group\n neighbor RR remote-as 65000\n neighbor RR bfd\n/);
    assert.match(frr, / address-family l2vpn evpn\n {2}neighbor VTEP activate\n {2}neighbor VTEP route-map MAP_VTEP_IN in\n {2}neighbor VTEP route-map MAP_VTEP_OUT out\n {2}neighbor RR activate\n {2}neighbor RR route-map pve_RR_in in\n {2}neighbor RR route-map pve_RR_out out\n/);
    // each controller's map is called from its own group's map only
    assert.match(frr, /!\nroute-map MAP_VTEP_IN permit 1\n call bgp-out\nexit\n!\nroute-map MAP_VTEP_OUT permit 1\nexit\n!\n/);
    assert.match(frr, /!\nroute-map pve_RR_in permit 1\nexit\n!\nroute-map pve_RR_out permit 1\n call bgp-out\nexit\n/);
    assertFrrAccepts(frr);
  });

  test('bgp-mode external over a BGP fabric: the VTEP sessions use the node’s fabric ASN', () => {
    const frr = frrOf({ 'fabrics.cfg': fabric, 'controllers.cfg': cfg('evpn: a1\n asn 65000\n fabric uf\n bgp-mode external') }, 'pve1');
    assert.match(frr, / neighbor VTEP peer-group\n neighbor VTEP remote-as external\n neighbor VTEP local-as 65002 no-prepend replace-as\n neighbor VTEP bfd\n neighbor VTEP ebgp-multihop 10\n/);
    assert.match(frr, / neighbor uf local-as 65002 no-prepend replace-as\n/);
    assertFrrAccepts(frr);
  });

  test('a controller limited to some nodes configures nothing elsewhere', () => {
    const files = { 'fabrics.cfg': fabric, 'controllers.cfg': cfg('evpn: a1\n asn 65000\n fabric uf\n nodes pve') };
    assert.match(frrOf(files, 'pve'), /neighbor VTEP peer-group/);
    assert.doesNotMatch(frrOf(files, 'pve1'), /VTEP/);
  });
});

test('a BGP controller applies its route maps to its peer group', () => {
  const frr = frrOf(
    {
      'controllers.cfg': cfg('bgp: bgppve\n node pve\n asn 65010\n peers 192.0.2.1\n ebgp 1\n route-map-in bgp-out\n route-map-out bgp-out'),
      'prefix-lists.cfg': SEED_PREFIX_LISTS,
      'route-maps.cfg': SEED_ROUTE_MAPS,
    },
    'pve',
  );
  assert.match(frr, / address-family ipv4 unicast\n {2}neighbor BGP activate\n {2}neighbor BGP soft-reconfiguration inbound\n {2}neighbor BGP route-map bgp-out in\n {2}neighbor BGP route-map bgp-out out\n/);
  assertFrrAccepts(frr);
});
