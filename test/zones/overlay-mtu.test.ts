/**
 * Overlay MTU over a WireGuard fabric: a VXLAN or EVPN zone tunnelling over it
 * defaults to the WireGuard interface's MTU (1420) minus 50; an explicit MTU
 * too large is a warning at edit with the numbers, and a pre-flight finding
 * against the node's WireGuard interfaces.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { nodeChecks } from '../../src/agent/preflight-node.js';
import { nodeHost } from '../../src/agent/host.js';
import { EMPTY_INTERFACES } from '../../src/config/interfaces.js';
import { renderNode } from '../../src/render/node-files.js';
import { cfg, decodeFiles } from '../support/sdn-dir.js';
import { withTempDir } from '../support/weft.js';
import { nodeName } from '../support/node-name.js';

const NO_COMMANDS = { run: () => Promise.resolve({ code: 1, stdout: '', stderr: 'not in this test' }) };

const KEY1 = 'GDPUAnPOY5xGIjYXmcGyXZXbocjBr21dGQ5vwnjmdzA=';
const KEY2 = 'y0kOpXfo9ff4KoUwO3H1cRuwObbKwsK8mAkwXxNvKUc=';
const FABRIC = cfg(`
  wireguard_fabric: wgf
    ip_prefix 10.99.0.0/24
  wireguard_node: wgf_pve1
    role internal
    ip 10.99.0.1
    endpoint 192.0.2.2
    interfaces name=wg0,listen_port=51111,public_key=${KEY1},ip=10.99.0.1/24
    peers type=internal,node=pve2,node_iface=wg0,iface=wg0
  wireguard_node: wgf_pve2
    role internal
    ip 10.99.0.2
    endpoint 192.0.2.3
    interfaces name=wg0,listen_port=51111,public_key=${KEY2},ip=10.99.0.2/24
    peers type=internal,node=pve1,node_iface=wg0,iface=wg0
`);

function files(zoneMtu?: number) {
  return {
    'fabrics.cfg': FABRIC,
    'controllers.cfg': cfg('evpn: ctl\n asn 65000\n fabric wgf'),
    'zones.cfg': cfg(`vxlan: zvx\n fabric wgf${zoneMtu ? `\n mtu ${zoneMtu}` : ''}\n\nevpn: zev\n controller ctl\n vrf-vxlan 10000\n mac 02:00:5e:00:53:01${zoneMtu ? `\n mtu ${zoneMtu}` : ''}`),
    'vnets.cfg': cfg('vnet: vx1\n zone zvx\n tag 100\n\nvnet: ev1\n zone zev\n tag 200'),
  };
}

const facts = { nodename: nodeName('pve1'), routeSource: { ip: '192.0.2.2', iface: 'vmbr0' }, bridgePorts: {} };

test('the default MTU over a WireGuard fabric is 1420 - 50', () => {
  const r = decodeFiles(files());
  assert.ok(r.config, JSON.stringify(r.issues));
  assert.deepEqual(r.issues.filter((i) => i.code === 'overlay-mtu'), []);
  const sdn = renderNode({ config: r.config, facts, interfaces: EMPTY_INTERFACES }).sdn;
  for (const iface of ['vxlan_vx1', 'vx1', 'vxlan_ev1', 'ev1']) assert.match(sdn, new RegExp(`^iface ${iface}\\n(\\t.*\\n)*\\tmtu 1370$`, 'm'), `${iface}\n${sdn}`);
  assert.doesNotMatch(sdn, /mtu 1450/);
});

test('an explicit MTU too large for the fabric: a warning at edit with the numbers, rendered as asked', () => {
  const r = decodeFiles(files(1450));
  assert.ok(r.config);
  const warnings = r.issues.filter((i) => i.code === 'overlay-mtu').map((i) => `${i.severity} ${i.path}: ${i.message}`);
  const why = "MTU 1450 is too large for WireGuard fabric 'wgf' (its interfaces' MTU, 1420 by default): 1420 bytes minus 50 of VXLAN leaves 1370; set mtu 1370 or less (or leave it out)";
  assert.deepEqual(warnings, [`warning zones.cfg:zev.mtu: ${why}`, `warning zones.cfg:zvx.mtu: ${why}`]);
  assert.match(renderNode({ config: r.config, facts, interfaces: EMPTY_INTERFACES }).sdn, /^iface vx1\n(\t.*\n)*\tmtu 1450$/m);
  assert.deepEqual(decodeFiles(files(1370)).issues.filter((i) => i.code === 'overlay-mtu'), [], '1370 fits');
});

test("pre-flight: the node's WireGuard interface MTU against the zone MTU, with the numbers", () => {
  const r = decodeFiles(files(1370));
  assert.ok(r.config);
  const config = r.config;
  withTempDir((root) => {
    const found = (mtu: number) => nodeChecks(nodeHost(root, NO_COMMANDS), config, nodeName('pve1'), '', [{ ifname: 'wg0', mtu }]).filter((i) => i.code === 'overlay-mtu').map((i) => `${i.path}: ${i.message}`);
    assert.deepEqual(found(1420), []);
    const why = "MTU 1370 is too large for wg0 of WireGuard fabric 'wgf' (MTU 1400): 1400 bytes minus 50 of VXLAN leaves 1350; set mtu 1350 or less (or leave it out)";
    assert.deepEqual(found(1400), [`zones.zev.mtu: ${why}`, `zones.zvx.mtu: ${why}`]);
  });
});
