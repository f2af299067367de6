import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import type { BgpController, IsisController } from '../../src/model/controller.js';
import { decodeConfig } from '../../src/sections/decode-config.js';
import { SECTION_KINDS } from '../../src/sections/kinds.js';
import type { PropertySchema } from '../../src/model/property-schema.js';
import type { Subnet } from '../../src/model/subnet.js';
import type { Asn, Cidr, DhcpRange, IpAddr, Vni, VnetId, ZoneId } from '../../src/model/values.js';
import type { Vnet } from '../../src/model/vnet.js';
import { zoneKind, type EvpnZone, type QinqZone, type VlanZone, type VxlanZone } from '../../src/model/zone.js';

/** compiles only when A and B are the same type */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const same = <A, B>(ok: Equal<A, B>): Equal<A, B> => ok;

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
    same<Subnet['gateway'], IpAddr | undefined>(true);
    same<Subnet['dhcp-range'], readonly DhcpRange[] | undefined>(true);
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
});
