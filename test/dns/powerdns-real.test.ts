/**
 * Against a real PowerDNS (pdns-server + sqlite3 backend, 127.0.0.1, started
 * and stopped here): after a guest NIC is added, `dig` gets its A, AAAA and
 * PTR records; after it is removed, they are gone.
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { addGuestNic, removeGuestNic } from '../../src/ipam/guest-nic.js';
import { PveIpamStore } from '../../src/ipam/pve-store.js';
import { PveIpam } from '../../src/ipam/pve.js';
import { configBackends, type IpServiceDeps } from '../../src/ipam/service-context.js';
import { decodeConfig } from '../../src/sections/decode-config.js';
import { Pdns, PDNS_SCHEMA } from '../support/pdns.js';
import { needs } from '../support/system.js';
import { sectionId } from '../support/section-id.js';

const skip = needs({ commands: ['pdns_server', 'sqlite3', 'dig'] }) || (existsSync(PDNS_SCHEMA) ? false : `needs ${PDNS_SCHEMA} (Debian package pdns-backend-sqlite3)`);

describe('real PowerDNS answers for guest NICs', { skip }, () => {
  const pdns = new Pdns();
  let dir: string;
  let store: PveIpamStore;
  let deps: IpServiceDeps;

  before(async () => {
    await pdns.start();
    for (const zone of ['sdn.example.', '113.0.203.in-addr.arpa.', '0.0.0.0.5.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa.']) await pdns.createZone(zone);
    dir = mkdtempSync(join(tmpdir(), 'weft-pdns-ipam-'));
    store = new PveIpamStore({ path: join(dir, 'pve-ipam-state.json') });
    const decoded = decodeConfig({
      zones: { ids: { z1: { type: 'simple', ipam: 'pve', dns: 'pdns', reversedns: 'pdns', dnszone: 'sdn.example' } } },
      vnets: { ids: { v1: { type: 'vnet', zone: 'z1' } } },
      subnets: {
        ids: {
          'z1-203.0.113.0-24': { type: 'subnet', vnet: 'v1', gateway: '203.0.113.1' },
          'z1-2001:db8:5::-64': { type: 'subnet', vnet: 'v1', gateway: '2001:db8:5::1' },
        },
      },
      dns: { ids: { pdns: { type: 'powerdns', url: pdns.apiUrl, key: pdns.key, ttl: 300 } } },
    });
    const cfg = decoded.config;
    assert.ok(cfg, decoded.issues.map((i) => i.message).join('\n'));
    deps = { config: () => cfg, ...configBackends(() => cfg, { pve: new PveIpam(store) }) };
  });
  after(async () => {
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    await pdns.stop();
  });

  test('added: A, AAAA and both PTRs answer; removed: NXDOMAIN', async () => {
    const nic = await addGuestNic(deps, { vnet: 'v1', mac: 'bc:24:11:5d:00:01', hostname: 'vm1', vmid: 100 });
    assert.equal(nic.ip4?.text, '203.0.113.2');
    assert.equal(nic.ip6?.text, '2001:db8:5::2');
    assert.equal(pdns.dig(['vm1.sdn.example', 'A']), '203.0.113.2');
    assert.equal(pdns.dig(['vm1.sdn.example', 'AAAA']), '2001:db8:5::2');
    assert.equal(pdns.dig(['-x', '203.0.113.2']), 'vm1.sdn.example.');
    assert.equal(pdns.dig(['-x', '2001:db8:5::2']), 'vm1.sdn.example.');

    // a second guest with the same name keeps the first one's address in the set
    const other = await addGuestNic(deps, { vnet: 'v1', mac: 'bc:24:11:5d:00:02', hostname: 'vm1' });
    assert.deepEqual(pdns.dig(['vm1.sdn.example', 'A']).split('\n').sort(), ['203.0.113.2', '203.0.113.3']);
    await removeGuestNic(deps, { vnet: 'v1', mac: 'bc:24:11:5d:00:02' });
    assert.equal(pdns.dig(['vm1.sdn.example', 'A']), '203.0.113.2');
    assert.equal(pdns.dig(['-x', other.ip4?.text ?? '']), '');

    await removeGuestNic(deps, { vnet: 'v1', mac: 'bc:24:11:5d:00:01' });
    assert.equal(pdns.status(['vm1.sdn.example', 'A']), 'NXDOMAIN');
    assert.equal(pdns.dig(['vm1.sdn.example', 'AAAA']), '');
    assert.equal(pdns.status(['-x', '203.0.113.2']), 'NXDOMAIN');
    assert.equal(pdns.status(['-x', '2001:db8:5::2']), 'NXDOMAIN');
  });

  test('a zone PowerDNS does not have is refused before the IPAM changes', async () => {
    const cfg = deps.config();
    const zone = cfg.zones.get(sectionId('zones', 'z1'));
    assert.ok(zone);
    const bad: IpServiceDeps = { ...deps, config: () => ({ ...cfg, zones: new Map([[zone.id, { ...zone, dnszone: 'missing.example' }]]) }) };
    await assert.rejects(addGuestNic(bad, { vnet: 'v1', mac: 'bc:24:11:5d:00:03', hostname: 'vm3' }), /can't read zone missing.example/);
    assert.deepEqual((await new PveIpam(store).ipsFromMac('z1', 'bc:24:11:5d:00:03')), {});
  });
});
