import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { decodeConfig } from '../../src/sections/decode-config.js';
import { bgpRouterId, openfabricNet } from '../../src/fabrics/ids.js';
import { parseIp, type ParsedIp } from '../../src/model/ip.js';
import { cfg, decodeFiles, errorsOf } from '../support/sdn-dir.js';

const fabrics = (text: string) => decodeFiles({ 'fabrics.cfg': cfg(text) });
const ipOf = (s: string) => parseIp(s) as ParsedIp;

// the reference's fabrics.cfg fixtures, valid and refused: test/conformance.test.ts
describe('fabrics.cfg: decoding', () => {
  test('fabrics and nodes become one typed tree, property strings decoded, ids sorted', () => {
    const r = fabrics(`
      openfabric_fabric: uwu
        hello_interval 4
        ip6_prefix 2001:db8::0/64
        ip_prefix 192.168.2.0/24
      openfabric_node: uwu_pve1
        interfaces name=ens19
        ip 192.168.2.9
        ip6 2001:db8::2
      openfabric_node: uwu_pve
        interfaces name=ens20,hello_multiplier=50,ip=10.0.0.1/31
        interfaces name=ens19,
        ip 192.168.2.8
        ip6 2001:db8::1
    `);
    assert.deepEqual(r.issues, []);
    const entry = r.config?.fabrics.get('uwu');
    assert.equal(entry?.protocol, 'openfabric');
    assert.equal(entry?.fabric.protocol === 'openfabric' && entry.fabric.hello_interval, 4);
    assert.equal(entry?.fabric.ip6_prefix?.address.text, '2001:db8::');
    assert.deepEqual([...(entry?.nodes.keys() ?? [])], ['pve', 'pve1']);
    const pve = entry?.nodes.get('pve');
    assert.ok(pve?.protocol === 'openfabric');
    assert.deepEqual(
      pve.interfaces.map((i) => [i.name, i.hello_multiplier, i.ip?.prefix]),
      [
        ['ens20', 50, 31],
        ['ens19', undefined, undefined],
      ],
    );
  });

  test('the running config form (JSON, the id repeated in each section) decodes the same', () => {
    const r = decodeConfig({
      fabrics: {
        ids: {
          test: { id: 'test', type: 'ospf_fabric', area: '0', ip_prefix: '172.20.30.0/24' },
          test_localhost: { id: 'test_localhost', type: 'ospf_node', interfaces: ['name=ens19,ip=172.16.3.10/31'], ip: '172.20.30.1' },
        },
      },
    });
    assert.deepEqual(r.issues, []);
    const n = r.config?.fabrics.get('test')?.nodes.get('localhost');
    assert.ok(n?.protocol === 'ospf');
    assert.equal(n.interfaces[0]?.ip?.address.text, '172.16.3.10');
  });

  test('property strings: unknown keys, bad values and missing keys name the property', () => {
    const r = fabrics(`
      openfabric_fabric: f1
        ip_prefix 10.0.0.0/24
      openfabric_node: f1_n1
        interfaces name=ens19,hello_multiplier=1
        ip 10.0.0.1
      openfabric_node: f1_n2
        interfaces hello_multiplier=5
        ip 10.0.0.2
      openfabric_node: f1_n3
        interfaces name=ens19,colour=blue
        ip 10.0.0.3
    `);
    assert.deepEqual(
      r.issues.map((i) => `${i.path}: ${i.message}`),
      [
        'fabrics.cfg:f1/n1.interfaces: hello_multiplier: must be between 2 and 100 (not 1)',
        "fabrics.cfg:f1/n2.interfaces: missing key 'name'",
        "fabrics.cfg:f1/n3.interfaces: unknown key 'colour' (expected one of: name, hello_multiplier, ip, ip6)",
      ],
    );
  });

  test('a node section needs <fabric>_<node>, of an existing fabric with the same protocol', () => {
    const r = fabrics(`
      ospf_fabric: f1
        area 0
        ip_prefix 10.0.0.0/24
      openfabric_node: f1_n1
        ip 10.0.0.1
      ospf_node: f2_n1
        ip 10.0.0.1
      ospf_node: lonely
        ip 10.0.0.9
    `);
    assert.deepEqual(errorsOf(r), ['bad-id fabrics.cfg:lonely', 'protocol-mismatch fabrics.cfg:f1/n1.type', 'unknown-fabric fabrics.cfg:f2/n1']);
  });
});

describe('fabrics.cfg: validation', () => {
  test('node addresses: inside the prefix, unique, present when the fabric has that prefix', () => {
    const r = fabrics(`
      openfabric_fabric: f1
        ip_prefix 10.0.0.0/28
      openfabric_node: f1_a
        ip 10.0.0.20
      openfabric_node: f1_b
        ip 10.0.0.1
      openfabric_node: f1_c
        ip 10.0.0.1
      openfabric_node: f1_d
        ip6 2001:db8::1
    `);
    assert.deepEqual(errorsOf(r), [
      'ip-outside-prefix fabrics.cfg:f1/a.ip',
      'duplicate-ip fabrics.cfg:f1/c.ip',
      'no-ip-for-prefix fabrics.cfg:f1/d.ip',
      'no-prefix-for-ip fabrics.cfg:f1/d.ip6',
    ]);
  });

  test('OSPF is IPv4 only, needs an ip_prefix and a valid area; one area per fabric', () => {
    const r = fabrics(`
      ospf_fabric: f1
        area 0.0.0.1
        ip_prefix 10.0.0.0/24
        ip6_prefix 2001:db8::/64
      ospf_fabric: f2
        area 1
        ip_prefix 10.0.1.0/24
      ospf_fabric: f3
        area 1.2.3
      ospf_node: f1_n1
        ip 10.0.0.1
        ip6 2001:db8::1
    `);
    assert.deepEqual(errorsOf(r), [
      'ipv6-unsupported fabrics.cfg:f1.ip6_prefix',
      'ipv6-unsupported fabrics.cfg:f1/n1.ip6',
      'no-prefix fabrics.cfg:f3.ip_prefix',
      'bad-value fabrics.cfg:f3.area',
      'duplicate-area fabrics.cfg:f2.area',
    ]);
  });

  test('an interface belongs to one routing fabric per node; prefixes of fabrics do not overlap', () => {
    const r = fabrics(`
      openfabric_fabric: f1
        ip_prefix 10.0.0.0/16
      ospf_fabric: f2
        area 0
        ip_prefix 10.0.5.0/24
      openfabric_node: f1_n1
        interfaces name=ens19
        ip 10.0.0.1
      ospf_node: f2_n1
        interfaces name=ens19
        ip 10.0.5.1
    `);
    assert.deepEqual(errorsOf(r), ['overlapping-prefix fabrics.cfg:f2.ip_prefix', 'duplicate-interface fabrics.cfg:f2/n1.interfaces']);
  });

  test('one NET per node: the first OpenFabric fabric decides, and NETs differ within a fabric', () => {
    // IPv6 system ids use the last three groups only: these two collide
    const r = fabrics(`
      openfabric_fabric: f1
        ip6_prefix 2001:db8::/32
      openfabric_node: f1_n1
        ip6 2001:db8:1::a
      openfabric_node: f1_n2
        ip6 2001:db8:2::a
    `);
    assert.deepEqual(errorsOf(r), ['duplicate-net fabrics.cfg:f1/n2.ip6']);
    assert.equal(openfabricNet(ipOf('192.168.2.8')), '49.0001.1921.6800.2008.00');
    assert.equal(openfabricNet(ipOf('172.20.3.1')), '49.0001.1720.2000.3001.00');
    assert.equal(openfabricNet(ipOf('a:b::a')), '49.0001.0000.0000.000a.00');
  });

  test('BGP: internal nodes need an ASN, external ones carry none; router-ids from IPv6 by FNV-1a', () => {
    const r = fabrics(`
      bgp_fabric: f1
        ip_prefix 10.0.0.0/24
      bgp_node: f1_n1
        role internal
        ip 10.0.0.1
      bgp_node: f1_n2
        role external
        asn 65002
        ip 10.0.0.2
    `);
    assert.deepEqual(errorsOf(r), ['missing-property fabrics.cfg:f1/n1.asn', 'unknown-property fabrics.cfg:f1/n2.asn']);
    assert.equal(bgpRouterId({ ip6: ipOf('fd00:10::1') }), '5.76.46.251');
    assert.equal(bgpRouterId({ ip6: ipOf('fd00:10::2') }), '6.76.48.142');
    assert.equal(bgpRouterId({ ip: ipOf('10.10.10.1'), ip6: ipOf('fd00:10::2') }), '10.10.10.1');
  });

  test('BGP: two nodes with one ASN is a warning (neighbors would drop each other’s routes)', () => {
    const r = fabrics(`
      bgp_fabric: f1
        ip_prefix 10.0.0.0/24
      bgp_node: f1_n1
        role internal
        asn 65001
        ip 10.0.0.1
      bgp_node: f1_n2
        role internal
        asn 65001
        ip 10.0.0.2
    `);
    assert.ok(r.config);
    assert.deepEqual(r.issues.map((i) => `${i.severity} ${i.code} ${i.path}`), ['warning shared-asn fabrics.cfg:f1/n2.asn']);
  });

  test('route filters and route maps must exist', () => {
    const r = fabrics(`
      bgp_fabric: f1
        ip_prefix 10.0.0.0/24
        route_filter nolist
        route_map_in nomap
        redistribute source=connected,route-map=nomap2
    `);
    assert.deepEqual(errorsOf(r), ['unknown-prefix-list fabrics.cfg:f1.route_filter', 'unknown-route-map fabrics.cfg:f1.route_map_in', 'unknown-route-map fabrics.cfg:f1.redistribute']);
  });
});

describe('fabrics.cfg: WireGuard', () => {
  const key = 'Kay64UG8yvCyLhqU000LxzYeUm0L/hLIl5S8kyKWbdc=';

  test('the reference example is valid, peers and endpoints decoded', () => {
    const r = fabrics(`
      wireguard_fabric: wireg
      wireguard_node: wireg_external
        role external
        endpoint 192.0.2.1:123
        public_key ${key}
      wireguard_node: wireg_pve1
        role internal
        endpoint 192.0.2.2
        interfaces name=wg0,listen_port=51111,public_key=${key}
        peers type=internal,node=pve2,node_iface=wg0,iface=wg0
      wireguard_node: wireg_pve2
        role internal
        endpoint 192.0.2.3
        interfaces name=wg0,listen_port=51111,public_key=${key}
        peers type=internal,node=pve1,node_iface=wg0,iface=wg0
        peers type=external,node=external,iface=wg0,allowed_ips=198.51.100.0/24;203.0.113.0/24
    `);
    assert.deepEqual(r.issues, []);
    const pve2 = r.config?.fabrics.get('wireg')?.nodes.get('pve2');
    assert.ok(pve2?.protocol === 'wireguard' && pve2.role === 'internal');
    assert.deepEqual(pve2.endpoint, { host: '192.0.2.3' });
    assert.deepEqual(pve2.peers[1]?.allowed_ips?.map((c) => c.prefix), [24, 24]);
    const ext = r.config?.fabrics.get('wireg')?.nodes.get('external');
    assert.ok(ext?.protocol === 'wireguard' && ext.role === 'external');
    assert.deepEqual(ext.endpoint, { host: '192.0.2.1', port: 123 });
  });

  test('interfaces, ports and peer references are checked', () => {
    const r = fabrics(`
      wireguard_fabric: wg
      wireguard_fabric: wg2
      wireguard_node: wg_ext
        role external
        endpoint ext.example.org
        public_key ${key}
      wireguard_node: wg_a
        role internal
        interfaces name=wg0,listen_port=51820,public_key=${key},ip=10.9.0.1/24
        interfaces name=wg0,listen_port=51820,public_key=${key},ip=10.9.0.1/24
        peers type=internal,node=b,node_iface=wg9,iface=wg0
        peers type=internal,node=ghost,node_iface=wg0,iface=wg0
        peers type=external,node=b,iface=wg1
      wireguard_node: wg_b
        role internal
        interfaces name=wg0,listen_port=51820,public_key=${key}
      wireguard_node: wg2_a
        role internal
        interfaces name=wg5,listen_port=51820,public_key=${key}
    `);
    assert.deepEqual(
      r.issues.map((i) => `${i.code} ${i.path} ${i.message}`),
      [
        "bad-value fabrics.cfg:wg/ext.endpoint an external node's endpoint needs a port (host:port)",
        "duplicate-interface fabrics.cfg:wg/a.interfaces interface 'wg0' is defined twice on node 'a'",
        "duplicate-port fabrics.cfg:wg/a.interfaces listen port 51820 is used twice on node 'a'",
        'duplicate-ip fabrics.cfg:wg/a.interfaces 10.9.0.1/24 of a/wg0 is also the address of a/wg0',
        "unknown-interface fabrics.cfg:wg/a.peers peer node 'b' has no interface 'wg9'",
        "unknown-node fabrics.cfg:wg/a.peers peer node 'ghost' does not exist in fabric 'wg'",
        "unknown-interface fabrics.cfg:wg/a.peers peer 'b' uses interface 'wg1', which node 'a' does not have",
        "peer-type-mismatch fabrics.cfg:wg/a.peers peer 'b' is declared external, but node 'b' is internal",
        "duplicate-port fabrics.cfg:wg2/a.interfaces listen port 51820 of node 'a' is already used by fabric 'wg'",
      ],
    );
  });

  test('an interface without public_key (the API writes it) is an error naming fabric, node and interfaces', () => {
    const r = fabrics(`
      wireguard_fabric: wg
      wireguard_node: wg_a
        role internal
        interfaces name=wg0,listen_port=51820
        interfaces name=wg1,listen_port=51821,public_key=${key}
        interfaces name=wg2,listen_port=51822
    `);
    assert.deepEqual(r.issues.map((i) => `${i.code} ${i.path} ${i.message}`), [
      "missing-property fabrics.cfg:wg/a.interfaces interfaces 'wg0', 'wg2' have no public_key (the API sets it when it generates the interface's private key)",
    ]);
  });
});
