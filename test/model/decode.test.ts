import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import type { RawConfig } from '../../src/model/config.js';
import { decodeConfig } from '../../src/sections/decode-config.js';
import { sectionId } from '../support/section-id.js';

/** Codes and paths of every error for a config. */
function errors(raw: RawConfig): string[] {
  return decodeConfig(raw).issues.filter((i) => i.severity === 'error').map((i) => `${i.code} ${i.path}`);
}

const zones = (ids: Record<string, Record<string, unknown>>) => ({ ids });

describe('phase one: each section against its schema', () => {
  test('unknown zone type', () => {
    assert.deepEqual(errors({ zones: zones({ z1: { type: 'vxlanx' } }) }), ['unknown-type zones.z1.type']);
  });

  test('property not allowed for the type, missing required property', () => {
    assert.deepEqual(errors({ zones: zones({ z1: { type: 'simple', bridge: 'vmbr0' }, z2: { type: 'vlan' } }) }), [
      'unknown-property zones.z1.bridge',
      'missing-property zones.z2.bridge',
    ]);
  });

  test('values: type, range, format, pattern and length, in plain words', () => {
    const r = decodeConfig({
      zones: zones({ z1: { type: 'vxlan', peers: '10.0.0.1,10.0.0.300', mtu: 'big', 'vxlan-port': 70000 } }),
      vnets: zones({ abcdefghi: { type: 'vnet', zone: 'z1', tag: 5 } }),
    });
    const byPath = Object.fromEntries(r.issues.map((i) => [i.path, i.message]));
    assert.equal(byPath['zones.z1.peers'], "not a valid IP address: '10.0.0.300'");
    assert.equal(byPath['zones.z1.mtu'], "'big' is not a whole number");
    assert.equal(byPath['zones.z1.vxlan-port'], 'must be between 1 and 65535 (not 70000)');
    assert.equal(byPath['vnets.abcdefghi'], "invalid vnet id 'abcdefghi': at most 8 characters (this has 9)");
  });

  test('subnet ids must be <zone>-<network>-<prefix> with a valid CIDR', () => {
    assert.deepEqual(
      errors({ subnets: zones({ 'z1-10.0.0.0-33': { type: 'subnet', vnet: 'v1' }, 'z1-10.0.0.0': { type: 'subnet', vnet: 'v1' } }) }).filter((e) => e.startsWith('bad-id')),
      ['bad-id subnets.z1-10.0.0.0', 'bad-id subnets.z1-10.0.0.0-33'],
    );
  });

  test('node lists decode from a {name: 1} set and from text', () => {
    const r = decodeConfig({ zones: zones({ a1: { type: 'simple', nodes: { n1: 1, n2: 1 } }, b1: { type: 'simple', nodes: 'n3, n4' } }) });
    assert.deepEqual(r.config?.zones.get(sectionId('zones', 'a1'))?.nodes, ['n1', 'n2']);
    assert.deepEqual(r.config?.zones.get(sectionId('zones', 'b1'))?.nodes, ['n3', 'n4']);
  });
});

describe('values decoded once: formats become values, the written text kept where the output renders it', () => {
  const subnet = (values: Record<string, unknown>) => ({
    zones: zones({ si: { type: 'simple' } }),
    vnets: zones({ a1: { type: 'vnet', zone: 'si' } }),
    subnets: zones({ 'si-fd00::-64': { type: 'subnet', vnet: 'a1', ...values } }),
  });

  test('peers (ip-list): addresses in the order and spelling written, parsed', () => {
    const r = decodeConfig({ zones: zones({ vx: { type: 'vxlan', peers: '10.0.0.2, FD00:0:0::1;10.0.0.1' } }) });
    const zone = r.config?.zones.get(sectionId('zones', 'vx'));
    assert.ok(zone?.type === 'vxlan');
    assert.deepEqual(
      zone.peers?.map((p) => [p.written, p.text, p.version]),
      [
        ['10.0.0.2', '10.0.0.2', 4],
        ['FD00:0:0::1', 'fd00::1', 6],
        ['10.0.0.1', '10.0.0.1', 4],
      ],
    );
    assert.equal(zone.peers?.[2]?.value, 0x0a000001n);
  });

  test('a gateway and a DNS server (ip): parsed, as written', () => {
    const s = decodeConfig(subnet({ gateway: 'FD00::1', 'dhcp-dns-server': 'fd00:0::53' })).config?.subnets.get('si-fd00::-64');
    assert.deepEqual([s?.gateway?.written, s?.gateway?.text, s?.gateway?.version], ['FD00::1', 'fd00::1', 6]);
    assert.deepEqual([s?.['dhcp-dns-server']?.written, s?.['dhcp-dns-server']?.text], ['fd00:0::53', 'fd00::53']);
    assert.equal(s?.cidrText, 'fd00::/64');
  });

  test('dhcp-range: start/end address pairs; an item that is not two addresses is refused by the decoder', () => {
    const s = decodeConfig(subnet({ 'dhcp-range': ['start-address=fd00::10,end-address=fd00::20'] })).config?.subnets.get('si-fd00::-64');
    assert.deepEqual(
      s?.['dhcp-range']?.map((r) => [r.start.written, r.end.written, r.end.value - r.start.value]),
      [['fd00::10', 'fd00::20', 16n]],
    );
    const bad = decodeConfig(subnet({ 'dhcp-range': ['start-address=fd00::10,end-address=fd00::20', 'start-address=nope,end-address=fd00::30'] }));
    assert.equal(bad.config, undefined);
    assert.deepEqual(
      bad.issues.map((i) => `${i.code} ${i.path} ${i.message}`),
      ["bad-dhcp-range subnets.si-fd00::-64.dhcp-range 'start-address=nope,end-address=fd00::30' is not 'start-address=<ip>,end-address=<ip>'"],
    );
  });

  test('list formats (route targets, IS-IS interfaces) become lists', () => {
    const r = decodeConfig({
      controllers: zones({
        ev: { type: 'evpn', asn: 65000, peers: '10.0.0.1' },
        is: { type: 'isis', node: 'n1', 'isis-domain': 'd', 'isis-net': '49.0001.1921.6800.1002.00', 'isis-ifaces': 'eth0,eth1' },
      }),
      zones: zones({ ez: { type: 'evpn', controller: 'ev', 'vrf-vxlan': 100, 'rt-import': '65000:1, 65000:2' } }),
    });
    const isis = r.config?.controllers.get(sectionId('controllers', 'is'));
    assert.deepEqual(isis?.type === 'isis' && isis['isis-ifaces'], ['eth0', 'eth1']);
    const ez = r.config?.zones.get(sectionId('zones', 'ez'));
    assert.deepEqual(ez?.type === 'evpn' && ez['rt-import'], ['65000:1', '65000:2']);
  });
});

describe('phase two: rules across sections', () => {
  const base = { zones: zones({ vl: { type: 'vlan', bridge: 'vmbr0' }, vx: { type: 'vxlan', peers: '10.0.0.1' }, si: { type: 'simple' } }) };

  test('duplicate VLAN tag in a zone; the same tag in another zone is fine', () => {
    assert.deepEqual(
      errors({ ...base, vnets: zones({ a1: { type: 'vnet', zone: 'vl', tag: 10 }, a2: { type: 'vnet', zone: 'vl', tag: 10 }, a3: { type: 'vnet', zone: 'vx', tag: 10 } }) }),
      ['duplicate-tag vnets.a2.tag'],
    );
  });

  test('VXLAN VNIs are unique across all vxlan and evpn zones', () => {
    const vx2 = { ...base.zones.ids, vx2: { type: 'vxlan', peers: '10.0.0.2' } };
    assert.deepEqual(errors({ zones: zones(vx2), vnets: zones({ a1: { type: 'vnet', zone: 'vx', tag: 7 }, a2: { type: 'vnet', zone: 'vx2', tag: 7 } }) }), ['duplicate-vni vnets.a2.tag']);
  });

  test('missing tag in vlan and vxlan zones; unknown zone', () => {
    assert.deepEqual(errors({ ...base, vnets: zones({ a1: { type: 'vnet', zone: 'vl' }, a2: { type: 'vnet', zone: 'vx' }, a3: { type: 'vnet', zone: 'nope' } }) }), [
      'missing-tag vnets.a1.tag',
      'missing-tag vnets.a2.tag',
      'unknown-zone vnets.a3.zone',
    ]);
  });

  test('gateway outside its subnet, except a /32 point-to-point; subnet zone must match the vnet', () => {
    const raw = {
      ...base,
      vnets: zones({ a1: { type: 'vnet', zone: 'si' } }),
      subnets: zones({
        'si-10.0.0.0-24': { type: 'subnet', vnet: 'a1', gateway: '10.0.1.1' },
        'si-10.9.9.9-32': { type: 'subnet', vnet: 'a1', gateway: '192.168.0.1' },
        'vl-10.1.0.0-24': { type: 'subnet', vnet: 'a1' },
      }),
    };
    assert.deepEqual(errors(raw), ['gateway-outside subnets.si-10.0.0.0-24.gateway', 'subnet-zone subnets.vl-10.1.0.0-24.vnet']);
  });

  test('DHCP ranges inside the subnet, ordered, not overlapping', () => {
    const raw = {
      ...base,
      vnets: zones({ a1: { type: 'vnet', zone: 'si' } }),
      subnets: zones({
        'si-10.0.0.0-24': {
          type: 'subnet',
          vnet: 'a1',
          'dhcp-range': ['start-address=10.0.0.10,end-address=10.0.0.20', 'start-address=10.0.0.15,end-address=10.0.0.30', 'start-address=10.0.0.50,end-address=10.0.0.40', 'start-address=10.0.1.1,end-address=10.0.1.5'],
        },
      }),
    };
    const messages = decodeConfig(raw).issues.map((i) => i.message);
    assert.deepEqual(messages, [
      'dhcp ranges must not overlap',
      'start-address 10.0.0.50 must be smaller than end-address 10.0.0.40',
      'start-address 10.0.1.1 is not in subnet 10.0.0.0/24',
    ]);
  });

  test('a broken section is reported once, not again as a missing reference', () => {
    assert.deepEqual(errors({ zones: zones({ vl: { type: 'vlan' } }), vnets: zones({ a1: { type: 'vnet', zone: 'vl', tag: 3 } }) }), ['missing-property zones.vl.bridge']);
  });

  test('a tag on a simple-zone VNet is a warning, as the reference only refuses it on edit', () => {
    const r = decodeConfig({ ...base, vnets: zones({ a1: { type: 'vnet', zone: 'si', tag: 4 } }) });
    assert.ok(r.config);
    assert.deepEqual(r.issues.map((i) => `${i.severity} ${i.code}`), ['warning tag-ignored']);
  });
});
