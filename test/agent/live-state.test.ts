/**
 * The agent's live-state parsers on real output of FRR 8.4.4 and iproute2
 * 6.1 captured in namespace labs (test/fixtures/live-state/README.md says
 * how), reduced as the reference reduces it (pve-network Nodes/Zone.pm,
 * pve-rs get_l3vpn_routes / get_l2vpn_routes).
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { guestOfPort } from '../../src/agent/guest-ports.js';
import type { IpLink } from '../../src/agent/links.js';
import { bridgesOf, macVrf, vrfRoutes } from '../../src/agent/live-state.js';
import { FIXTURES_DIR } from '../support/paths.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(join(FIXTURES_DIR, 'live-state', name), 'utf8'));
const LINKS = fixture('iproute2-ip-details-link-show.json') as IpLink[];

test('guest ports: tap and veth NICs and firewall pairs name their guest and NIC', () => {
  assert.deepEqual(guestOfPort('tap100i0'), { vmid: 100, index: 'net0' });
  assert.deepEqual(guestOfPort('veth4021i12'), { vmid: 4021, index: 'net12' });
  assert.deepEqual(guestOfPort('fwpr102p3'), { vmid: 102, index: 'net3' });
  for (const other of ['fwln102i0', 'fwbr102i0', 'vxlan_vnet1', 'eth0', 'tap100', 'veth101i1x']) assert.equal(guestOfPort(other), null, other);
});

test('bridges: every port of each asked bridge, guests named; a bridge the node lacks is listed without ports', () => {
  assert.deepEqual(bridgesOf(['vnet1', 'absent'], LINKS, []), [
    { name: 'absent', vlan_filtering: null, ports: [] },
    {
      name: 'vnet1',
      vlan_filtering: '0',
      ports: [
        { name: 'tap100i0', vmid: 100, index: 'net0' },
        { name: 'veth101i1', vmid: 101, index: 'net1' },
        { name: 'fwpr102p0', vmid: 102, index: 'net0' },
        { name: 'vxlan_vnet1' },
      ],
    },
  ]);
  // the firewall bridge's own ports are not the VNet's; the host bridge has its NIC
  assert.deepEqual(bridgesOf(['vmbr0'], LINKS, []), [{ name: 'vmbr0', vlan_filtering: '0', ports: [{ name: 'eth0' }] }]);
});

test('bridges: on a VLAN-aware bridge each port has its PVID apart and its other VLANs and ranges', () => {
  // not capturable here (no bridge VLAN filtering in this kernel): the captured links with
  // vlan_filtering 1, and VLANs in the shape iproute2's bridge/vlan.c prints with -compressvlans
  const aware = LINKS.map((l) => (l.ifname === 'vnet1' ? { ...l, linkinfo: { ...l.linkinfo, info_data: { ...l.linkinfo?.info_data, vlan_filtering: 1 } } } : l));
  const vlans = [
    { ifname: 'vnet1', vlans: [{ vlan: 1, flags: ['PVID', 'Egress Untagged'] }] },
    { ifname: 'tap100i0', vlans: [{ vlan: 10, flags: ['PVID', 'Egress Untagged'] }] },
    { ifname: 'veth101i1', vlans: [{ vlan: 1, flags: ['PVID', 'Egress Untagged'] }, { vlan: 20 }, { vlan: 100, vlanEnd: 199 }] },
    { ifname: 'vxlan_vnet1', vlans: [{ vlan: 2, vlanEnd: 4094 }] },
  ];
  assert.deepEqual(bridgesOf(['vnet1'], aware, vlans), [
    {
      name: 'vnet1',
      vlan_filtering: '1',
      ports: [
        { name: 'tap100i0', vmid: 100, index: 'net0', primary_vlan: 10, vlans: [] },
        { name: 'veth101i1', vmid: 101, index: 'net1', primary_vlan: 1, vlans: ['20', '100-199'] },
        { name: 'fwpr102p0', vmid: 102, index: 'net0', vlans: [] },
        { name: 'vxlan_vnet1', vlans: ['2-4094'] },
      ],
    },
  ]);
});

test('VRF routes: the installed routes of the VRF, nexthops by address else interface, duplicates and blackholes left out', () => {
  // `show ip route json` of the default table has the shape of a zone VRF's (`show ip route vrf vrf_<zone> json`)
  const table = fixture('frr-8.4.4-show-ip-route.json');
  assert.deepEqual(vrfRoutes(table, 'default'), [
    { ip: '198.51.100.0/24', protocol: 'connected', metric: 0, nexthops: ['eth0'] },
    // recursive: the nexthops as FRR lists them, the second resolver (a duplicate) left out
    { ip: '203.0.113.0/29', protocol: 'static', metric: 0, nexthops: ['203.0.113.200', '198.51.100.12', '203.0.113.201'] },
    { ip: '203.0.113.8/29', protocol: 'static', metric: 0, nexthops: ['203.0.113.40', '203.0.113.40', '203.0.113.41', '203.0.113.41'] },
    { ip: '203.0.113.32/27', protocol: 'kernel', metric: 0, nexthops: ['eth0'] },
    { ip: '203.0.113.64/26', protocol: 'static', metric: 0, nexthops: [] },
    // the distance-250 static for the same prefix is not installed
    { ip: '203.0.113.128/26', protocol: 'static', metric: 0, nexthops: ['198.51.100.99'] },
    { ip: '203.0.113.192/26', protocol: 'bgp', metric: 0, nexthops: ['198.51.100.12'] },
  ]);
  // another VRF's routes are not this one's
  assert.deepEqual(vrfRoutes(table, 'vrf_z1'), []);
  // FRR 8.4 answers a VRF it does not know with {}
  assert.deepEqual(vrfRoutes({}, 'vrf_z1'), []);
  assert.throws(() => vrfRoutes('% Unknown command', 'vrf_z1'), /no route table/);
});

test('MAC VRF: best type-2 paths with a MAC, an IP and a nexthop; MAC-only routes left out', () => {
  assert.deepEqual(macVrf(fixture('frr-8.4.4-show-bgp-l2vpn-evpn-route-vni-100-type-2.json')), [
    // this node's guest: its own VTEP as nexthop
    { ip: '203.0.113.11', mac: 'bc:24:11:00:00:11', nexthop: '198.51.100.11' },
    { ip: 'fe80::be24:11ff:fe00:11', mac: 'bc:24:11:00:00:11', nexthop: '198.51.100.11' },
    // node2's guest, learned from its VTEP
    { ip: '203.0.113.12', mac: 'bc:24:11:00:00:12', nexthop: '198.51.100.12' },
    { ip: 'fe80::be24:11ff:fe00:12', mac: 'bc:24:11:00:00:12', nexthop: '198.51.100.12' },
  ]);
  // a VNI FRR does not know: `{\n}`
  assert.deepEqual(macVrf({}), []);
});
