/** PowerDNS plugin against a local HTTP server: each operation's request is exactly the conformance fixture's. */
import { strict as assert } from 'node:assert';
import { after, before, beforeEach, describe, test } from 'node:test';
import { PowerDns } from '../../src/dns/powerdns.js';
import { reverseName, reverseZone } from '../../src/dns/reverse.js';
import { parseCidr, parseIp, type ParsedIp } from '../../src/model/ip.js';
import { httpJsonClient } from '../../src/util/http-json.js';
import { assertSameRequest, expected, localBase } from '../support/expected-requests.js';
import { HttpRecorder } from '../support/http-recorder.js';

function ip(text: string): ParsedIp {
  const p = parseIp(text);
  assert.ok(p);
  return p;
}

const ZONE = 'domain.com';
const HOST = 'myhostname';
const FQDN = `${HOST}.${ZONE}.`;

describe('powerdns: requests are the conformance fixtures', () => {
  const server = new HttpRecorder();
  let pdns: PowerDns;
  /** the rrsets GET /zones/domain.com answers with */
  let rrsets: unknown[] = [];
  before(async () => {
    await server.start();
    pdns = new PowerDns({ id: 'powerdns', type: 'powerdns', url: localBase('http://localhost:8881/api/v1/servers/localhost', server.base), key: '1234', ttl: 3600 }, httpJsonClient());
  });
  after(() => server.stop());
  beforeEach(() => {
    server.clear();
    rrsets = [];
    server.handler = (r) => (r.method === 'GET' ? { body: { name: `${ZONE}.`, rrsets } } : { status: 204 });
  });

  for (const [version, address, other] of [
    ['ipv4', '10.0.0.1', '127.0.0.1'],
    ['ipv6', '2001:4860:4860::8888', '2001:4860:4860::8844'],
  ] as const) {
    const type = version === 'ipv6' ? 'AAAA' : 'A';
    const record = (content: string): object => ({ content, disabled: false, name: FQDN, type });

    test(`add_a_record.${version}`, async () => {
      await pdns.addARecord(ZONE, HOST, ip(address));
      assertSameRequest(server.last, expected('dns/powerdns', `add_a_record.${version}`), 'add_a_record');
    });

    test(`add_a_multiple_record.${version}: other addresses of the name are kept`, async () => {
      rrsets = [{ name: FQDN, type, ttl: '3600', records: [record(other)] }];
      await pdns.addARecord(ZONE, HOST, ip(address));
      assertSameRequest(server.last, expected('dns/powerdns', `add_a_multiple_record.${version}`), 'add_a_multiple_record');
    });

    test(`add_a_record.${version} twice sends nothing the second time`, async () => {
      rrsets = [{ name: FQDN, type, ttl: '3600', records: [record(address)] }];
      await pdns.addARecord(ZONE, HOST, ip(address));
      assert.deepEqual(server.requests.map((r) => r.method), ['GET']);
    });

    test(`add_ptr_record.${version}`, async () => {
      await pdns.addPtrRecord(ZONE, HOST, ip(address));
      assertSameRequest(server.last, expected('dns/powerdns', `add_ptr_record.${version}`), 'add_ptr_record');
    });

    test(`del_ptr_record.${version}`, async () => {
      await pdns.delPtrRecord(ZONE, ip(address));
      assertSameRequest(server.last, expected('dns/powerdns', `del_ptr_record.${version}`), 'del_ptr_record');
    });

    test(`del_a_record.${version}`, async () => {
      rrsets = [{ name: FQDN, type, ttl: '3600', records: [record(address)] }];
      await pdns.delARecord(ZONE, HOST, ip(address));
      assertSameRequest(server.last, expected('dns/powerdns', `del_a_record.${version}`), 'del_a_record');
    });

    test(`del_a_multiple_record.${version}`, async () => {
      rrsets = [{ name: FQDN, type, ttl: '3600', records: [record(address), record(other)] }];
      await pdns.delARecord(ZONE, HOST, ip(address));
      assertSameRequest(server.last, expected('dns/powerdns', `del_a_multiple_record.${version}`), 'del_a_multiple_record');
    });
  }

  test('verify_zone', async () => {
    await pdns.verifyZone(ZONE);
    assertSameRequest(server.last, expected('dns/powerdns', 'verify_zone'), 'verify_zone');
  });

  test('verify_zone of a missing zone names it', async () => {
    server.handler = () => ({ status: 404, body: 'Not Found' });
    await assert.rejects(pdns.verifyZone('nope.example'), /can't read zone nope.example: .*HTTP 404/);
  });
});

test('reverse names and zones', () => {
  const c = (t: string): NonNullable<ReturnType<typeof parseCidr>> => parseCidr(t) as NonNullable<ReturnType<typeof parseCidr>>;
  assert.equal(reverseName(ip('203.0.113.7')), '7.113.0.203.in-addr.arpa.');
  assert.equal(reverseZone(c('203.0.113.0/24'), ip('203.0.113.7')), '113.0.203.in-addr.arpa.');
  assert.equal(reverseZone(c('203.0.113.0/28'), ip('203.0.113.7')), '113.0.203.in-addr.arpa.', 'longer than /24: still the /24 zone');
  assert.equal(reverseZone(c('10.1.0.0/16'), ip('10.1.2.3')), '10.in-addr.arpa.');
  assert.equal(reverseZone(c('172.20.0.0/16'), ip('172.20.2.3')), '16-31.172.in-addr.arpa.');
  assert.equal(reverseZone(c('192.168.5.0/24'), ip('192.168.5.3')), '168.192.in-addr.arpa.');
  assert.equal(reverseZone(c('2001:db8::/64'), ip('2001:db8::5')), '0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa.');
  assert.equal(reverseZone(c('2001:db8:1::/64'), ip('2001:db8:1::5'), 48), '1.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa.', 'reversemaskv6 applies');
  assert.throws(() => reverseZone(c('2001:db8::/62'), ip('2001:db8::5')), /multiple of 4/);
});
