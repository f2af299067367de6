/**
 * VNet rule verification as the reference's verify_rule for the `vnet`
 * environment: the IP version learnt, macro names respelled, each problem
 * on its field; the value formats (addresses, ports, protocols, ICMP
 * types); the names of /etc/protocols and /etc/services.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { parseProtocols, parseServices, type Netdb } from '../../src/firewall/netdb.js';
import { verifyVnetRule, type Rule, type RuleEnv } from '../../src/firewall/rule.js';
import { checkPorts, fieldFormatErrors, parseAddressSpec } from '../../src/firewall/specs.js';

const netdb: Netdb = {
  protocols: parseProtocols('# protocols\nip\t0\tIP\t\t# internet protocol\nicmp\t1\tICMP\ntcp\t6\tTCP\nudp\t17\tUDP\ngre 47 GRE\nipv6-icmp 58\tIPv6-ICMP\n'),
  services: parseServices('# services\nssh\t\t22/tcp\ndomain\t\t53/udp\nhttp\t\t80/tcp\t\twww\nx11\t6000/xtp\n'),
};
const env: RuleEnv = { netdb, ipsets: new Set(['v1-all', 'v1-gateway']) };
const verify = (rule: Partial<Rule>) => verifyVnetRule({ type: 'forward', action: 'ACCEPT', ...rule }, env);

test('the system files: names and numbers of protocols (plus icmpv6), service names of tcp/udp/sctp ports', () => {
  assert.deepEqual([...netdb.protocols].sort(), ['0', '1', '17', '47', '58', '6', 'gre', 'icmp', 'icmpv6', 'ip', 'ipv6-icmp', 'tcp', 'udp']);
  assert.deepEqual([...netdb.services].sort(), ['domain', 'http', 'ssh']);
});

test('a valid rule: no errors, the IP version learnt, the macro spelled as the table does', () => {
  const v = verify({ macro: 'ssh', source: '+sdn/v1-all', dest: '10.1.0.0/16,10.2.0.1', comment: 'admins' });
  assert.deepEqual(v.errors, {});
  assert.equal(v.rule.macro, 'SSH');
  assert.equal(v.rule.ipversion, 4);
  assert.equal(verify({ proto: 'icmpv6', 'icmp-type': 'neighbor-solicitation' }).rule.ipversion, 6);
  assert.equal(verify({ proto: 'tcp' }).rule.ipversion, undefined);
  assert.deepEqual(verify({ type: 'group', action: 'webservers' }).errors, {});
});

test('types and actions of a VNet: forward and group only; no REJECT on forward', () => {
  assert.deepEqual(verify({ type: 'in' }).errors, { type: "invalid rule type 'in' for rule_env 'vnet'" });
  assert.deepEqual(verify({ action: 'REJECT' }).errors, { action: 'cannot define REJECT rules on forward chain' });
  assert.deepEqual(verify({ action: 'accept' }).errors, { action: "unknown action 'accept'" });
  assert.deepEqual(verify({ type: 'group', action: 'web servers' }).errors, { action: 'invalid characters in security group name' });
  assert.deepEqual(verify({ type: 'bogus' }).errors, { type: "invalid rule type 'bogus' for rule_env 'vnet'" });
  assert.deepEqual(verify({ iface: 'net0' }).errors, { type: 'parameter -i not allowed for this rule type' });
});

test('protocols, ports and ICMP types', () => {
  assert.deepEqual(verify({ proto: 'sctp' }).errors, { proto: "unknown protocol 'sctp'" });
  assert.deepEqual(verify({ dport: '22' }).errors, { proto: "missing property - 'dport' requires this property" });
  assert.deepEqual(verify({ proto: 'gre', dport: '22' }).errors, { dport: "protocol 'gre' does not support ports" });
  assert.deepEqual(verify({ proto: 'icmp', sport: '22' }).errors, { sport: "protocol 'icmp' does not support ports" });
  assert.deepEqual(verify({ proto: 'tcp', dport: 'echo-request' }).errors, { dport: "invalid port 'echo-request'" });
  assert.deepEqual(verify({ proto: 'icmp', dport: 'echo-request' }).errors, {});
  assert.deepEqual(verify({ proto: 'tcp', 'icmp-type': 'any' }).errors, { proto: "missing property - 'icmp-type' requires this property" });
  assert.deepEqual(verify({ proto: 'icmp', 'icmp-type': 'neighbor-solicitation' }).errors, { 'icmp-type': "invalid icmp-type 'neighbor-solicitation' for proto 'icmp'" });
  assert.deepEqual(verify({ proto: 'tcp', dport: 'ssh,http,8000:8080' }).errors, {});
});

test('addresses: networks without host bits, one IP version, ranges alone, known IPSets; no aliases', () => {
  assert.match(verify({ source: '10.0.0.1/24' }).errors.source ?? '', /^invalid IP address: '10.0.0.1\/24' has host bits set/);
  assert.match(verify({ dest: '10.0.0.300' }).errors.dest ?? '', /^invalid IP address: /);
  assert.deepEqual(verify({ source: '10.0.0.0/8,fd00::/8' }).errors, { source: "detected mixed ipv4/ipv6 addresses in address list '10.0.0.0/8,fd00::/8'" });
  assert.deepEqual(verify({ source: '10.0.0.1', dest: 'fd00::1' }).errors, { dest: 'detected mixed ipv4/ipv6 addresses in rule' });
  assert.deepEqual(verify({ proto: 'icmp', dest: 'fd00::1' }).errors, { dest: 'detected mixed ipv4/ipv6 addresses in rule' });
  assert.deepEqual(verify({ source: '10.0.0.1-10.0.0.9,10.1.0.1' }).errors, { source: "you can't use a range in a list" });
  assert.deepEqual(verify({ source: '10.0.0.9-10.0.0.1' }).errors, { source: "invalid IP address: range '10.0.0.9-10.0.0.1' ends before it starts" });
  assert.deepEqual(verify({ source: '10.0.0.1,' }).errors, { source: 'extraneous commas in list' });
  assert.deepEqual(verify({ source: '+sdn/v2-all' }).errors, { source: "no such ipset 'v2-all'" });
  assert.deepEqual(verify({ source: '+dc/v1-gateway' }).errors, {});
  assert.deepEqual(verify({ source: '+sdn/v1 all' }).errors, { source: "invalid IP address: '+sdn/v1 all' is not a network (address/prefix length)" });
  assert.deepEqual(verify({ source: '+1bad' }).errors, { source: "invalid ipset name '+1bad'" });
  assert.deepEqual(verify({ source: 'dc/office' }).errors, { source: "no such alias 'dc/office'" });
});

test('a macro fixes its fields; IPv6 rules use its IPv6 variant', () => {
  assert.deepEqual(verify({ macro: 'SSH', proto: 'tcp', dport: '22' }).errors, {});
  assert.deepEqual(verify({ macro: 'SSH', proto: 'udp' }).errors, { proto: "parameter 'proto' already define in macro (value = 'tcp')" });
  // DNS is udp and tcp: any proto conflicts with one of them
  assert.deepEqual(verify({ macro: 'DNS', proto: 'udp' }).errors, { proto: "parameter 'proto' already define in macro (value = 'tcp')" });
  assert.deepEqual(verify({ macro: 'Ping', dest: 'fd00::1' }).errors, {});
  assert.deepEqual(verify({ macro: 'Ping', proto: 'ipv6-icmp' }).errors, { proto: "parameter 'proto' already define in macro (value = 'icmpv6')" });
  assert.deepEqual(verify({ macro: 'NeighborDiscovery', source: '10.0.0.1' }).errors, {});
  assert.deepEqual(verify({ macro: 'Nope' }).errors, { macro: "unknown macro 'Nope'" });
});

test('a comment is one line', () => {
  assert.deepEqual(verify({ comment: 'one\n[OPTIONS]' }).errors, { comment: 'a comment is one line of text' });
});

test('value formats: port lists and their limits; the API parameters’ format errors', () => {
  assert.equal(checkPorts('1:2,3:4,5:6,7:8,9:10,11:12,13:14,15', netdb, false), null);
  assert.equal(checkPorts('1:2,3:4,5:6,7:8,9:10,11:12,13:14,15:16', netdb, false), 'too many entries in port list (> 15 numbers)');
  assert.equal(checkPorts('90:80', netdb, false), "backwards range '90:80' not allowed, did you mean '80:90'?");
  assert.equal(checkPorts('65536', netdb, false), "invalid port '65536'");
  assert.equal(checkPorts('echo-request,22', netdb, true), 'ICMP ports not allowed in port range');
  assert.deepEqual(parseAddressSpec('2001:db8::/32'), { kind: 'addresses', version: 6 });
  assert.deepEqual(parseAddressSpec(`+${'a'.repeat(65)}`), 'ipset name too long');
  assert.deepEqual(fieldFormatErrors({ source: '10.0.0.0/33', proto: 'xtp', dport: '', sport: '-', 'icmp-type': 'pong', comment: '#' }, netdb), {
    source: "invalid IP address: '10.0.0.0/33' is not a network (address/prefix length)",
    proto: "unknown protocol 'xtp'",
    'icmp-type': "invalid icmp-type value 'pong'",
  });
});
