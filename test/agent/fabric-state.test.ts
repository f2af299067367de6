/**
 * A fabric's live state from real output of FRR 8.4.4 (fabricd and ospfd of
 * a three-node namespace lab, test/fixtures/live-state/README.md says how),
 * reduced as the reference reduces it (pve-rs `sdn::status`): node1 is in
 * the OpenFabric fabric f1 (interface ofa to node2, which has ofb to node3),
 * the OSPF fabric o1 (area 0, osa to node2, broadcast) and the OSPF fabric
 * o2 (area 1, osb to node3, unnumbered point-to-point).
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fabricRoutes, fabricState, openfabricInterfaces, openfabricNeighbors, ospfInterfaces, ospfNeighbors } from '../../src/agent/fabric-state.js';
import type { FabricQuery } from '../../src/sdn/node-query.js';
import { FIXTURES_DIR } from '../support/paths.js';

const captured = (node: string, command: string): unknown => JSON.parse(readFileSync(join(FIXTURES_DIR, 'live-state', `frr-8.4.4-fabrics-${node}-${command.replaceAll(' ', '-')}.json`), 'utf8'));
const OF_V4 = captured('node1', 'show ip route openfabric');
const OF_V6 = captured('node1', 'show ipv6 route openfabric');
const OSPF_ROUTES = captured('node1', 'show ip route ospf');
const F1 = new Set(['ofa', 'dummy_f1']);
const O1 = new Set(['osa', 'dummy_o1']);
const O2 = new Set(['osb', 'dummy_o2']);

test('routes: the prefixes installed through the fabric, IPv4 before IPv6, each with its nexthops', () => {
  assert.deepEqual(fabricRoutes([OF_V4, OF_V6], F1), [
    { route: '203.0.113.2/32', via: ['203.0.113.2'] },
    // node3, behind node2
    { route: '203.0.113.3/32', via: ['203.0.113.2'] },
    { route: '2001:db8::2/128', via: ['fe80::d8f6:2fff:fe5e:119'] },
    { route: '2001:db8::3/128', via: ['fe80::d8f6:2fff:fe5e:119'] },
  ]);
  // the order is the addresses', not the tables'
  assert.deepEqual(
    fabricRoutes([OF_V6, OF_V4], F1).map((r) => r.route),
    ['203.0.113.2/32', '203.0.113.3/32', '2001:db8::2/128', '2001:db8::3/128'],
  );
  // not through the fabric's interfaces on this node: not the fabric's
  assert.deepEqual(fabricRoutes([OF_V4, OF_V6], new Set(['ofb', 'dummy_f1'])), []);
});

test('routes: one OSPF instance, two fabrics told apart by interface; routes zebra did not install are no fabric route', () => {
  // own loopbacks (`via 0.0.0.0 dummy_o1`) and the link prefix lose against the connected routes
  assert.deepEqual(fabricRoutes([OSPF_ROUTES], O1), [{ route: '203.0.113.18/32', via: ['203.0.113.33'] }]);
  assert.deepEqual(fabricRoutes([OSPF_ROUTES], O2), [{ route: '203.0.113.51/32', via: ['203.0.113.51'] }]);
  // FRR without the protocol's routes (or not running: no output) answers {}
  assert.deepEqual(fabricRoutes([{}, {}], F1), []);
  assert.throws(() => fabricRoutes(['% Unknown command'], F1), /FRR answered no route table/);
});

test("routes: a fabric prefix lists the nexthops of all its routes, an unreachable one as 'unreachable'", () => {
  // derived from the captured table: a second, not installed route for node2's loopback, as a
  // reject route (its nexthop has neither address nor interface, as zebra prints a blackhole)
  const table = OSPF_ROUTES as Record<string, Record<string, unknown>[]>;
  const route = table['203.0.113.18/32']?.[0] as Record<string, unknown>;
  const reject = { ...route, installed: undefined, nexthops: [{ flags: 3, unreachable: true, reject: true, active: true }, { flags: 1 }] };
  const derived = { ...table, '203.0.113.18/32': [route, reject] };
  assert.deepEqual(fabricRoutes([derived], O1), [{ route: '203.0.113.18/32', via: ['203.0.113.33', 'unreachable'] }]);
});

test("neighbors: OpenFabric's adjacencies in the fabric's area, with their state and time since their last change", () => {
  assert.deepEqual(openfabricNeighbors(captured('node1', 'show openfabric neighbor detail'), 'f1'), [{ neighbor: 'node2', status: 'Up', uptime: '1m4s' }]);
  assert.deepEqual(openfabricNeighbors(captured('node2', 'show openfabric neighbor detail'), 'f1'), [
    { neighbor: 'node1', status: 'Up', uptime: '1m5s' },
    { neighbor: 'node3', status: 'Up', uptime: '1m' },
  ]);
  // another fabric is another area
  assert.deepEqual(openfabricNeighbors(captured('node2', 'show openfabric neighbor detail'), 'f2'), []);
  assert.deepEqual(openfabricNeighbors({}, 'f1'), []);
});

test("neighbors: OSPF's neighbors over the fabric's interfaces, by their address there", () => {
  const neighbors = captured('node1', 'show ip ospf neighbor');
  assert.deepEqual(ospfNeighbors(neighbors, O1), [{ neighbor: '203.0.113.33', status: 'Full/DR', uptime: '24.348s' }]);
  assert.deepEqual(ospfNeighbors(neighbors, O2), [{ neighbor: '203.0.113.51', status: 'Full/-', uptime: '56.281s' }]);
  assert.deepEqual(ospfNeighbors(neighbors, new Set(['dummy_o3'])), []);
});

test('interfaces: OpenFabric circuits of the area, OSPF interfaces of the fabric, types named as the reference names them', () => {
  assert.deepEqual(openfabricInterfaces(captured('node1', 'show openfabric interface'), 'f1'), [
    { name: 'dummy_f1', state: 'Up', type: 'Point-To-Point' },
    { name: 'ofa', state: 'Up', type: 'Point-To-Point' },
  ]);
  assert.deepEqual(openfabricInterfaces(captured('node1', 'show openfabric interface'), 'f2'), []);
  const ospf = captured('node1', 'show ip ospf interface');
  assert.deepEqual(ospfInterfaces(ospf, O1), [
    { name: 'dummy_o1', state: 'up', type: 'Broadcast' },
    { name: 'osa', state: 'up', type: 'Broadcast' },
  ]);
  assert.deepEqual(ospfInterfaces(ospf, O2), [
    { name: 'dummy_o2', state: 'up', type: 'Broadcast' },
    { name: 'osb', state: 'up', type: 'Point-To-Point' },
  ]);
});

test('the commands run per protocol and question; a node not in the fabric has no routes and no OSPF state', async () => {
  const outputs: Record<string, unknown> = {
    'show ip route openfabric json': OF_V4,
    'show ipv6 route openfabric json': OF_V6,
    'show ip route ospf json': OSPF_ROUTES,
    'show openfabric neighbor detail json': captured('node1', 'show openfabric neighbor detail'),
    'show ip ospf neighbor json': captured('node1', 'show ip ospf neighbor'),
    'show openfabric interface json': captured('node1', 'show openfabric interface'),
    'show ip ospf interface json': captured('node1', 'show ip ospf interface'),
  };
  const run = async (ask: Omit<FabricQuery, 'kind'>) => {
    const ran: string[] = [];
    const data = await fabricState({ kind: 'fabric', ...ask }, async (command) => {
      ran.push(command);
      return outputs[command] ?? assert.fail(`unexpected command ${command}`);
    });
    return { ran, count: data.length };
  };
  const f1 = { fabric: 'f1', protocol: 'openfabric', interfaces: ['ofa', 'dummy_f1'] } as const;
  const o1 = { fabric: 'o1', protocol: 'ospf', interfaces: ['osa', 'dummy_o1'] } as const;
  assert.deepEqual(await run({ ...f1, what: 'routes' }), { ran: ['show ip route openfabric json', 'show ipv6 route openfabric json'], count: 4 });
  assert.deepEqual(await run({ ...f1, what: 'neighbors' }), { ran: ['show openfabric neighbor detail json'], count: 1 });
  assert.deepEqual(await run({ ...f1, what: 'interfaces' }), { ran: ['show openfabric interface json'], count: 2 });
  assert.deepEqual(await run({ ...o1, what: 'routes' }), { ran: ['show ip route ospf json'], count: 1 });
  assert.deepEqual(await run({ ...o1, what: 'neighbors' }), { ran: ['show ip ospf neighbor json'], count: 1 });
  assert.deepEqual(await run({ ...o1, what: 'interfaces' }), { ran: ['show ip ospf interface json'], count: 2 });
  // not in the fabric: the routes and OSPF's state are nothing of it; fabricd still answers by area
  assert.deepEqual(await run({ ...f1, interfaces: null, what: 'routes' }), { ran: [], count: 0 });
  assert.deepEqual(await run({ ...o1, interfaces: null, what: 'neighbors' }), { ran: [], count: 0 });
  assert.deepEqual(await run({ ...o1, interfaces: null, what: 'interfaces' }), { ran: [], count: 0 });
  assert.deepEqual(await run({ ...f1, interfaces: null, what: 'neighbors' }), { ran: ['show openfabric neighbor detail json'], count: 1 });
});
