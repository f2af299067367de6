/** The built-in IPAM database file: the reference's example decodes, re-encodes stably, bad files name the path. */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { decodeIpamDb, encodeIpamDb, parseIpamDb } from '../../src/ipam/pve-db-format.js';
import { parseIp, type ParsedIp } from '../../src/model/ip.js';
import { CONFORMANCE_DIR } from '../support/conformance.js';

test('the reference ipam.db example decodes with its entries', () => {
  const text = readFileSync(join(CONFORMANCE_DIR, 'formats', 'ipam.db.json'), 'utf8');
  const db = parseIpamDb(text);
  assert.equal(db.size, 2);
  const v4 = db.subnet('zone0', '10.101.0.0/16')?.get(parseIp('10.101.99.101') as ParsedIp);
  assert.deepEqual(v4, { mac: 'BC:24:11:00:00:01', vmid: '1000', hostname: 'test0' });
  assert.deepEqual(db.ipsOfMac('zone0', 'bc:24:11:00:00:01').map((ip) => ip.text).sort(), ['10.101.99.101', 'fd80::1000']);
  // what we write reads back to the same thing, and writing is stable
  const again = encodeIpamDb(parseIpamDb(encodeIpamDb(db)));
  assert.equal(again, encodeIpamDb(db));
  assert.deepEqual(JSON.parse(again), JSON.parse(text), 'same structure and values as the reference file');
});

test('null fields (reference next-free entries) and gateway entries are accepted', () => {
  const db = parseIpamDb('{"zones":{"z":{"subnets":{"10.0.0.0/24":{"ips":{"10.0.0.1":{"gateway":1},"10.0.0.2":{"mac":null,"hostname":null,"vmid":100}}}}}}}');
  const pool = db.subnet('z', '10.0.0.0/24');
  assert.deepEqual(pool?.get(parseIp('10.0.0.1') as ParsedIp), { gateway: true });
  assert.deepEqual(pool?.get(parseIp('10.0.0.2') as ParsedIp), { vmid: '100' });
  assert.equal(encodeIpamDb(db).includes('"gateway": 1'), true);
});

test('an empty file is an empty database', () => {
  assert.equal(parseIpamDb('').size, 0);
});

test('bad content is refused with the path of every problem', () => {
  const r = decodeIpamDb(
    JSON.stringify({
      zones: {
        z: {
          subnets: {
            '10.0.0.0/24': { ips: { '10.0.1.5': {}, '10.0.0.7': { mac: 5 }, '10.0.0.8': { color: 'red' }, nope: {} } },
            'not-a-cidr': { ips: {} },
          },
        },
      },
    }),
    'ipam.db',
  );
  assert.equal(r.db, undefined);
  const paths = r.issues.map((i) => `${i.path}: ${i.message}`);
  assert.deepEqual(paths, [
    'ipam.db:zones.z.subnets.10.0.0.0/24.ips.10.0.1.5: not in subnet 10.0.0.0/24',
    'ipam.db:zones.z.subnets.10.0.0.0/24.ips.10.0.0.7.mac: expected a string',
    'ipam.db:zones.z.subnets.10.0.0.0/24.ips.10.0.0.8.color: unknown property',
    'ipam.db:zones.z.subnets.10.0.0.0/24.ips.nope: not an IP address',
    "ipam.db:zones.z.subnets.not-a-cidr: 'not-a-cidr' is not a CIDR",
  ]);
  assert.match(decodeIpamDb('{', 'x').issues[0]?.message ?? '', /^not JSON/);
});

test('two spellings of one IPv6 address are a duplicate', () => {
  const r = decodeIpamDb('{"zones":{"z":{"subnets":{"fd00::/64":{"ips":{"fd00::1":{},"fd00:0::0001":{}}}}}}}');
  assert.equal(r.issues.length, 1);
  assert.match(r.issues[0]?.message ?? '', /same address as another entry \(fd00::1\)/);
});
