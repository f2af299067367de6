/**
 * Node facts are checked field by field: placeholders and malformed values
 * fail naming the field (`weft render --facts` writes nothing), and SNAT
 * leaves through the uplink, not the route towards the peers.
 */
import { strict as assert } from 'node:assert';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parseFacts, snatSource } from '../../src/ir/facts.js';
import { weft, withTempDir } from '../support/weft.js';
import { nodeName } from '../support/node-name.js';

const paths = (data: unknown) => parseFacts(data, 'f.json').issues.map((i) => `${i.path}: ${i.message}`);

describe('node facts', () => {
  test('valid facts decode, route sources and all', () => {
    const facts = {
      nodename: nodeName('pve1'),
      routeSource: { ip: '10.0.0.11', iface: 'eth1' },
      uplink: { ip: '198.51.100.11', iface: 'vmbr0' },
      uplink6: null,
      defaultMac: 'bc:24:11:1d:69:60',
      bridgePorts: { vmbr0: ['eth0', 'bond0.10'] },
    };
    assert.deepEqual(parseFacts(facts), { facts, issues: [] });
  });

  test('placeholders for addresses, interfaces and MACs are refused, each naming its field', () => {
    const got = paths({
      nodename: 'pve 1',
      routeSource: { ip: '…', iface: 'vmbr0' },
      uplink: { ip: '2001:db8::1', iface: '…/x' },
      uplink6: { ip: '198.51.100.1', iface: 'vmbr0' },
      defaultMac: '…',
      bridgePorts: { vmbr0: ['…', 3], 'a-very-long-bridge-name': [] },
      routeSource6: null,
    });
    const expect = [
      /^f\.json\.routeSource6: unknown field/,
      /^f\.json\.nodename: invalid node name 'pve 1'/,
      /^f\.json\.routeSource\.ip: expected an IP address, got "…"/,
      /^f\.json\.uplink\.ip: expected an IPv4 address, got '2001:db8::1'/,
      /^f\.json\.uplink\.iface: invalid interface name '…\/x'/,
      /^f\.json\.uplink6\.ip: expected an IPv6 address, got '198\.51\.100\.1'/,
      /^f\.json\.defaultMac: expected a MAC address/,
      /^f\.json\.bridgePorts\.vmbr0\[0\]: invalid interface name '…'/,
      /^f\.json\.bridgePorts\.vmbr0\[1\]: expected an interface name/,
      /^f\.json\.bridgePorts\.a-very-long-bridge-name: invalid interface name/,
    ];
    assert.equal(got.length, expect.length, got.join('\n'));
    expect.forEach((re, i) => assert.match(got[i] ?? '', re));
  });

  test('SNAT leaves through the uplink; without one through the route source (facts of one route)', () => {
    const underlay = { ip: '10.0.0.11', iface: 'eth1' };
    const uplink = { ip: '198.51.100.11', iface: 'vmbr0' };
    const uplink6 = { ip: '2001:db8::11', iface: 'vmbr0' };
    const base = { nodename: nodeName('n'), routeSource: underlay, bridgePorts: {} };
    assert.deepEqual(snatSource({ ...base, uplink, uplink6 }, 4), uplink);
    assert.deepEqual(snatSource({ ...base, uplink, uplink6 }, 6), uplink6);
    assert.deepEqual(snatSource({ ...base, uplink }, 6), uplink);
    assert.deepEqual(snatSource(base, 4), underlay);
    assert.equal(snatSource({ ...base, uplink: null }, 4), null, 'a node without a route to the internet gets no SNAT');
  });

  test('weft render --facts with a placeholder exits non-zero naming the field and writes nothing', () => {
    withTempDir((dir) => {
      writeFileSync(join(dir, 'c.json'), JSON.stringify({ version: 1, zones: { ids: { zs: { type: 'simple' } } }, vnets: { ids: { v1: { type: 'vnet', zone: 'zs' } } } }));
      writeFileSync(join(dir, 'f.json'), JSON.stringify({ nodename: nodeName('pve1'), routeSource: { ip: '…', iface: 'vmbr0' }, defaultMac: '…' }));
      const r = weft(['render', '--config', join(dir, 'c.json'), '--facts', join(dir, 'f.json'), '--out', join(dir, 'out')]);
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, /f\.json\.routeSource\.ip: expected an IP address, got "…"/);
      assert.match(r.stderr, /f\.json\.defaultMac: expected a MAC address/);
      assert.equal(existsSync(join(dir, 'out')), false);
    });
  });

  test('weft render --help documents every facts field', () => {
    const r = weft(['render', '--help']);
    for (const field of ['routeSource', 'uplink', 'uplink6', 'defaultMac', 'bridgePorts', '8.8.8.8']) assert.match(r.stdout + r.stderr, new RegExp(field.replace(/\./g, '\\.')));
  });
});
