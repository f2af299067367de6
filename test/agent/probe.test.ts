import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { parseRouteGet, physicalBridgePorts } from '../../src/agent/probe.js';

test('route source from `ip route get`', () => {
  assert.deepEqual(parseRouteGet('198.51.100.12 dev vmbr0 src 198.51.100.11 uid 0 \n    cache \n'), { ip: '198.51.100.11', iface: 'vmbr0' });
  assert.deepEqual(parseRouteGet('local 198.51.100.11 dev lo table local src 198.51.100.11 uid 0\n'), { ip: '198.51.100.11', iface: 'lo' });
  assert.equal(parseRouteGet('RTNETLINK answers: Network is unreachable'), null);
});

test('physical bridge ports: NICs, bonds and VLAN devices, not guest or tunnel ports', () => {
  const links = [
    { ifname: 'vmbr0', linkinfo: { info_kind: 'bridge' } },
    { ifname: 'vmbr1', linkinfo: { info_kind: 'bridge' } },
    { ifname: 'eno1', master: 'vmbr0' },
    { ifname: 'bond0', master: 'vmbr1', linkinfo: { info_kind: 'bond' } },
    { ifname: 'eno2', master: 'bond0' },
    { ifname: 'eno3.20', master: 'vmbr1', linkinfo: { info_kind: 'vlan' } },
    { ifname: 'tap100i0', master: 'vmbr0', linkinfo: { info_kind: 'tun' } },
    { ifname: 'vxlan_v1', master: 'vmbr0', linkinfo: { info_kind: 'vxlan' } },
  ];
  assert.deepEqual(physicalBridgePorts(links), { vmbr0: ['eno1'], vmbr1: ['bond0', 'eno3.20'] });
});
