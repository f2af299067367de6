/** The node's own address towards its peers, and the BGP router-id derived from it. */
import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { parseInterfaces } from '../../src/config/interfaces.js';
import type { NodeFacts } from '../../src/ir/facts.js';
import { localAddress, routerId } from '../../src/ir/local-address.js';
import { nodeName } from '../support/node-name.js';

const INTERFACES = parseInterfaces(`auto vmbr0
iface vmbr0 inet static
	address 198.51.100.11/24
	bridge-ports eth0

auto dummy1
iface dummy1 inet static
	address 203.0.113.1/32
	link-type dummy

auto vmbr1
iface vmbr1 inet6 static
	address 2001:db8::11/64
`);
const FACTS: NodeFacts = { nodename: nodeName('pve1'), routeSource: { ip: '198.51.100.99', iface: 'vmbr9' }, defaultMac: 'bc:24:11:1d:69:60', bridgePorts: {} };

describe('local address', () => {
  test('the loopback address comes first', () => {
    assert.deepEqual(localAddress(['198.51.100.11', '198.51.100.12'], 'dummy1', INTERFACES, FACTS), { ip: '203.0.113.1', iface: 'dummy1' });
  });

  test('a loopback without address falls back to a peer address configured locally (IPv6 too)', () => {
    assert.deepEqual(localAddress(['198.51.100.12', '198.51.100.11'], 'lo', INTERFACES, FACTS), { ip: '198.51.100.11', iface: 'vmbr0' });
    assert.deepEqual(localAddress(['2001:db8::12', '2001:db8:0::11'], undefined, INTERFACES, FACTS), { ip: '2001:db8:0::11', iface: 'vmbr1' });
  });

  test('else the probed route source towards the first peer; nothing without peers', () => {
    assert.deepEqual(localAddress(['198.51.100.50'], undefined, INTERFACES, FACTS), { ip: '198.51.100.99', iface: 'vmbr9' });
    assert.deepEqual(localAddress([], undefined, INTERFACES, FACTS), {});
  });
});

describe('router-id', () => {
  test('the local IPv4 address', () => {
    assert.deepEqual(routerId({ ip: '198.51.100.11', iface: 'vmbr0' }, FACTS), { kind: 'ok', value: '198.51.100.11' });
  });

  test('with an IPv6 (or no) local address: the last four MAC bytes', () => {
    assert.deepEqual(routerId({ ip: '2001:db8::11', iface: 'vmbr1' }, FACTS), { kind: 'ok', value: '17.29.105.96' });
    assert.deepEqual(routerId({}, FACTS), { kind: 'ok', value: '17.29.105.96' });
  });

  test('no MAC, or a zero MAC: skipped with a clear reason', () => {
    const noMac: NodeFacts = { nodename: FACTS.nodename, routeSource: FACTS.routeSource, bridgePorts: {} };
    const reason = (r: ReturnType<typeof routerId>) => (r.kind === 'skipped' ? r.reason : `not skipped: ${r.value}`);
    assert.match(reason(routerId({ ip: '2001:db8::11', iface: 'vmbr1' }, noMac)), /^can't derive a BGP router-id: no local IPv4 address and no MAC address of interface vmbr1/);
    assert.match(reason(routerId({ ip: '2001:db8::11', iface: 'vmbr1' }, { ...FACTS, defaultMac: '00:00:00:00:00:00' })), /^interface vmbr1 has a zero MAC address/);
  });
});
