/**
 * One refused request, one answer naming every invalid field: a malformed
 * parameter and what the section's type requires (or its references) are
 * reported together, for every kind of SDN section, in plain words, and
 * nothing is written.
 */
import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { DirectoryStore } from '../../src/store/directory.js';
import { makeHarness, tempDir, tokenWith, type Harness } from './harness.js';

/** the reference's schema jargon, which says neither what is wrong nor what to do */
const JARGON = /not optional|type check|regex|enumeration|invalid format|does not look like|illegal characters|maximum value|minimum value|not defined in schema/;

describe('errors in one go', () => {
  let h: Harness;
  const made = async (path: string, params: Record<string, unknown>) => assert.equal((await h.call('POST', path, params, h.root)).status, 200, `${path} ${JSON.stringify(params)}`);

  before(async () => {
    const dir = tempDir('weft-errors-at-once-');
    h = await makeHarness(new DirectoryStore(dir), dir);
    await made('/cluster/sdn/zones', { zone: 'zv', type: 'vlan', bridge: 'vmbr0' });
    await made('/cluster/sdn/vnets', { vnet: 'v1', zone: 'zv', tag: 10 });
    await made('/cluster/sdn/fabrics/fabric', { id: 'f1', protocol: 'ospf', ip_prefix: '10.10.0.0/24', area: '0' });
  });
  after(() => h.close());

  /** The request is refused with exactly these fields (each reason matching), in plain words, and the store is as it was. */
  async function refusedAll(method: string, path: string, params: Record<string, unknown>, expected: Record<string, RegExp>): Promise<void> {
    const docs = (await h.store.read()).docs;
    const a = await h.call(method, path, params, h.root);
    const what = `${method} ${path} ${JSON.stringify(params)}`;
    assert.equal(a.status, 400, `${what}: ${a.status} ${JSON.stringify(a.body)}`);
    const errors = a.body.errors ?? {};
    assert.deepEqual(Object.keys(errors).sort(), Object.keys(expected).sort(), `${what}: ${JSON.stringify(errors)}`);
    for (const [field, reason] of Object.entries(expected)) {
      assert.match(errors[field] ?? '', reason, `${what}: ${field}`);
      assert.doesNotMatch(errors[field] ?? '', JARGON, `${what}: ${field}`);
    }
    assert.deepEqual((await h.store.read()).docs, docs, `${what}: nothing written`);
  }

  test('zones: a malformed value and the type’s required options, created or updated', async () => {
    await refusedAll('POST', '/cluster/sdn/zones', { zone: 'z1', type: 'vlan', mtu: 'big' }, { mtu: /'big' is not a whole number/, bridge: /required for type 'vlan'/ });
    await refusedAll('POST', '/cluster/sdn/zones', { zone: 'z2', type: 'evpn', mtu: 'x' }, { mtu: /whole number/, controller: /required for type 'evpn'/, 'vrf-vxlan': /required for type 'evpn'/ });
    // an id that is refused still lets the rest be checked
    await refusedAll('POST', '/cluster/sdn/zones', { zone: 'zonenametoolong', type: 'qinq', tag: -1 }, { zone: /at most 8 characters/, tag: /must be at least 0 \(not -1\)/, bridge: /required for type 'qinq'/ });
    // a list names the item that is wrong; a reference to nothing is reported with it
    await refusedAll('POST', '/cluster/sdn/zones', { zone: 'z3', type: 'vxlan', peers: '10.0.0.1,10.0.0.x', ipam: 'nope' }, { peers: /not a valid IP address: '10\.0\.0\.x'/, ipam: /ipam 'nope' does not exist/ });
    await refusedAll('PUT', '/cluster/sdn/zones/zv', { mtu: 'x', delete: 'bridge' }, { mtu: /whole number/, delete: /bridge/ });
  });

  test('vnets: a malformed value and a zone that does not exist, created or updated', async () => {
    await refusedAll('POST', '/cluster/sdn/vnets', { vnet: 'v2', zone: 'nozone', alias: 'a\u0001b' }, { alias: /control characters/, zone: /zone 'nozone' does not exist/ });
    await refusedAll('POST', '/cluster/sdn/vnets', { vnet: 'vnetnametoolong', zone: 'nozone' }, { vnet: /at most 8 characters/, zone: /zone 'nozone' does not exist/ });
    await refusedAll('PUT', '/cluster/sdn/vnets/v1', { tag: 'ten', zone: 'nozone' }, { tag: /'ten' is not a whole number/, zone: /does not exist/ });
  });

  test('a VNet with subnets made VLAN-aware: the model’s rule worded for the VNet, once for all its subnets, with the other refusals', async () => {
    await made('/cluster/sdn/vnets', { vnet: 'vw', zone: 'zv', tag: 40 });
    for (const subnet of ['10.40.0.0/24', '10.41.0.0/24']) await made('/cluster/sdn/vnets/vw/subnets', { subnet, type: 'subnet' });
    await refusedAll('PUT', '/cluster/sdn/vnets/vw', { vlanaware: 1 }, { vlanaware: /^vlanaware vnet is not compatible with subnets$/ });
    await refusedAll('PUT', '/cluster/sdn/vnets/vw', { vlanaware: 1, delete: 'tag' }, { vlanaware: /^vlanaware vnet is not compatible with subnets$/, tag: /missing vlan tag/ });
    // the same rule seen from the subnet
    await made('/cluster/sdn/vnets', { vnet: 'vx', zone: 'zv', tag: 41, vlanaware: 1 });
    await refusedAll('POST', '/cluster/sdn/vnets/vx/subnets', { subnet: '10.42.0.0/24', type: 'subnet' }, { vnet: /you can't add a subnet on a vlanaware vnet \('vx'\)/ });
  });

  test('subnets: a malformed value and a gateway outside the subnet', async () => {
    await refusedAll(
      'POST',
      '/cluster/sdn/vnets/v1/subnets',
      { subnet: '10.0.0.0/24', type: 'subnet', gateway: '10.1.0.1', 'dhcp-range': 'start-address=10.0.0.5', snat: 'maybe' },
      { 'dhcp-range': /start-address=FIRST,end-address=LAST/, snat: /'maybe' is not yes or no/, gateway: /10\.1\.0\.1 is not in subnet 10\.0\.0\.0\/24/ },
    );
  });

  test('controllers, IPAMs and DNS: a malformed value and the type’s required options', async () => {
    await refusedAll('POST', '/cluster/sdn/controllers', { controller: 'c1', type: 'bgp', asn: 'x' }, { asn: /whole number/, node: /required for type 'bgp'/, peers: /required for type 'bgp'/ });
    await refusedAll('POST', '/cluster/sdn/controllers', { controller: 'c1', type: 'evpn', peers: '10.0.0.1', fabric: 'f!' }, { asn: /required for type 'evpn'/, fabric: /'f!' is not allowed: use at most 8 letters/ });
    await refusedAll('POST', '/cluster/sdn/ipams', { ipam: 'i1', type: 'netbox', url: 'https://netbox.example', fingerprint: 'ab:cd' }, { fingerprint: /SHA-256 fingerprint/, token: /required for type 'netbox'/ });
    await refusedAll('POST', '/cluster/sdn/dns', { dns: 'd1', type: 'powerdns', url: 'https://pdns.example', ttl: 'long' }, { ttl: /whole number/, key: /required for type 'powerdns'/ });
  });

  test('fabrics and their nodes: a malformed value and what the protocol requires', async () => {
    await refusedAll('POST', '/cluster/sdn/fabrics/fabric', { id: 'f2', protocol: 'ospf', ip_prefix: '10.20.0.0/33' }, { ip_prefix: /not a valid IPv4 CIDR/, area: /required for type 'ospf_fabric'/ });
    await refusedAll('POST', '/cluster/sdn/fabrics/fabric', { id: 'f3', protocol: 'openfabric', hello_interval: 'x' }, { hello_interval: /whole number/, ip_prefix: /IP prefix/ });
    await refusedAll('POST', '/cluster/sdn/fabrics/node/f1', { node_id: 'node1', protocol: 'ospf', ip: '10.10.0.300', interfaces: ['name=ens19,hello_multiplier=3'] }, { ip: /not a valid IPv4 address: '10\.10\.0\.300'/, interfaces: /unknown key 'hello_multiplier'/ });
  });

  test('a caller who may not change the VNet learns only about the parameters', async () => {
    const token = await tokenWith(h, 'auditor@pve', [{ path: '/sdn/zones/zv', role: 'PVEAuditor' }]);
    const a = await h.call('POST', '/cluster/sdn/vnets/v1/subnets', { subnet: '10.0.0.0/24', type: 'subnet', gateway: '10.1.0.1', snat: 'maybe' }, token);
    assert.equal(a.status, 400, JSON.stringify(a.body));
    assert.deepEqual(Object.keys(a.body.errors ?? {}), ['snat']);
  });
});
