/**
 * SDN IPSets: the seeds' example VNet gives the documented elements, in the
 * reference firewall's format; guests get `guest-ipam-<vmid>`; the nftables
 * script loads into a kernel (a fresh network namespace) and its sets
 * answer membership as the IPSets mean.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { guestIpsets, vnetIpsets } from '../../src/firewall/ipsets.js';
import { nftIpsets } from '../../src/firewall/nft.js';
import { formatIpsets } from '../../src/firewall/pve-format.js';
import { parseIpamDb } from '../../src/ipam/pve-db-format.js';
import { decodeConfig } from '../../src/sections/decode-config.js';
import type { SdnConfig } from '../../src/sections/sdn-config.js';
import { CONFORMANCE_DIR } from '../support/conformance.js';
import { needs } from '../support/system.js';

/** The example of the seeds (SDN firewall integration): vnet0 with an IPv4 and an IPv6 subnet. */
function seedConfig(): SdnConfig {
  const r = decodeConfig({
    zones: { ids: { simple: { type: 'simple' } } },
    vnets: { ids: { vnet0: { type: 'vnet', zone: 'simple' } } },
    subnets: {
      ids: {
        'simple-192.0.2.0-24': { type: 'subnet', vnet: 'vnet0', 'dhcp-range': ['start-address=192.0.2.100,end-address=192.0.2.199'], gateway: '192.0.2.1' },
        'simple-2001:db8::-64': { type: 'subnet', vnet: 'vnet0', 'dhcp-range': ['start-address=2001:db8::1000,end-address=2001:db8::1999'], gateway: '2001:db8::1' },
      },
    },
  });
  assert.ok(r.config, r.issues.map((i) => i.message).join('\n'));
  return r.config;
}

test('the seeds example: elements of vnet0-all, -gateway, -no-gateway, -dhcp', () => {
  const sets = Object.fromEntries(vnetIpsets(seedConfig()).map((s) => [s.name, s.entries.map((e) => `${e.nomatch ? '!' : ''}${e.address}`)]));
  assert.deepEqual(sets, {
    'vnet0-all': ['192.0.2.0/24', '2001:db8::/64'],
    'vnet0-gateway': ['192.0.2.1', '2001:db8::1'],
    'vnet0-no-gateway': ['192.0.2.0/24', '!192.0.2.1', '2001:db8::/64', '!2001:db8::1'],
    'vnet0-dhcp': ['192.0.2.100-192.0.2.199', '2001:db8::1000-2001:db8::1999'],
  });
});

test("the reference firewall's IPSET sections", () => {
  assert.equal(
    formatIpsets(vnetIpsets(seedConfig())),
    [
      '[IPSET vnet0-all] # All subnets of VNet vnet0',
      '',
      '192.0.2.0/24',
      '2001:db8::/64',
      '',
      '[IPSET vnet0-dhcp] # DHCP ranges of VNet vnet0',
      '',
      '192.0.2.100-192.0.2.199',
      '2001:db8::1000-2001:db8::1999',
      '',
      '[IPSET vnet0-gateway] # All gateways of VNet vnet0',
      '',
      '192.0.2.1',
      '2001:db8::1',
      '',
      '[IPSET vnet0-no-gateway] # All subnets of VNet vnet0, excluding gateways',
      '',
      // entries in text order of the address, as the reference writes them
      '192.0.2.0/24',
      '!192.0.2.1',
      '2001:db8::/64',
      '!2001:db8::1',
      '',
      '',
    ].join('\n'),
  );
});

test('guest-ipam-<vmid> holds every IPAM address of the guest, gateways excluded', () => {
  const db = parseIpamDb(readFileSync(join(CONFORMANCE_DIR, 'formats', 'ipam.db.json'), 'utf8'));
  db.apply({ op: 'set-ip', zone: 'zone0', subnet: '10.101.0.0/16', ip: '10.101.0.1', entry: { gateway: true } });
  const addresses = [...db.zones()].flatMap(([, pools]) => [...pools.values()].flatMap((p) => [...p.list()].map(([ip, e]) => ({ ip, ...e }))));
  assert.deepEqual(guestIpsets(addresses), [
    {
      name: 'guest-ipam-1000',
      entries: [
        { version: 6, address: 'fd80::1000', nomatch: false },
        { version: 4, address: '10.101.99.101', nomatch: false },
      ],
    },
  ]);
  assert.equal(formatIpsets(guestIpsets(addresses)), '[IPSET guest-ipam-1000]\n\n10.101.99.101\nfd80::1000\n\n');
});

describe('nftables sets in a kernel', { skip: needs({ root: true, commands: ['nft', 'ip'] }) }, () => {
  test('loads (twice: replaces atomically) and answers membership', () => {
    const ns = `wnft${process.pid % 100000}`;
    const dir = mkdtempSync(join(tmpdir(), 'weft-nft-'));
    const nft = (args: readonly string[]) => spawnSync('ip', ['netns', 'exec', ns, 'nft', ...args], { encoding: 'utf8' });
    const has = (set: string, addr: string) => nft(['get', 'element', 'inet', 'weft-sdn', set, `{ ${addr} }`]).status === 0;
    spawnSync('ip', ['netns', 'add', ns]);
    try {
      const guest = guestIpsets([{ vmid: '100', ip: { version: 4, text: '192.0.2.150', value: 0xc0000296n } }]);
      const script = join(dir, 'sdn.nft');
      writeFileSync(script, nftIpsets([...vnetIpsets(seedConfig()), ...guest]));
      for (const round of [1, 2]) {
        const r = nft(['-f', script]);
        assert.equal(r.status, 0, `load ${round}: ${r.stderr}`);
      }
      assert.ok(has('v4-sdn/vnet0-dhcp', '192.0.2.150'));
      assert.ok(!has('v4-sdn/vnet0-dhcp', '192.0.2.250'));
      assert.ok(has('v6-sdn/vnet0-dhcp', '2001:db8::1500'));
      assert.ok(has('v4-sdn/vnet0-no-gateway', '192.0.2.7'));
      assert.ok(has('v4-sdn/vnet0-no-gateway-nomatch', '192.0.2.1'), 'the gateway is in the exclusion set');
      assert.ok(!has('v4-sdn/vnet0-no-gateway-nomatch', '192.0.2.7'));
      assert.ok(has('v4-sdn/guest-ipam-100', '192.0.2.150'));
      assert.ok(!has('v6-sdn/vnet0-gateway', '2001:db8::2'));
      assert.equal(nft(['list', 'tables']).stdout.trim(), 'table inet weft-sdn', 'one table, replaced in place');
      assert.match(readFileSync(script, 'utf8'), /^table inet weft-sdn \{\}\ndelete table inet weft-sdn\n/);
    } finally {
      spawnSync('ip', ['netns', 'del', ns]);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
