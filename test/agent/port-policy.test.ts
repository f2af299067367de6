/**
 * The guest-port policy: which VNet bridges isolate their guest ports or turn
 * learning off, the `bridge link set` commands that fix a port (only what
 * differs, only guest ports), and the `ip monitor link` lines that trigger it.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { enforcePortPolicy, followGuestPorts, monitoredPort, portPolicy } from '../../src/agent/port-policy.js';
import type { CommandRunner } from '../../src/agent/runner.js';
import { cfg, decodeFiles } from '../support/sdn-dir.js';
import { nodeName } from '../support/node-name.js';

function config() {
  const r = decodeFiles({
    'zones.cfg': cfg('simple: zs\n\nvlan: zv\n bridge vmbr0\n bridge-disable-mac-learning 1\n\nsimple: zother\n nodes pve2'),
    'vnets.cfg': cfg('vnet: iso\n zone zs\n isolate-ports 1\n\nvnet: open\n zone zs\n\nvnet: nolearn\n zone zv\n tag 10\n\nvnet: far\n zone zother'),
  });
  assert.ok(r.config, JSON.stringify(r.issues));
  return r.config;
}

const slave = (ifname: string, master: string, isolated: boolean, learning: boolean) => ({ ifname, master, linkinfo: { info_slave_kind: 'bridge', info_slave_data: { isolated, learning } } });

/** Answers `ip -details -json link show` with `links`, records every other command. */
function recorder(links: readonly object[]): CommandRunner & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    run(cmd, args) {
      if (cmd === 'ip') return Promise.resolve({ code: 0, stdout: JSON.stringify(links), stderr: '' });
      calls.push([cmd, ...args].join(' '));
      return Promise.resolve({ code: 0, stdout: '', stderr: '' });
    },
  };
}

test('the policy: isolation per VNet, learning per zone, only zones on this node', () => {
  const policy = portPolicy(config(), nodeName('pve1'));
  assert.deepEqual(Object.fromEntries(policy), {
    iso: { isolated: true, learning: true },
    nolearn: { isolated: false, learning: false },
    open: { isolated: false, learning: true },
  });
});

test('a VXLAN zone with bridge-disable-mac-learning turns learning off on its VNets’ guest ports', () => {
  const r = decodeFiles({
    'zones.cfg': cfg('vxlan: zx\n peers 192.168.0.1,192.168.0.2\n bridge-disable-mac-learning 1\n\nvxlan: zy\n peers 192.168.0.1,192.168.0.2'),
    'vnets.cfg': cfg('vnet: vx\n zone zx\n tag 100\n\nvnet: vy\n zone zy\n tag 200'),
  });
  assert.ok(r.config, JSON.stringify(r.issues));
  assert.deepEqual(Object.fromEntries(portPolicy(r.config, nodeName('pve1'))), { vx: { isolated: false, learning: false }, vy: { isolated: false, learning: true } });
});

test('enforcing sets only what differs, on guest ports only, and resets a VNet that lost its policy', async () => {
  const runner = recorder([
    slave('tap100i0', 'iso', false, true),
    slave('veth101i1', 'iso', true, true), // already right
    slave('fwpr102p0', 'nolearn', false, true),
    slave('veth103i0', 'open', true, true), // isolate-ports was removed
    slave('eth0', 'iso', false, true), // not a guest NIC
    slave('tap104i0', 'vmbr0', false, true), // not a VNet bridge
  ]);
  const r = await enforcePortPolicy(runner, portPolicy(config(), nodeName('pve1')));
  assert.deepEqual(runner.calls, [
    'bridge link set dev tap100i0 isolated on',
    'bridge link set dev fwpr102p0 learning off',
    'bridge link set dev veth103i0 isolated off',
  ]);
  assert.deepEqual(r, { changed: ['tap100i0: isolated on', 'fwpr102p0: learning off', 'veth103i0: isolated off'], failed: [] });
  const one = recorder([slave('tap100i0', 'iso', false, true), slave('tap105i0', 'iso', false, true)]);
  await enforcePortPolicy(one, portPolicy(config(), nodeName('pve1')), 'tap105i0');
  assert.deepEqual(one.calls, ['bridge link set dev tap105i0 isolated on'], 'a reported port alone');
});

test('ip monitor link lines: the port and its master', () => {
  assert.deepEqual(monitoredPort('6: veth200i1@p2: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 qdisc noop master br0 state DOWN group default \\    link/ether f6:af:df:dd:b8:f9 brd ff:ff:ff:ff:ff:ff'), { port: 'veth200i1', master: 'br0' });
  assert.deepEqual(monitoredPort('12: tap100i0: <BROADCAST,MULTICAST,UP> mtu 1500 master iso state UP'), { port: 'tap100i0', master: 'iso' });
  assert.equal(monitoredPort('5: p2@NONE: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN'), null);
  assert.equal(monitoredPort('Deleted 6: veth200i1@p2: <BROADCAST> mtu 1500 master br0 state DOWN'), null);
});

test('following link events enforces the policy on each guest port that joins a VNet bridge', async () => {
  const links = [slave('tap100i0', 'iso', false, true)];
  const base = recorder(links);
  const lines = ['7: tap100i0: <BROADCAST> mtu 1500 master iso state DOWN', '8: eth9: <BROADCAST> mtu 1500 master iso state DOWN', '9: tap101i0: <BROADCAST> mtu 1500 master vmbr0 state DOWN'];
  const runner: CommandRunner = {
    run: base.run,
    stream(cmd, args, onLine) {
      assert.deepEqual([cmd, ...args], ['ip', '-o', 'monitor', 'link']);
      for (const l of lines) onLine(l);
      return Promise.resolve();
    },
  };
  const logged: string[] = [];
  await followGuestPorts(runner, () => portPolicy(config(), nodeName('pve1')), (l) => logged.push(l), new AbortController().signal);
  assert.deepEqual(base.calls, ['bridge link set dev tap100i0 isolated on']);
  assert.deepEqual(logged, ['guest port tap100i0: isolated on']);
});
