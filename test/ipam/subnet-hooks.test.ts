/** Subnet hooks against the NetBox fake: all-or-nothing, and undoable after success. */
import { strict as assert } from 'node:assert';
import { after, before, beforeEach, test } from 'node:test';
import { NetboxIpam } from '../../src/ipam/netbox.js';
import { subnetAdded, subnetChanged, subnetRemoved } from '../../src/ipam/subnet-hooks.js';
import type { IpamSubnet } from '../../src/ipam/types.js';
import { parseCidr, parseIp, type ParsedIp } from '../../src/model/ip.js';
import { httpJsonClient } from '../../src/util/http-json.js';
import { FakeNetbox } from '../support/fake-netbox.js';
import { HttpRecorder } from '../support/http-recorder.js';

const ip = (t: string): ParsedIp => parseIp(t) as ParsedIp;
const cidr = parseCidr('10.40.0.0/24');
const SUBNET: IpamSubnet = {
  id: 'zh-10.40.0.0-24',
  zone: 'zh',
  vnet: 'vh',
  cidr: cidr as NonNullable<typeof cidr>,
  cidrText: '10.40.0.0/24',
  gateway: ip('10.40.0.1'),
  dhcpRanges: [{ start: ip('10.40.0.100'), end: ip('10.40.0.120') }],
};

let fake: FakeNetbox;
const server = new HttpRecorder();
let netbox: NetboxIpam;
before(async () => {
  await server.start();
  netbox = new NetboxIpam({ id: 'nb', type: 'netbox', url: `${server.base}/api`, token: 't' }, httpJsonClient());
});
after(() => server.stop());
beforeEach(() => {
  fake = new FakeNetbox();
  server.handler = fake.handler;
});
const state = () => ({ prefixes: fake.prefixes.size, ranges: fake.ranges.size, addresses: [...fake.addresses.values()].map((a) => `${a.address} ${a.description ?? ''} ${a.dns_name ?? ''}`.trim()) });

test('added: prefix, range and the gateway as <vnet>-gw; the undo removes all of it', async () => {
  const undo = await subnetAdded(netbox, SUBNET);
  assert.deepEqual(state(), { prefixes: 1, ranges: 1, addresses: ['10.40.0.1/24 gateway vh-gw'] });
  await undo();
  assert.deepEqual(state(), { prefixes: 0, ranges: 0, addresses: [] });
});

test('the gateway cannot be reserved: the prefix and range are removed again', async () => {
  fake.failWhen = (r) => r.method === 'POST' && r.path === '/api/ipam/ip-addresses/';
  await assert.rejects(subnetAdded(netbox, SUBNET), /injected failure/);
  assert.deepEqual(state(), { prefixes: 0, ranges: 0, addresses: [] });
});

test('changed: range swapped and gateway moved; undo restores both', async () => {
  await subnetAdded(netbox, SUBNET);
  const next: IpamSubnet = { ...SUBNET, gateway: ip('10.40.0.254'), dhcpRanges: [{ start: ip('10.40.0.150'), end: ip('10.40.0.160') }] };
  const undo = await subnetChanged(netbox, next, SUBNET);
  assert.deepEqual([...fake.ranges.values()].map((r) => r.start.text), ['10.40.0.150']);
  assert.deepEqual(state().addresses, ['10.40.0.254/24 gateway vh-gw']);
  await undo();
  assert.deepEqual([...fake.ranges.values()].map((r) => r.start.text), ['10.40.0.100']);
  assert.deepEqual(state().addresses, ['10.40.0.1/24 gateway vh-gw']);
});

test('removed: refused while a guest has an address; allowed after; undo brings it back', async () => {
  await subnetAdded(netbox, SUBNET);
  await netbox.addIp(SUBNET, ip('10.40.0.7'), { mac: 'bc:24:11:00:40:07' });
  await assert.rejects(subnetRemoved(netbox, SUBNET), /still contains entries/);
  await netbox.delIp(SUBNET, ip('10.40.0.7'));
  const undo = await subnetRemoved(netbox, SUBNET);
  assert.deepEqual(state(), { prefixes: 0, ranges: 0, addresses: [] });
  await undo();
  assert.deepEqual(state(), { prefixes: 1, ranges: 1, addresses: ['10.40.0.1/24 gateway vh-gw'] });
});
