/**
 * An EVPN zone created or updated without `mac` gets a random anycast MAC
 * under Proxmox's prefix, stored with the edit (the reference's zone update
 * hook); a given MAC is kept and other zone types get none.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { parseSectionConfig } from '../../src/config/section-config.js';
import { PROXMOX_MAC_PREFIX, randomMac } from '../../src/sdn/anycast-mac.js';
import { createSection, updateSection } from '../../src/sdn/edit.js';
import { loadState } from '../../src/sdn/state.js';
import type { StoreWrite } from '../../src/store/types.js';

const CONTROLLERS = 'evpn: ctl\n\tasn 65000\n\tpeers 10.0.0.1\n\n';

function state(zones = '') {
  return loadState({ revision: '1', docs: new Map([['sdn/controllers.cfg', CONTROLLERS], ['sdn/zones.cfg', zones]]) });
}

/** The zone `id` as the edit writes it into zones.cfg. */
function writtenZone(writes: readonly StoreWrite[], id: string): ReadonlyMap<string, unknown> | undefined {
  const w = writes.find((x) => x.key === 'sdn/zones.cfg');
  assert.ok(w && 'value' in w && typeof w.value === 'string', 'zones.cfg is written');
  return parseSectionConfig('zones.cfg', w.value, new Set()).sections.find((s) => s.id === id)?.values;
}

test('randomMac: unicast, locally administered, under the prefix, upper case', () => {
  assert.equal(randomMac('bc:24:11', Uint8Array.from([0xff, 0xee, 0xdd, 0x0c, 0xbb, 0x0a])), 'BC:24:11:0C:BB:0A');
  assert.equal(randomMac('', Uint8Array.from([0xff, 1, 2, 3, 4, 5])), 'FE:01:02:03:04:05', 'no prefix: multicast bit cleared, local bit set');
  const seen = new Set<string>();
  for (let i = 0; i < 50; i++) {
    const mac = randomMac();
    assert.match(mac, /^BC:24:11(:[0-9A-F]{2}){3}$/);
    seen.add(mac);
  }
  assert.ok(seen.size > 45, 'random');
  assert.equal(PROXMOX_MAC_PREFIX, 'BC:24:11');
});

test('an EVPN zone created without mac gets one; with mac it keeps it; other types get none', () => {
  const params = { controller: 'ctl', 'vrf-vxlan': 10000 };
  const created = writtenZone(createSection(state(), 'zones', 'ev', 'evpn', params, () => 'BC:24:11:12:34:56'), 'ev');
  assert.equal(created?.get('mac'), 'BC:24:11:12:34:56');
  const given = writtenZone(createSection(state(), 'zones', 'ev', 'evpn', { ...params, mac: 'BC:24:11:AA:BB:CC' }, () => assert.fail('no MAC is made when one is given')), 'ev');
  assert.equal(given?.get('mac'), 'BC:24:11:AA:BB:CC');
  const simple = writtenZone(createSection(state(), 'zones', 'zs', 'simple', {}, () => assert.fail('simple zones have no anycast MAC')), 'zs');
  assert.equal(simple?.has('mac'), false);
  const real = writtenZone(createSection(state(), 'zones', 'ev', 'evpn', params), 'ev');
  assert.match(String(real?.get('mac')), /^BC:24:11(:[0-9A-F]{2}){3}$/);
});

test('an update keeps the stored MAC and makes a new one when mac is deleted', () => {
  const before = state('evpn: ev\n\tcontroller ctl\n\tvrf-vxlan 10000\n\tmac BC:24:11:00:00:01\n\n');
  const kept = writtenZone(updateSection(before, 'zones', 'ev', { mtu: 1400 }, [], undefined, () => assert.fail('the stored MAC stays')), 'ev');
  assert.equal(kept?.get('mac'), 'BC:24:11:00:00:01');
  const renewed = writtenZone(updateSection(before, 'zones', 'ev', {}, ['mac'], undefined, () => 'BC:24:11:00:00:02'), 'ev');
  assert.equal(renewed?.get('mac'), 'BC:24:11:00:00:02');
  const legacy = state('evpn: ev\n\tcontroller ctl\n\tvrf-vxlan 10000\n\n');
  assert.equal(writtenZone(updateSection(legacy, 'zones', 'ev', {}, [], undefined, () => 'BC:24:11:00:00:03'), 'ev')?.get('mac'), 'BC:24:11:00:00:03', 'a zone stored before without one gets it on its next update');
});
