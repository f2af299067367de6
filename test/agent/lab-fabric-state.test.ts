/**
 * A fabric's routes, neighbors and interfaces through the API, answered by
 * `weft agent` on three lab nodes from Debian's FRR running there: an
 * OpenFabric fabric (dual stack) along node1 – node2 – node3 and two OSPF
 * fabrics (areas 0 and 1) from node1 to node2 and to node3, created and
 * applied through the API. The agents write each node's interfaces file and
 * frr.conf (`--no-reload`); the test brings up the interfaces that file
 * describes (a veth stands in for each `dummy_<fabric>`: this kernel has no
 * dummy devices) and starts FRR with the written frr.conf and daemons.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseInterfaces } from '../../src/config/interfaces.js';
import { applyAndWait, type Harness } from '../api/harness.js';
import { FrrLab } from '../support/frr-lab.js';
import { Lab, type LabNode } from '../support/lab.js';
import { needs } from '../support/system.js';
import { ok, startLabCluster, type LabCluster } from './cluster-support.js';

const skip = needs({ root: true, commands: ['ip', 'unshare', 'vtysh', '/usr/lib/frr/frrinit.sh'] });

/** the veth links between the nodes: node, interface, other node, its interface */
const LINKS = [
  ['node1', 'ofa', 'node2', 'ofa'],
  ['node2', 'ofb', 'node3', 'ofb'],
  ['node1', 'osa', 'node2', 'osa'],
  ['node1', 'osb', 'node3', 'osb'],
] as const;

const FABRICS = [
  { id: 'f1', protocol: 'openfabric', ip_prefix: '203.0.113.0/28', ip6_prefix: '2001:db8::/64', hello_interval: 1 },
  { id: 'o1', protocol: 'ospf', ip_prefix: '203.0.113.16/28', area: '0' },
  { id: 'o2', protocol: 'ospf', ip_prefix: '203.0.113.48/28', area: '1' },
];
const FABRIC_NODES = [
  { fabric: 'f1', node_id: 'node1', ip: '203.0.113.1', ip6: '2001:db8::1', interfaces: ['name=ofa'] },
  { fabric: 'f1', node_id: 'node2', ip: '203.0.113.2', ip6: '2001:db8::2', interfaces: ['name=ofa', 'name=ofb'] },
  { fabric: 'f1', node_id: 'node3', ip: '203.0.113.3', ip6: '2001:db8::3', interfaces: ['name=ofb'] },
  // unnumbered: point-to-point, the adjacency comes up without a DR election
  { fabric: 'o1', node_id: 'node1', ip: '203.0.113.17', interfaces: ['name=osa'] },
  { fabric: 'o1', node_id: 'node2', ip: '203.0.113.18', interfaces: ['name=osa'] },
  { fabric: 'o2', node_id: 'node1', ip: '203.0.113.49', interfaces: ['name=osb'] },
  { fabric: 'o2', node_id: 'node3', ip: '203.0.113.51', interfaces: ['name=osb'] },
];

/** The interfaces the node's rendered `sdn` file describes, up with their addresses. */
function bringUp(node: LabNode): void {
  const ip = (...args: string[]) => execFileSync('ip', ['-n', node.ns, ...args]);
  const sdn = parseInterfaces(readFileSync(join(node.etcNetwork, 'interfaces.d', 'sdn'), 'utf8'));
  for (const iface of sdn.ifaces.values()) {
    const option = (key: string) => iface.options.filter(([k]) => k === key).map(([, v]) => v);
    if (option('link-type').includes('dummy')) {
      ip('link', 'add', iface.name, 'type', 'veth', 'peer', 'name', `${iface.name}x`);
      ip('link', 'set', `${iface.name}x`, 'up');
    }
    ip('link', 'set', iface.name, 'up');
    for (const address of option('address')) ip('addr', 'add', address, 'dev', iface.name, ...(address.includes(':') ? ['nodad'] : []));
  }
}

/** The IPv6 link-local address of `iface` in the node. */
function linkLocal(node: LabNode, iface: string): string {
  const out = JSON.parse(execFileSync('ip', ['-n', node.ns, '-json', '-6', 'addr', 'show', 'dev', iface, 'scope', 'link'], { encoding: 'utf8' })) as { addr_info: { local: string }[] }[];
  return out[0]?.addr_info[0]?.local ?? assert.fail(`${node.name} ${iface} has no link-local address`);
}

describe("a fabric's live state through the API, from FRR on three lab nodes", { skip }, () => {
  let lab: Lab;
  let cluster: LabCluster | undefined;
  let h: Harness;
  const nodes = new Map<string, LabNode>();
  const get = (path: string) => ok(h, 'GET', path);
  const node = (name: string) => nodes.get(name) ?? assert.fail(name);

  before(async () => {
    lab = new Lab('fs');
    const frr = new FrrLab(lab.dir);
    for (const i of [1, 2, 3]) {
      const n = lab.addNode(i);
      nodes.set(n.name, n);
      // FRR's files for the agent to write: the daemons file it edits, an empty frr.conf
      frr.add(n.ns, `frr defaults datacenter\nhostname ${n.name}\nservice integrated-vtysh-config\n`, []);
      frr.linkInto(n.root);
    }
    for (const [a, ifA, b, ifB] of LINKS) execFileSync('ip', ['link', 'add', ifA, 'netns', node(a).ns, 'type', 'veth', 'peer', 'name', ifB, 'netns', node(b).ns]);
    cluster = await startLabCluster(lab, [...nodes.values()], (n) => ['--frr-instance', n.ns, '--no-reload']);
    h = cluster.h;
    for (const { id, ...f } of FABRICS) await ok(h, 'POST', '/cluster/sdn/fabrics/fabric', { id, ...f });
    for (const { fabric, ...n } of FABRIC_NODES) await ok(h, 'POST', `/cluster/sdn/fabrics/node/${fabric}`, { protocol: FABRICS.find((f) => f.id === fabric)?.protocol, ...n });
    const task = await applyAndWait(h);
    assert.equal(task.exitstatus, 'OK', `${task.log.join('\n')}\n${cluster.agents.logs()}`);
    for (const n of nodes.values()) {
      bringUp(n);
      const daemons = readFileSync(join(frr.etc, n.ns, 'daemons'), 'utf8');
      assert.match(daemons, /^fabricd=yes$/m);
      assert.match(daemons, /^ospfd=yes$/m);
      const started = frr.start(n.ns, n.name);
      assert.equal(started.status, 0, `frrinit.sh start on ${n.name}:\n${started.output}`);
    }
    // converged: every adjacency up, node1 has the routes of all three fabrics
    const converged = async () => {
      const counts = await Promise.all(['/nodes/node1/sdn/fabrics/f1/routes', '/nodes/node2/sdn/fabrics/f1/neighbors', '/nodes/node1/sdn/fabrics/o1/routes', '/nodes/node1/sdn/fabrics/o2/routes'].map(async (p) => ((await get(p)) as unknown[]).length));
      return counts.join() === '4,2,1,1';
    };
    for (let i = 0; i < 90 && !(await converged()); i++) await new Promise((r) => setTimeout(r, 1000));
  });
  after(async () => {
    await cluster?.close();
    lab?.destroy();
  });

  test('OpenFabric: IPv4 and IPv6 routes through the fabric, neighbors by hostname, the circuits of its area', async () => {
    const nexthop6 = linkLocal(node('node2'), 'ofa');
    assert.deepEqual(await get('/nodes/node1/sdn/fabrics/f1/routes'), [
      { route: '203.0.113.2/32', via: ['203.0.113.2'] },
      // node3, behind node2
      { route: '203.0.113.3/32', via: ['203.0.113.2'] },
      { route: '2001:db8::2/128', via: [nexthop6] },
      { route: '2001:db8::3/128', via: [nexthop6] },
    ]);
    const neighbors = (await get('/nodes/node2/sdn/fabrics/f1/neighbors')) as { neighbor: string; status: string; uptime: string }[];
    assert.deepEqual(
      neighbors.map((n) => [n.neighbor, n.status]),
      [
        ['node1', 'Up'],
        ['node3', 'Up'],
      ],
    );
    for (const n of neighbors) assert.match(n.uptime, /^(\d+[dhms])+$/);
    assert.deepEqual(await get('/nodes/node1/sdn/fabrics/f1/interfaces'), [
      { name: 'dummy_f1', state: 'Up', type: 'Point-To-Point' },
      { name: 'ofa', state: 'Up', type: 'Point-To-Point' },
    ]);
  });

  test("OSPF: one instance on node1 for two fabrics, each fabric's routes, neighbors and interfaces by its interfaces", async () => {
    assert.deepEqual(await get('/nodes/node1/sdn/fabrics/o1/routes'), [{ route: '203.0.113.18/32', via: ['203.0.113.18'] }]);
    assert.deepEqual(await get('/nodes/node1/sdn/fabrics/o2/routes'), [{ route: '203.0.113.51/32', via: ['203.0.113.51'] }]);
    for (const [fabric, neighbor] of [
      ['o1', '203.0.113.18'],
      ['o2', '203.0.113.51'],
    ] as const) {
      const neighbors = (await get(`/nodes/node1/sdn/fabrics/${fabric}/neighbors`)) as { neighbor: string; status: string; uptime: string }[];
      assert.deepEqual(
        neighbors.map((n) => [n.neighbor, n.status]),
        [[neighbor, 'Full/-']],
      );
      assert.match(neighbors[0]?.uptime ?? '', /^[\d.]+s$|^\d+m/);
    }
    assert.deepEqual(await get('/nodes/node1/sdn/fabrics/o2/interfaces'), [
      { name: 'dummy_o2', state: 'up', type: 'Broadcast' },
      { name: 'osb', state: 'up', type: 'Point-To-Point' },
    ]);
  });

  test('a node not in the fabric has none of its state', async () => {
    for (const what of ['routes', 'neighbors', 'interfaces']) {
      assert.deepEqual(await get(`/nodes/node3/sdn/fabrics/o1/${what}`), [], `node3 o1 ${what}`);
      assert.deepEqual(await get(`/nodes/node2/sdn/fabrics/o2/${what}`), [], `node2 o2 ${what}`);
    }
  });
});
