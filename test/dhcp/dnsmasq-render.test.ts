/**
 * dnsmasq files rendered per DHCP zone: the reference's layout and lines,
 * reservations from the IPAM, and DHCP wherever the node carries the
 * subnet's gateway (not only in simple zones).
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { EMPTY_INTERFACES } from '../../src/config/interfaces.js';
import { dhcpHostsOf } from '../../src/ipam/dhcp-hosts.js';
import { planDhcp } from '../../src/dhcp/plan.js';
import { parseIpamDb } from '../../src/ipam/pve-db-format.js';
import type { RawConfig } from '../../src/model/config.js';
import type { SdnConfig } from '../../src/sections/sdn-config.js';
import { decodeConfig } from '../../src/sections/decode-config.js';
import { renderNode } from '../../src/render/node-files.js';
import { nodeName } from '../support/node-name.js';

function config(raw: RawConfig): SdnConfig {
  const r = decodeConfig(raw);
  assert.ok(r.config, r.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
  return r.config;
}

const RAW: RawConfig = {
  version: 3,
  zones: {
    ids: {
      dhcpz: { type: 'simple', ipam: 'pve', dhcp: 'dnsmasq', mtu: 1400 },
      vxz: { type: 'vxlan', ipam: 'pve', dhcp: 'dnsmasq', peers: '198.51.100.11,198.51.100.12' },
      plain: { type: 'simple', ipam: 'pve' },
    },
  },
  vnets: { ids: { vnet0: { type: 'vnet', zone: 'dhcpz' }, vx1: { type: 'vnet', zone: 'vxz', tag: 100 }, p1: { type: 'vnet', zone: 'plain' } } },
  subnets: {
    ids: {
      'dhcpz-192.0.2.0-24': { type: 'subnet', vnet: 'vnet0', gateway: '192.0.2.1', 'dhcp-range': ['start-address=192.0.2.100,end-address=192.0.2.199'], 'dhcp-dns-server': '192.0.2.53' },
      'dhcpz-2001:db8::-64': { type: 'subnet', vnet: 'vnet0', gateway: '2001:db8::1', 'dhcp-dns-server': '2001:db8::53' },
      'vxz-203.0.113.0-24': { type: 'subnet', vnet: 'vx1', gateway: '203.0.113.1' },
      'plain-198.51.100.0-24': { type: 'subnet', vnet: 'p1', gateway: '198.51.100.1' },
    },
  },
};

const DB = parseIpamDb(
  JSON.stringify({
    zones: {
      dhcpz: {
        subnets: {
          '192.0.2.0/24': { ips: { '192.0.2.1': { gateway: 1 }, '192.0.2.100': { mac: 'BC:24:11:00:00:01', vmid: '100' }, '192.0.2.101': { mac: 'bc:24:11:00:00:02', vmid: '101' } } },
          '2001:db8::/64': { ips: { '2001:db8::1000': { mac: 'bc:24:11:00:00:01', vmid: '100' } } },
        },
      },
    },
  }),
);

test('a simple zone with DHCP gets the reference files, reservations from the IPAM', () => {
  const out = renderNode({ config: config(RAW), facts: { nodename: nodeName('pve1'), routeSource: null, bridgePorts: {} }, interfaces: EMPTY_INTERFACES, dhcpHosts: dhcpHostsOf(DB) });
  const dnsmasq = out.files.filter((f) => f.service.kind === 'dnsmasq');
  const files = Object.fromEntries(dnsmasq.map((f) => [f.path, f.content]));
  assert.deepEqual(Object.keys(files), ['/etc/default/dnsmasq.dhcpz', '/etc/dnsmasq.d/dhcpz/00-default.conf', '/etc/dnsmasq.d/dhcpz/10-vnet0.conf', '/etc/dnsmasq.d/dhcpz/ethers']);
  assert.ok(dnsmasq.every((f) => f.service.kind === 'dnsmasq' && f.service.zone === 'dhcpz'));
  assert.equal(files['/etc/default/dnsmasq.dhcpz'], `CONFIG_DIR='/etc/dnsmasq.d/dhcpz,*.conf'\nDNSMASQ_OPTS="--conf-file=/dev/null"\n`);
  const defaults = files['/etc/dnsmasq.d/dhcpz/00-default.conf'] ?? '';
  for (const line of ['dhcp-leasefile=/var/lib/misc/dnsmasq.dhcpz.leases', 'dhcp-hostsfile=/etc/dnsmasq.d/dhcpz/ethers', 'dhcp-ignore=tag:!known', 'dhcp-option=26,1400', 'ra-param=*,mtu:1400,0', 'bind-dynamic']) {
    assert.ok(defaults.split('\n').includes(line), `00-default.conf has '${line}'`);
  }
  assert.equal(
    files['/etc/dnsmasq.d/dhcpz/10-vnet0.conf'],
    [
      'dhcp-range=set:dhcpz-192.0.2.0-24,192.0.2.0,static,255.255.255.0,infinite',
      'dhcp-option=tag:dhcpz-192.0.2.0-24,option:router,192.0.2.1',
      'dhcp-option=tag:dhcpz-192.0.2.0-24,option:dns-server,192.0.2.53',
      'dhcp-range=set:dhcpz-2001:db8::-64,2001:db8::,static,64,infinite',
      'dhcp-option=tag:dhcpz-2001:db8::-64,option6:dns-server,[2001:db8::53]',
      'interface=vnet0',
      '',
    ].join('\n'),
  );
  assert.equal(files['/etc/dnsmasq.d/dhcpz/ethers'], 'bc:24:11:00:00:01,192.0.2.100,[2001:db8::1000]\nbc:24:11:00:00:02,192.0.2.101\n');
});

test('DHCP needs the gateway on the node: a layer-2 VXLAN zone gets none, with a warning', () => {
  const out = renderNode({ config: config(RAW), facts: { nodename: nodeName('pve1'), routeSource: null, bridgePorts: {} }, interfaces: EMPTY_INTERFACES });
  assert.ok(!out.files.some((f) => f.path.includes('/vxz')), 'layer-2 VXLAN bridge carries no gateway: no DHCP');
  assert.ok(!out.files.some((f) => f.path.endsWith('/ethers')), 'reservations unknown: ethers left alone');
  assert.ok(out.warnings.some((w) => w.code === 'dhcp-subnet-skipped' && w.path === 'subnets.vxz-203.0.113.0-24' && /not on this node's bridge vx1/.test(w.message)));
  assert.ok(!out.files.some((f) => f.path.includes('plain')), 'zones without dhcp get no files');
});

test('any zone type gets DHCP where the rendered VNet bridge carries the gateway (as EVPN bridges do)', () => {
  const cfg = config(RAW);
  const plan = planDhcp({
    config: cfg,
    nodename: nodeName('pve1'),
    // the plan reads the bridge's values, not its lines
    ifaces: [{ name: 'vx1', options: [], vnetBridge: { addresses: ['203.0.113.1'], mtu: 1450 } }],
    hosts: () => [],
  });
  const vxz = plan.zones.find((z) => z.zone === 'vxz');
  assert.ok(vxz, 'VXLAN zone planned');
  assert.equal(vxz.mtu, 1450, 'MTU of the VNet bridge');
  assert.deepEqual(vxz.vnets.map((v) => v.vnet), ['vx1']);
});

test('zones limited to other nodes get nothing here', () => {
  const raw: RawConfig = { ...RAW, zones: { ids: { dhcpz: { type: 'simple', dhcp: 'dnsmasq', nodes: 'pve2' } } }, vnets: { ids: { vnet0: { type: 'vnet', zone: 'dhcpz' } } }, subnets: { ids: { 'dhcpz-192.0.2.0-24': { type: 'subnet', vnet: 'vnet0', gateway: '192.0.2.1' } } } };
  const out = renderNode({ config: config(raw), facts: { nodename: nodeName('pve1'), routeSource: null, bridgePorts: {} }, interfaces: EMPTY_INTERFACES });
  assert.deepEqual(out.files.map((f) => f.service.kind), ['network'], 'the interfaces file only');
});
