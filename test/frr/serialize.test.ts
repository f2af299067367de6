/** The FRR serializer's ordering rules, on small hand-built IRs. */
import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { newBgpRouter, newFrrDraft, newVrf, routeMapEntries, routeMapEntry } from '../../src/frr/draft.js';
import { DEFAULT_VRF } from '../../src/frr/ir.js';
import { serializeFrr } from '../../src/frr/serialize.js';

/** The body: without the 5 header lines and the closing `!`/`line vty`/`!`. */
function body(text: string): string[] {
  return text.split('\n').slice(5, -4);
}

describe('FRR serializer', () => {
  test('an empty config is the header and line vty', () => {
    assert.equal(
      serializeFrr(newFrrDraft('pve1')),
      'frr version 10.4.1\nfrr defaults datacenter\nhostname pve1\nlog syslog informational\nservice integrated-vtysh-config\n!\nline vty\n!\n',
    );
  });

  test('VRFs by name; the default BGP instance before the VRF instances, whatever the insertion order', () => {
    const frr = newFrrDraft('n');
    frr.vrfs.set('vrf_b', newVrf(2));
    frr.vrfs.set('vrf_a', newVrf(1));
    frr.bgpRouters.set('vrf_b', newBgpRouter(65000, '198.51.100.1'));
    frr.bgpRouters.set(DEFAULT_VRF, newBgpRouter(65000, '198.51.100.1'));
    frr.bgpRouters.set('vrf_A', newBgpRouter(65000, '198.51.100.1'));
    const lines = body(serializeFrr(frr));
    assert.deepEqual(
      lines.filter((l) => /^(vrf|router)/.test(l)),
      ['vrf vrf_a', 'vrf vrf_b', 'router bgp 65000', 'router bgp 65000 vrf vrf_A', 'router bgp 65000 vrf vrf_b'],
    );
  });

  test('sections in the reference order: BGP, IS-IS, prefix lists, local lines, route maps, static routes, protocol route maps', () => {
    const frr = newFrrDraft('n');
    frr.protocolRouteMaps.set('bgp', { v4: 'correct_src' });
    frr.ipRoutes.push({ ipv6: false, prefix: '203.0.113.0/24', via: '10.255.255.2', vrf: 'xvrf_z' });
    routeMapEntries(frr, 'MAP_VTEP_OUT').push(routeMapEntry('permit'));
    frr.custom.push('bgp community-list standard CL permit 65000:1');
    frr.prefixLists.set('only_default', [{ ipv6: false, action: 'permit', network: '0.0.0.0/0', seq: 1 }]);
    frr.isisRouters.set('d', { net: '49.0001.1921.6800.1001.00', logAdjacencyChanges: true, custom: [] });
    frr.bgpRouters.set(DEFAULT_VRF, newBgpRouter(65000, '198.51.100.1'));
    assert.deepEqual(body(serializeFrr(frr)), [
      '!',
      'router bgp 65000',
      ' bgp router-id 198.51.100.1',
      'exit',
      '!',
      'router isis d',
      ' net 49.0001.1921.6800.1001.00',
      ' log-adjacency-changes',
      'exit',
      '!',
      'ip prefix-list only_default seq 1 permit 0.0.0.0/0',
      'bgp community-list standard CL permit 65000:1',
      '!',
      'route-map MAP_VTEP_OUT permit 1',
      'exit',
      '!',
      'ip route 203.0.113.0/24 10.255.255.2 xvrf_z',
      '!',
      'ip protocol bgp route-map correct_src',
    ]);
  });

  test('route-map entries are numbered in list order; maps by name in byte order', () => {
    const frr = newFrrDraft('n');
    routeMapEntries(frr, 'correct_src').push(routeMapEntry('permit'));
    const vtepIn = routeMapEntries(frr, 'MAP_VTEP_IN');
    vtepIn.push(routeMapEntry('permit'));
    vtepIn.unshift(routeMapEntry('deny', { matches: [{ key: 'ip address prefix-list', value: 'only_default' }] }));
    assert.deepEqual(
      body(serializeFrr(frr)).filter((l) => l.startsWith('route-map')),
      ['route-map MAP_VTEP_IN deny 1', 'route-map MAP_VTEP_IN permit 2', 'route-map correct_src permit 1'],
    );
  });

  test("a flag left undefined writes nothing; false writes FRR's 'no' form", () => {
    const frr = newFrrDraft('n');
    frr.bgpRouters.set(DEFAULT_VRF, { ...newBgpRouter(65000, '198.51.100.1'), defaultIpv4Unicast: false, coalesceTime: 1000 });
    assert.deepEqual(body(serializeFrr(frr)), ['!', 'router bgp 65000', ' bgp router-id 198.51.100.1', ' no bgp default ipv4-unicast', ' coalesce-time 1000', 'exit']);
  });
});
