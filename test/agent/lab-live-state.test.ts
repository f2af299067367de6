/**
 * What the agent answers about its node, read for real inside a namespace
 * lab through the agent's own host (its runner in the node's namespace, its
 * root for /etc): a VNet bridge with guest ports named as Proxmox names them
 * (a VM's tap, a container's veth, a firewalled NIC's fwpr pair) and a VXLAN
 * port; the node's own bridges from its /etc/network/interfaces; and FRR's
 * installed routes (zebra and bgpd of two lab nodes, reached with `vtysh -N`
 * as the agent reaches the node's FRR). The routes of a zone VRF need VRF
 * devices: that part runs only on a kernel that has them.
 */
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { nodeHost, type NodeHost } from '../../src/agent/host.js';
import { liveState } from '../../src/agent/live-state.js';
import { frrPaths } from '../../src/agent/node-plan.js';
import { localRunner } from '../../src/agent/runner.js';
import type { LiveQuery } from '../../src/sdn/node-query.js';
import { FrrLab, waitFor } from '../support/frr-lab.js';
import { Lab, type LabNode } from '../support/lab.js';
import { needs } from '../support/system.js';

const skip = needs({ root: true, commands: ['ip', 'bridge', 'unshare', 'ifreload'] });
const frrSkip = needs({ commands: ['vtysh', '/usr/lib/frr/frrinit.sh'] });

/** false when the kernel makes VRF devices, else why this test cannot run. */
function vrfSkip(): string | false {
  if (skip) return skip;
  const ns = `wvrfprobe${process.pid % 100000}`;
  spawnSync('ip', ['netns', 'add', ns]);
  const r = spawnSync('ip', ['-n', ns, 'link', 'add', 'vrfprobe', 'type', 'vrf', 'table', '10'], { encoding: 'utf8' });
  spawnSync('ip', ['netns', 'del', ns]);
  return r.status === 0 ? false : `this kernel has no VRF devices (CONFIG_NET_VRF: ${r.stderr.trim()}): a zone VRF's routes cannot be made here; the route table parsing is covered on the default table`;
}

const ask = (host: NodeHost, query: LiveQuery, instance?: string) => liveState(host, frrPaths(instance), { id: 'lab', time: Date.now(), timeoutMs: 10_000, ask: query });

describe("the agent reads its node's live state", { skip }, () => {
  let lab: Lab;
  let frr: FrrLab | undefined;
  const nodes: LabNode[] = [];
  let host: NodeHost;
  const ip = (node: LabNode, ...args: string[]) => execFileSync('ip', ['-n', node.ns, ...args]);

  before(() => {
    lab = new Lab('ls');
    for (const i of [1, 2]) nodes.push(lab.addNode(i));
    const node = nodes[0] as LabNode;
    host = nodeHost(node.root, localRunner(['ip', 'netns', 'exec', node.ns]));
  });
  after(() => lab?.destroy());

  test("a zone's bridges with their ports: guests by VM id and NIC; a bridge the node lacks has none", async () => {
    const node = nodes[0] as LabNode;
    ip(node, 'link', 'add', 'vnet1', 'type', 'bridge');
    ip(node, 'link', 'set', 'vnet1', 'up');
    ip(node, 'tuntap', 'add', 'tap100i0', 'mode', 'tap');
    ip(node, 'link', 'set', 'tap100i0', 'master', 'vnet1', 'up');
    // a container's NIC: its peer is inside the guest
    lab.addGuest(node, 'vnet1', 'lsg1', null);
    // a firewalled NIC: the guest on fwbr, the fwpr/fwln pair between fwbr and the VNet
    ip(node, 'link', 'add', 'fwbr102i0', 'type', 'bridge');
    ip(node, 'link', 'add', 'fwpr102p0', 'type', 'veth', 'peer', 'name', 'fwln102i0');
    ip(node, 'link', 'set', 'fwpr102p0', 'master', 'vnet1', 'up');
    ip(node, 'link', 'set', 'fwln102i0', 'master', 'fwbr102i0', 'up');
    ip(node, 'link', 'add', 'vxlan_vnet1', 'type', 'vxlan', 'id', '100', 'dstport', '4789', 'local', node.address, 'nolearning');
    ip(node, 'link', 'set', 'vxlan_vnet1', 'master', 'vnet1', 'up');
    const ct = JSON.parse(execFileSync('ip', ['-n', node.ns, '-json', 'link', 'show', 'master', 'vnet1'], { encoding: 'utf8' }) as string) as { ifname: string }[];
    const veth = ct.map((l) => l.ifname).find((n) => n.startsWith('veth')) as string;

    assert.deepEqual(await ask(host, { kind: 'bridges', bridges: ['vnet1', 'vnet9'] }), [
      {
        name: 'vnet1',
        vlan_filtering: '0',
        ports: [
          { name: 'tap100i0', vmid: 100, index: 'net0' },
          { name: veth, vmid: Number(/^veth(\d+)i0$/.exec(veth)?.[1]), index: 'net0' },
          { name: 'fwpr102p0', vmid: 102, index: 'net0' },
          { name: 'vxlan_vnet1' },
        ],
      },
      { name: 'vnet9', vlan_filtering: null, ports: [] },
    ]);
  });

  test("the node's own bridges: those of its /etc/network/interfaces (zone localnetwork)", async () => {
    const node = nodes[0] as LabNode;
    // the lab's interfaces file has vmbr0 with eth0; made by hand here, as ifupdown2 would
    ip(node, 'link', 'add', 'vmbr0', 'type', 'bridge');
    ip(node, 'link', 'set', 'eth0', 'master', 'vmbr0', 'up');
    assert.deepEqual(await ask(host, { kind: 'local-bridges' }), [{ name: 'vmbr0', vlan_filtering: '0', ports: [{ name: 'eth0' }] }]);
  });

  describe("FRR's routes through the agent's vtysh", { skip: frrSkip }, () => {
    before(async () => {
      frr = new FrrLab(lab.dir);
      for (const [i, node] of nodes.entries()) {
        const other = nodes[1 - i] as LabNode;
        // the underlay address on vmbr0, as the lab's interfaces file has it
        if (spawnSync('ip', ['-n', node.ns, 'link', 'show', 'vmbr0']).status !== 0) {
          ip(node, 'link', 'add', 'vmbr0', 'type', 'bridge');
          ip(node, 'link', 'set', 'eth0', 'master', 'vmbr0', 'up');
        }
        ip(node, 'link', 'set', 'vmbr0', 'up');
        ip(node, 'addr', 'add', `${node.address}/24`, 'dev', 'vmbr0');
        // node1: a static blackhole, and a second static for a prefix that only the better one installs
        const statics = i === 0 ? 'ip route 203.0.113.64/26 blackhole\nip route 203.0.113.128/26 198.51.100.99\nip route 203.0.113.128/26 198.51.100.12 250\n' : 'ip route 203.0.113.192/26 blackhole\n';
        const bgp = `router bgp 65000\n bgp router-id ${node.address}\n neighbor ${other.address} remote-as 65000\n address-family ipv4 unicast\n  redistribute static\n exit-address-family\nexit\n`;
        frr.add(node.ns, `frr defaults datacenter\nhostname ${node.name}\nservice integrated-vtysh-config\n${statics}${bgp}`, ['bgpd']);
        const started = frr.start(node.ns);
        assert.equal(started.status, 0, started.output);
        // the node's root sees the lab's FRR directories as its /etc/frr and /run/frr
        frr.linkInto(node.root);
      }
      const lab1 = frr;
      assert.ok(await waitFor(60, () => lab1.vtysh(nodes[0]?.ns as string, 'show ip route json').includes('203.0.113.192/26')), 'the BGP route of node2');
    });

    test('the installed routes of a VRF (here the default one): nexthops by address, else interface', async () => {
      const node = nodes[0] as LabNode;
      const routes = (await ask(host, { kind: 'ip-vrf', vrf: 'default' }, node.ns)) as { ip: string }[];
      assert.deepEqual(routes, [
        { ip: '198.51.100.0/24', protocol: 'connected', metric: 0, nexthops: ['vmbr0'] },
        { ip: '203.0.113.64/26', protocol: 'static', metric: 0, nexthops: [] },
        { ip: '203.0.113.128/26', protocol: 'static', metric: 0, nexthops: ['198.51.100.99'] },
        { ip: '203.0.113.192/26', protocol: 'bgp', metric: 0, nexthops: ['198.51.100.12'] },
      ]);
    });

    test('a VRF FRR does not know has no routes; a node without FRR running says so', async () => {
      const node = nodes[0] as LabNode;
      assert.deepEqual(await ask(host, { kind: 'ip-vrf', vrf: 'vrf_nozone' }, node.ns), []);
      await assert.rejects(ask(host, { kind: 'ip-vrf', vrf: 'default' }, 'wnofrr'), /^Error: vtysh -c 'show ip route vrf default json' exited \d+/);
    });

    test("the routes of an EVPN zone's VRF", { skip: vrfSkip() }, async () => {
      const node = nodes[0] as LabNode;
      ip(node, 'link', 'add', 'vrf_zlab', 'type', 'vrf', 'table', '100');
      ip(node, 'link', 'set', 'vrf_zlab', 'up');
      ip(node, 'link', 'add', 'vnetvrf', 'type', 'bridge');
      ip(node, 'link', 'set', 'vnetvrf', 'master', 'vrf_zlab', 'up');
      ip(node, 'addr', 'add', '203.0.113.1/28', 'dev', 'vnetvrf');
      const vrfRoutes = () => ask(host, { kind: 'ip-vrf', vrf: 'vrf_zlab' }, node.ns) as Promise<{ ip: string; protocol: string; nexthops: string[] }[]>;
      let routes: { ip: string; protocol: string; nexthops: string[] }[] = [];
      for (let i = 0; i < 50 && !routes.some((r) => r.ip === '203.0.113.0/28'); i++) {
        routes = await vrfRoutes();
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.ok(routes.some((r) => r.ip === '203.0.113.0/28' && r.protocol === 'connected' && r.nexthops.includes('vnetvrf')), JSON.stringify(routes));
      // the default table's routes are not the zone's
      assert.ok(!routes.some((r) => r.ip === '203.0.113.192/26'), JSON.stringify(routes));
    });
  });
});
