/** frr.conf.local merged into the FRR IR, by block. */
import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { newBgpRouter, newFrrDraft, newL2vpnEvpnAf, newVrf, routeMapEntries, routeMapEntry, type FrrDraft } from '../../src/frr/draft.js';
import { DEFAULT_VRF } from '../../src/frr/ir.js';
import { parseLocalConfig } from '../../src/frr/local-config.js';
import { mergeLocalConfig } from '../../src/frr/merge-local.js';
import { serializeFrr } from '../../src/frr/serialize.js';

/** What a node with one EVPN zone generates: router bgp 65000 with l2vpn evpn, a VRF, an IS-IS interface, MAP_VTEP_IN. */
function generated(): FrrDraft {
  const frr = newFrrDraft('pve1');
  const router = newBgpRouter(65000, '198.51.100.11');
  router.addressFamilies.l2vpnEvpn = { ...newL2vpnEvpnAf(), advertiseAllVni: true };
  frr.bgpRouters.set(DEFAULT_VRF, router);
  frr.vrfs.set('vrf_z', newVrf(10000));
  frr.isisInterfaces.set('eth1', { domain: 'd', ipv4: true, ipv6: false, custom: [] });
  routeMapEntries(frr, 'MAP_VTEP_IN').push(routeMapEntry('permit'));
  return frr;
}

const LOCAL = `ip nht resolve-via-default
!
router bgp 65000
 neighbor 198.51.100.9 remote-as 65009
 address-family l2vpn evpn
  advertise-svi-ip
 exit-address-family
 address-family ipv4 unicast
  network 203.0.113.0/24
 exit-address-family
 bgp graceful-restart
exit
!
router bgp 65001 vrf vrf_other
 bgp router-id 198.51.100.99
exit
!
vrf vrf_z
 ip route 203.0.113.128/25 null0
exit-vrf
!
interface eth1
 isis circuit-type level-2-only
exit
!
route-map MAP_VTEP_IN permit 10
 set community 65000:1
exit
!
ip prefix-list PL seq 10 permit 10.0.0.0/8 le 24
`;

function merged(local: string): { text: string; warnings: string[] } {
  const frr = generated();
  const warnings = mergeLocalConfig(frr, parseLocalConfig(local)).map((w) => `${w.path}: ${w.message}`);
  return { text: serializeFrr(frr), warnings };
}

describe('frr.conf.local merge', () => {
  test('lines join the generated block they name, address family by address family', () => {
    const { text } = merged(LOCAL);
    assert.ok(
      text.includes(
        [
          'router bgp 65000',
          ' bgp router-id 198.51.100.11',
          ' neighbor 198.51.100.9 remote-as 65009',
          // an address family the generated router lacks stays inside the router, as written
          ' address-family ipv4 unicast',
          '  network 203.0.113.0/24',
          ' exit-address-family',
          ' bgp graceful-restart',
          ' !',
          ' address-family l2vpn evpn',
          '  advertise-all-vni',
          '  advertise-svi-ip',
          ' exit-address-family',
          'exit',
        ].join('\n'),
      ),
      text,
    );
    assert.ok(text.includes('vrf vrf_z\n vni 10000\n ip route 203.0.113.128/25 null0\nexit-vrf\n'), text);
    assert.ok(text.includes('interface eth1\n ip router isis d\n isis circuit-type level-2-only\nexit\n'), text);
  });

  test('a block no generated block matches is kept whole; route-map entries continue the numbering of their map', () => {
    const { text } = merged(LOCAL);
    const tail = [
      'exit',
      'router bgp 65001 vrf vrf_other',
      ' bgp router-id 198.51.100.99',
      'exit',
      '!',
      'ip prefix-list PL seq 10 permit 10.0.0.0/8 le 24',
      'route-map MAP_VTEP_IN permit 2',
      ' set community 65000:1',
      'exit',
      '!',
      '!',
      'route-map MAP_VTEP_IN permit 1',
      'exit',
      '!',
      'line vty',
      '!',
      '',
    ].join('\n');
    assert.ok(text.endsWith(tail), text);
  });

  test('a line outside any block is reported with its line number, as the reference drops it', () => {
    const { text, warnings } = merged(LOCAL);
    assert.ok(!text.includes('ip nht'));
    assert.deepEqual(warnings, ["frr.conf.local:1: 'ip nht resolve-via-default' is outside any router, vrf, interface or route-map block; not merged (the reference drops such lines too)"]);
  });

  test('every other line of the local file is in the output', () => {
    const { text } = merged(LOCAL);
    const output = new Set(text.split('\n'));
    const expected = LOCAL.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('!') && !/^\s*exit/.test(l) && !/^route-map|^ip nht/.test(l));
    assert.deepEqual(
      expected.filter((l) => !output.has(l) && !output.has(` ${l.trim()}`)),
      [],
    );
  });

  test('list lines inside a block belong to the top level; blank and comment lines are dropped', () => {
    const { text } = merged('router eigrp 1\n network 10.0.0.0/8\n! note\n\naccess-list a seq 5 permit any\nexit\n');
    assert.ok(text.includes('router eigrp 1\n network 10.0.0.0/8\naccess-list a seq 5 permit any\nexit\n!\n'), text);
  });
});
