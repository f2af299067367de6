import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { parseInterfaces } from '../../src/config/interfaces.js';

const TEXT = `# managed by hand
auto lo
iface lo inet loopback

auto eno1
iface eno1 inet manual
	mtu 9000

auto vmbr0
iface vmbr0 inet static
        address 192.168.0.10/24
        gateway 192.168.0.1
        bridge_ports eno1 eno2
        bridge-stp off
        bridge-vlan-aware yes
        bridge-vids 2-4094

iface vmbr0 inet6 static
	address 2001:db8::10/64

auto ovsbr
iface ovsbr inet manual
	ovs_type OVSBridge
	ovs_ports eno3

auto eth9
iface eth9 inet static
	address 144.76.0.1
	netmask 255.255.255.255

auto vmbr9
iface vmbr9 inet manual
	bridge-ports none

source /etc/network/interfaces.d/*
`;

test('interfaces: bridges, OVS, VLAN awareness, addresses, MTU, sources', () => {
  const f = parseInterfaces(TEXT);
  const vmbr0 = f.ifaces.get('vmbr0');
  assert.equal(vmbr0?.address, '192.168.0.10');
  assert.equal(vmbr0?.address6, '2001:db8::10');
  assert.equal(vmbr0?.isBridge, true);
  assert.equal(vmbr0?.vlanAware, true);
  assert.deepEqual(vmbr0?.ports, ['eno1', 'eno2']);
  assert.equal(f.ifaces.get('eno1')?.mtu, 9000);
  const ovs = f.ifaces.get('ovsbr');
  assert.equal(ovs?.isOvsBridge, true);
  assert.deepEqual(ovs?.ports, ['eno3']);
  assert.equal(f.ifaces.get('eth9')?.address, '144.76.0.1');
  assert.deepEqual(f.ifaces.get('vmbr9')?.ports, []);
  assert.equal(f.ifaces.get('vmbr9')?.isBridge, true);
  assert.equal(f.ifaces.get('vmbr9')?.vlanAware, false);
  assert.deepEqual([...f.auto], ['lo', 'eno1', 'vmbr0', 'ovsbr', 'eth9', 'vmbr9']);
  assert.deepEqual(f.sources, ['/etc/network/interfaces.d/*']);
});
