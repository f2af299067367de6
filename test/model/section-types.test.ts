import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import type { BgpController } from '../../src/controllers/bgp.js';
import type { EvpnController } from '../../src/controllers/evpn.js';
import type { IsisController } from '../../src/controllers/isis.js';
import type { ControllerOfType } from '../../src/controllers/kind.js';
import { decodeConfig } from '../../src/sections/decode-config.js';
import { SECTION_KINDS } from '../../src/sections/kinds.js';
import type { SdnConfig } from '../../src/sections/sdn-config.js';
import { recordOf, sectionIdOf } from '../../src/sections/section-ids.js';
import type { PropertySchema } from '../../src/model/property-schema.js';
import type { Subnet } from '../../src/model/subnet.js';
import type { Asn, Cidr, ControllerId, DhcpRange, Endpoint, IfName, IpAddr, NodeName, ParsedCidr, Vni, VnetId, ZoneId } from '../../src/model/values.js';
import type { BgpNodeSection } from '../../src/fabrics/bgp.js';
import type { fabricKind } from '../../src/fabrics/kind.js';
import type { OpenfabricNodeSection } from '../../src/fabrics/openfabric.js';
import type { OspfFabricSection, OspfNodeSection } from '../../src/fabrics/ospf.js';
import type { WireguardFabricSection, WireguardNodeSection } from '../../src/fabrics/wireguard.js';
import type { PrefixListSection } from '../../src/model/prefix-list.js';
import type { RouteMapSection } from '../../src/model/route-map.js';
import type { Vnet } from '../../src/model/vnet.js';
import type { SectionRecord } from '../../src/model/section-kind.js';
import { zoneKind, type EvpnZone, type QinqZone, type SimpleZone, type VlanZone, type VxlanZone } from '../../src/zones/kind.js';
import { sharedZoneProperties } from '../../src/zones/options.js';
import { same } from '../support/same-type.js';

describe('section types derived from the kinds’ tables', () => {
  test('a type’s keys are its rules’ keys, required ones present, values by type, enum and format', () => {
    same<Exclude<keyof VlanZone, 'id' | 'type'>, keyof typeof zoneKind.types.vlan>(true);
    same<VlanZone['bridge'], string>(true);
    same<QinqZone['tag'], number>(true);
    same<QinqZone['vlan-protocol'], '802.1q' | '802.1ad' | undefined>(true);
    same<VxlanZone['peers'], readonly IpAddr[] | undefined>(true);
    same<EvpnZone['rt-import'], readonly string[] | undefined>(true);
    same<EvpnZone['exitnodes-local-routing'], boolean | undefined>(true);
    same<BgpController['peers'], readonly IpAddr[]>(true);
    same<IsisController['isis-ifaces'], readonly string[]>(true);
    same<EvpnController['bgp-mode'], 'auto' | 'internal' | 'external' | undefined>(true);
    same<EvpnController['nodes'], readonly NodeName[] | undefined>(true);
    same<EvpnZone['exitnodes'], readonly NodeName[] | undefined>(true);
    same<SimpleZone['nodes'], readonly NodeName[] | undefined>(true);
    same<Subnet['gateway'], IpAddr | undefined>(true);
    same<Subnet['dhcp-range'], readonly DhcpRange[] | undefined>(true);
  });

  test('a controller type’s record from its module’s tables is the one the assembled kind gives', () => {
    same<ControllerOfType<'evpn'>, EvpnController>(true);
    same<ControllerOfType<'bgp'>, BgpController>(true);
    same<ControllerOfType<'isis'>, IsisController>(true);
    // @ts-expect-error a BGP controller is not an EVPN one
    same<ControllerOfType<'bgp'>, EvpnController>(true);
  });

  test('the zone kind assembled in zones/ makes the zone modules’ own types, and takes each shared schema from the one table', () => {
    type Made<T extends keyof typeof zoneKind.types, Values = unknown> = SectionRecord<typeof zoneKind, T, ZoneId, Values>;
    same<Made<'simple'>, SimpleZone>(true);
    same<Made<'vlan'>, VlanZone>(true);
    same<Made<'qinq'>, QinqZone>(true);
    same<Made<'vxlan'>, VxlanZone>(true);
    same<Made<'evpn', { 'vrf-vxlan': Vni; controller: ControllerId; 'secondary-controllers': readonly ControllerId[] }>, EvpnZone>(true);
    for (const [name, schema] of Object.entries(sharedZoneProperties)) assert.equal(zoneKind.properties[name as keyof typeof sharedZoneProperties], schema, name);
  });

  test('ids and references are branded', () => {
    same<EvpnZone['id'], ZoneId>(true);
    same<EvpnZone['vrf-vxlan'], Vni>(true);
    same<Vnet['id'], VnetId>(true);
    same<Vnet['zone'], ZoneId>(true);
    same<Subnet['vnet'], VnetId>(true);
    same<Subnet['cidrText'], Cidr>(true);
    same<BgpController['asn'], Asn>(true);
    // @ts-expect-error a plain string is not a VNet id: only the decoder makes one
    const plain: VnetId = 'v1';
    // a brand is still a string for code that takes one
    const text: string = 'v1' as VnetId;
    assert.equal(plain, text);
  });

  test('the decoded config’s maps are keyed by the branded ids; a text reaches them through the decoder’s id check', () => {
    type Key<M> = M extends ReadonlyMap<infer K, unknown> ? K : never;
    same<Key<SdnConfig['zones']>, ZoneId>(true);
    same<Key<SdnConfig['vnets']>, VnetId>(true);
    same<Key<SdnConfig['controllers']>, ControllerId>(true);
    const r = decodeConfig({ zones: { ids: { z1: { type: 'simple' } } }, vnets: { ids: { v1: { type: 'vnet', zone: 'z1' } } } });
    assert.ok(r.config, r.issues.map((i) => i.message).join('; '));
    // @ts-expect-error a plain string is no zone id: a lookup by text goes through the id check
    assert.equal(r.config.zones.get('z1')?.id, 'z1');
    assert.equal(recordOf('zones', r.config.zones, 'z1')?.id, 'z1');
    assert.equal(recordOf('vnets', r.config.vnets, 'v1')?.zone, 'z1');
    assert.equal(recordOf('zones', r.config.zones, 'z2'), undefined, 'an id the config does not have');
    assert.equal(sectionIdOf('vnets', 'v1'), 'v1');
    for (const bad of ['z', 'z_1', '1z', 'zonenine9']) assert.equal(sectionIdOf('zones', bad), null, `${bad}: refused by the zone id check`);
    assert.equal(sectionIdOf('controllers', 'evpn_1'), 'evpn_1', 'a controller id may hold an underscore');
  });

  test('the decoder gives each property the value its schema says', () => {
    const r = decodeConfig({
      zones: {
        ids: {
          vx: { type: 'vxlan', peers: '10.0.0.1 10.0.0.2', 'vxlan-port': '4790', mtu: 1450, nodes: { n1: 1 } },
          ev: { type: 'evpn', controller: 'c1', 'vrf-vxlan': 10, 'rt-import': '65000:5', exitnodes: 'n1,n2', 'advertise-subnets': 1, mac: 'bc:24:11:00:00:01' },
          qq: { type: 'qinq', bridge: 'vmbr0', tag: 20, 'vlan-protocol': '802.1ad', 'bridge-disable-mac-learning': '0' },
        },
      },
      controllers: { ids: { c1: { type: 'evpn', asn: 65000, peers: '10.0.0.1' } } },
    });
    assert.ok(r.config, r.issues.map((i) => i.message).join('; '));
    let checked = 0;
    for (const zone of r.config.zones.values()) {
      for (const [key, value] of Object.entries(zone)) {
        if (key === 'id' || key === 'type') continue;
        const schema: PropertySchema | undefined = zoneKind.properties[key as keyof typeof zoneKind.properties];
        assert.ok(schema, `${zone.id}.${key} is a zone property`);
        assert.ok(key in SECTION_KINDS.zones.types[zone.type], `${zone.id}.${key} is allowed for ${zone.type}`);
        const format = schema.type === 'string' ? schema.format : undefined;
        const expected =
          schema.type === 'integer' ? 'number' : schema.type === 'boolean' ? 'boolean' : format === 'ip-list' ? 'addresses' : format?.endsWith('-list') ? 'texts' : 'text';
        const actual =
          typeof value === 'number' || typeof value === 'boolean'
            ? typeof value
            : Array.isArray(value)
              ? value.every((v) => typeof v === 'object' && 'written' in v)
                ? 'addresses'
                : 'texts'
              : 'text';
        assert.equal(actual, expected, `${zone.id}.${key}`);
        checked++;
      }
    }
    assert.equal(checked, 14);
  });

  test('fabric, prefix-list and route-map sections: formats decoded inside property strings and array items too', () => {
    same<OspfFabricSection['ip_prefix'], ParsedCidr | undefined>(true);
    same<OspfFabricSection['area'], string>(true);
    same<BgpNodeSection['role'], 'internal' | 'external'>(true);
    same<BgpNodeSection['ip'], IpAddr | undefined>(true);
    type OspfInterface = NonNullable<OspfNodeSection['interfaces']>[number];
    same<OspfInterface['name'], IfName>(true);
    same<OspfInterface['ip'], ParsedCidr | undefined>(true);
    same<OspfInterface['network_type'], 'broadcast' | 'non-broadcast' | 'point-to-point' | 'point-to-multipoint' | undefined>(true);
    type Peer = NonNullable<WireguardNodeSection['peers']>[number];
    same<Peer['endpoint'], Endpoint | undefined>(true);
    same<Peer['allowed_ips'], readonly ParsedCidr[] | undefined>(true);
    same<WireguardNodeSection['allowed_ips'], readonly ParsedCidr[] | undefined>(true);
    same<NonNullable<PrefixListSection['entries']>[number]['prefix'], ParsedCidr>(true);
    same<NonNullable<PrefixListSection['entries']>[number]['seq'], number | undefined>(true);
    same<RouteMapSection['action'], 'permit' | 'deny'>(true);
    same<NonNullable<RouteMapSection['match']>[number]['value'], string | undefined>(true);
  });

  test('a fabric protocol module’s section records are those of the assembled kind', () => {
    type KindRecord<T extends keyof typeof fabricKind.types & string> = SectionRecord<typeof fabricKind, T>;
    same<OspfFabricSection, KindRecord<'ospf_fabric'>>(true);
    same<OpenfabricNodeSection, KindRecord<'openfabric_node'>>(true);
    same<BgpNodeSection, KindRecord<'bgp_node'>>(true);
    same<WireguardFabricSection, KindRecord<'wireguard_fabric'>>(true);
    same<WireguardNodeSection, KindRecord<'wireguard_node'>>(true);
  });

  test('the decoder makes the values of a property string’s keys and of an array’s items', () => {
    const r = decodeConfig({
      fabrics: {
        ids: {
          wg: { type: 'wireguard_fabric', ip_prefix: '10.0.0.0/24' },
          wg_a: {
            type: 'wireguard_node',
            role: 'internal',
            ip: '10.0.0.1',
            allowed_ips: ['192.0.2.0/24'],
            interfaces: ['name=wg0,listen_port=51820,public_key=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=,ip=10.1.0.1/24'],
            peers: ['type=external,node=b,iface=wg0,endpoint=[2001:db8::1]:51821,allowed_ips=198.51.100.0/24;2001:db8::/32'],
          },
          wg_b: { type: 'wireguard_node', role: 'external', ip: '10.0.0.2', public_key: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=', endpoint: 'b.example:51820' },
        },
      },
      'prefix-lists': { ids: { pl: { type: 'prefix-list', entries: ['action=permit,prefix=2001:DB8::/32,le=64'] } } },
    });
    assert.ok(r.config, r.issues.map((i) => i.message).join('; '));
    const a = r.config.fabrics.get('wg')?.nodes.get('a');
    assert.ok(a?.protocol === 'wireguard' && a.role === 'internal');
    assert.equal(a.ip?.written, '10.0.0.1');
    assert.deepEqual(a.allowed_ips.map((c) => [c.address.text, c.prefix]), [['192.0.2.0', 24]]);
    assert.equal(a.interfaces[0]?.ip?.prefix, 24);
    const peer = a.peers[0];
    assert.deepEqual(peer?.endpoint, { host: '2001:db8::1', port: 51821 });
    assert.deepEqual(peer?.allowed_ips?.map((c) => `${c.address.text}/${c.prefix}`), ['198.51.100.0/24', '2001:db8::/32']);
    const entry = r.config.prefixLists.get('pl')?.entries[0];
    assert.deepEqual(entry && { text: entry.prefix.address.text, version: entry.prefix.version, seq: entry.seq }, { text: '2001:db8::', version: 6, seq: 5 });
  });
});
