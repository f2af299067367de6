/**
 * The IPAM contract, one suite run against every backend: the built-in IPAM
 * on a temp database, NetBox and phpIPAM against stateful fakes on a local
 * HTTP server.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { NetboxIpam } from '../../src/ipam/netbox.js';
import { PhpIpam } from '../../src/ipam/phpipam.js';
import { PveIpamStore } from '../../src/ipam/pve-store.js';
import { PveIpam } from '../../src/ipam/pve.js';
import { IpamError, type IpamBackend, type IpamSubnet } from '../../src/ipam/types.js';
import { cidrContains, parseCidr, parseIp, type ParsedIp } from '../../src/model/ip.js';
import { httpJsonClient } from '../../src/util/http-json.js';
import { FakeNetbox } from '../support/fake-netbox.js';
import { FakePhpIpam } from '../support/fake-phpipam.js';
import { HttpRecorder } from '../support/http-recorder.js';

function ip(text: string): ParsedIp {
  const p = parseIp(text);
  assert.ok(p);
  return p;
}

function subnetOf(cidrText: string, gateway: string, ranges: ReadonlyArray<readonly [string, string]> = []): IpamSubnet {
  const cidr = parseCidr(cidrText);
  assert.ok(cidr);
  return { id: `zc-${cidrText.replace('/', '-')}`, zone: 'zc', vnet: 'vc', cidr, cidrText, gateway: ip(gateway), dhcpRanges: ranges.map(([a, b]) => ({ start: ip(a), end: ip(b) })) };
}

interface Harness {
  readonly name: string;
  start(): Promise<IpamBackend>;
  stop(): Promise<void>;
}

const harnesses: Harness[] = [
  (() => {
    let dir = '';
    let store: PveIpamStore;
    return {
      name: 'pve (built-in)',
      async start() {
        dir = mkdtempSync(join(tmpdir(), 'weft-contract-'));
        store = new PveIpamStore({ path: join(dir, 'pve-ipam-state.json') });
        return new PveIpam(store);
      },
      async stop() {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  })(),
  (() => {
    const fake = new FakeNetbox();
    const server = new HttpRecorder(fake.handler);
    return {
      name: 'netbox (fake server)',
      async start() {
        await server.start();
        return new NetboxIpam({ id: 'nb', type: 'netbox', url: `${server.base}/api`, token: 'secret-netbox-token' }, httpJsonClient());
      },
      stop: () => server.stop(),
    };
  })(),
  (() => {
    const fake = new FakePhpIpam();
    const server = new HttpRecorder(fake.handler);
    return {
      name: 'phpipam (fake server)',
      async start() {
        await server.start();
        return new PhpIpam({ id: 'php', type: 'phpipam', url: `${server.base}/api/app`, token: 'secret-php-token', section: 1 }, httpJsonClient());
      },
      stop: () => server.stop(),
    };
  })(),
];

for (const h of harnesses) {
  describe(`IPAM contract: ${h.name}`, () => {
    let ipam: IpamBackend;
    const s4 = subnetOf('10.20.0.0/24', '10.20.0.1', [['10.20.0.100', '10.20.0.102']]);
    const s6 = subnetOf('2001:db8:20::/64', '2001:db8:20::1');
    before(async () => {
      ipam = await h.start();
    });
    after(() => h.stop());

    test('subnets are created with their gateway reserved', async () => {
      for (const s of [s4, s6]) {
        await ipam.addSubnet(s);
        await ipam.addIp(s, s.gateway as ParsedIp, {}, true);
        await ipam.addIp(s, s.gateway as ParsedIp, {}, true); // again: still fine
      }
    });

    test('a fixed address is recorded once and found by its MAC', async () => {
      await ipam.addIp(s4, ip('10.20.0.10'), { mac: 'bc:24:11:aa:00:01', vmid: '101', hostname: 'vm101' });
      await assert.rejects(ipam.addIp(s4, ip('10.20.0.10'), { mac: 'bc:24:11:aa:00:02' }), (e: Error) => e instanceof IpamError && e.code === 'ip-exists');
      assert.equal((await ipam.ipsFromMac('zc', 'bc:24:11:aa:00:01')).ip4?.text, '10.20.0.10');
    });

    test('next free addresses are distinct, in the subnet, never the gateway', async () => {
      const got: string[] = [];
      for (let i = 0; i < 3; i++) got.push((await ipam.addNextFreeIp(s4, { mac: `bc:24:11:bb:00:0${i}` })).text);
      assert.equal(new Set(got).size, 3);
      for (const g of got) {
        assert.ok(cidrContains(s4.cidr, ip(g)), `${g} in ${s4.cidrText}`);
        assert.notEqual(g, '10.20.0.1');
        assert.notEqual(g, '10.20.0.10');
      }
      const v6 = await ipam.addNextFreeIp(s6, { mac: 'bc:24:11:bb:00:00' });
      assert.ok(cidrContains(s6.cidr, v6) && v6.text !== '2001:db8:20::1');
      const both = await ipam.ipsFromMac('zc', 'bc:24:11:bb:00:00');
      assert.ok(both.ip4 && both.ip6, 'IPv4 and IPv6 of one MAC');
    });

    test('range allocation stays in the range (where the backend can) and reports a full range', async () => {
      const range = s4.dhcpRanges[0];
      assert.ok(range);
      const got: string[] = [];
      for (let i = 0; i < 3; i++) got.push((await ipam.addRangeNextFreeIp(s4, range, { mac: `bc:24:11:cc:00:0${i}` }))?.text ?? 'none');
      if (ipam.allocatesInRanges) {
        assert.deepEqual(got, ['10.20.0.100', '10.20.0.101', '10.20.0.102']);
        assert.equal(await ipam.addRangeNextFreeIp(s4, range, {}), null);
      } else {
        assert.ok(got.every((g) => cidrContains(s4.cidr, ip(g))));
      }
    });

    test('update changes what is recorded, not the address', async () => {
      await ipam.updateIp(s4, ip('10.20.0.10'), { mac: 'bc:24:11:aa:00:09', vmid: '101', hostname: 'vm101' });
      assert.equal((await ipam.ipsFromMac('zc', 'bc:24:11:aa:00:09')).ip4?.text, '10.20.0.10');
    });

    test('delete removes an address; deleting it again is ip-not-found', async () => {
      await ipam.delIp(s4, ip('10.20.0.10'));
      assert.deepEqual(await ipam.ipsFromMac('zc', 'bc:24:11:aa:00:09'), {});
      await assert.rejects(ipam.delIp(s4, ip('10.20.0.10')), (e: Error) => e instanceof IpamError && e.code === 'ip-not-found');
    });

    test('a subnet with guest addresses is not deleted; once only the gateway is left, it is', async () => {
      const s = subnetOf('10.30.0.0/29', '10.30.0.1');
      await ipam.addSubnet(s);
      await ipam.addIp(s, ip('10.30.0.1'), {}, true);
      const guest = await ipam.addNextFreeIp(s, { mac: 'bc:24:11:dd:00:01' });
      await assert.rejects(ipam.delSubnet(s), (e: Error) => e instanceof IpamError && e.code === 'subnet-not-empty');
      await ipam.delIp(s, guest);
      await ipam.delSubnet(s);
    });
  });
}
