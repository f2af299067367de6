/**
 * The zone, controller and fabric kinds are spread together from their
 * modules' property tables; a spread keeps the last of two same-named
 * entries silently, so a module declaring a property another table already
 * has would change that other type's schema. Each name comes from one table,
 * and every rule names a property of its kind.
 */
import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { bgpOptions as bgpControllerOptions } from '../../src/controllers/bgp.js';
import { evpnOptions as evpnControllerOptions } from '../../src/controllers/evpn.js';
import { isisOptions } from '../../src/controllers/isis.js';
import { controllerKind } from '../../src/controllers/kind.js';
import { sharedControllerProperties } from '../../src/controllers/options.js';
import { bgpOptions as bgpFabricOptions } from '../../src/fabrics/bgp.js';
import { fabricKind } from '../../src/fabrics/kind.js';
import { openfabricOptions } from '../../src/fabrics/openfabric.js';
import { sharedFabricProperties } from '../../src/fabrics/options.js';
import { ospfOptions } from '../../src/fabrics/ospf.js';
import { wireguardOptions } from '../../src/fabrics/wireguard.js';
import { commonFabricProperties } from '../../src/model/fabric-kind.js';
import type { SectionKind } from '../../src/model/section-kind.js';
import { commonZoneProperties } from '../../src/model/zone.js';
import { evpnOptions as evpnZoneOptions } from '../../src/zones/evpn.js';
import { zoneKind } from '../../src/zones/kind.js';
import { sharedZoneProperties } from '../../src/zones/options.js';
import { qinqOptions } from '../../src/zones/qinq.js';
import { simpleOptions } from '../../src/zones/simple.js';
import { vlanOptions } from '../../src/zones/vlan.js';
import { vxlanOptions } from '../../src/zones/vxlan.js';

type Tables = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

/** Names found in more than one of `tables`, with the tables that hold them. */
function declaredTwice(tables: Tables): string[] {
  const owner = new Map<string, string>();
  const out: string[] = [];
  for (const [table, properties] of Object.entries(tables)) {
    for (const name of Object.keys(properties)) {
      const first = owner.get(name);
      if (first !== undefined) out.push(`${name}: ${first} and ${table}`);
      else owner.set(name, table);
    }
  }
  return out;
}

const ASSEMBLIES: ReadonlyArray<{ readonly kind: SectionKind; readonly tables: Tables }> = [
  {
    kind: zoneKind,
    tables: {
      common: commonZoneProperties,
      shared: sharedZoneProperties,
      simple: simpleOptions.properties,
      vlan: vlanOptions.properties,
      qinq: qinqOptions.properties,
      vxlan: vxlanOptions.properties,
      evpn: evpnZoneOptions.properties,
    },
  },
  {
    kind: controllerKind,
    tables: { shared: sharedControllerProperties, evpn: evpnControllerOptions.properties, bgp: bgpControllerOptions.properties, isis: isisOptions.properties },
  },
  {
    kind: fabricKind,
    tables: {
      common: commonFabricProperties,
      shared: sharedFabricProperties,
      openfabric: openfabricOptions.properties,
      ospf: ospfOptions.properties,
      bgp: bgpFabricOptions.properties,
      wireguard: wireguardOptions.properties,
    },
  },
];

describe('kinds assembled from their modules', () => {
  for (const { kind, tables } of ASSEMBLIES) {
    test(`${kind.name}: each property declared by one table, the kind holds them all`, () => {
      assert.deepEqual(declaredTwice(tables), []);
      const declared = Object.values(tables).flatMap((t) => Object.keys(t));
      assert.deepEqual([...declared].sort(), Object.keys(kind.properties).sort());
    });

    test(`${kind.name}: every type's rules name properties of the kind`, () => {
      const unknown = Object.entries(kind.types).flatMap(([type, rules]) => Object.keys(rules).filter((name) => !(name in kind.properties)).map((name) => `${type}.${name}`));
      assert.deepEqual(unknown, []);
    });
  }

  test('a property declared by two tables is found', () => {
    assert.deepEqual(declaredTwice({ a: { mtu: 1, tag: 2 }, b: { tag: 3 } }), ['tag: a and b']);
  });
});
