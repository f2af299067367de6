/**
 * A VNet's firewall file in the reference firewall's format: a file as
 * Proxmox writes it parses into options and rules and writes back byte for
 * byte; every rule field has its flag; `|` disables a rule; the lenient
 * read (case, spacing, long flags, comments) writes back normalized; lines
 * that do not parse are dropped; nothing left means no file.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { formatRuleLine, formatVnetFirewall, parseRuleLine, parseVnetFirewall } from '../../src/firewall/rules-format.js';

/** As pve-firewall's save_vnetfw_conf writes it. */
const PROXMOX_FILE = `[OPTIONS]

enable: 1
policy_forward: DROP
log_level_forward: info

[RULES]

FORWARD ACCEPT -source +sdn/vnet0-all -dest 10.0.0.0/24 -p tcp -dport 22,80:90 -sport 1024:65535 -log info # ssh and web
|FORWARD SSH(ACCEPT) -source 192.0.2.0/24 -log nolog
FORWARD DROP -p icmp -log warning -icmp-type echo-request
GROUP webservers # a security group
FORWARD ACCEPT -dest fd00::/64 -p udp -dport 53 # DNS über IPv6

`;

test('a file as Proxmox writes it: parse → write gives the same bytes', () => {
  const file = parseVnetFirewall(PROXMOX_FILE);
  assert.deepEqual([...file.options], [
    ['enable', 1],
    ['policy_forward', 'DROP'],
    ['log_level_forward', 'info'],
  ]);
  assert.equal(file.rules.length, 5);
  assert.equal(formatVnetFirewall(file), PROXMOX_FILE);
});

test('a rule line with every field, and each field its flag', () => {
  const rule = parseRuleLine('FORWARD ACCEPT -source 10.0.0.0/8 -dest +sdn/v1-all -p tcp -dport 443 -sport 1024:65535 -log debug # web');
  assert.deepEqual(rule, {
    type: 'forward',
    action: 'ACCEPT',
    enable: 1,
    source: '10.0.0.0/8',
    dest: '+sdn/v1-all',
    proto: 'tcp',
    dport: '443',
    sport: '1024:65535',
    log: 'debug',
    comment: 'web',
  });
  assert.deepEqual(parseRuleLine('FORWARD HTTPS(DROP) -p icmp -icmp-type echo-request -i net0'), {
    type: 'forward',
    action: 'DROP',
    macro: 'HTTPS',
    enable: 1,
    proto: 'icmp',
    'icmp-type': 'echo-request',
    iface: 'net0',
  });
  // the writer's fixed order: interface, source, dest, proto, ports, log, icmp type, comment
  assert.equal(
    formatRuleLine({ type: 'forward', action: 'DROP', enable: 1, comment: 'c', 'icmp-type': 'any', log: 'err', sport: '1', dport: '2', proto: 'icmp', dest: '::1', source: '::2', iface: 'eth0', macro: 'Ping' }),
    'FORWARD Ping(DROP) -i eth0 -source ::2 -dest ::1 -p icmp -dport 2 -sport 1 -log err -icmp-type any # c',
  );
});

test('a disabled rule starts with |; enable absent or 1 writes no bar', () => {
  assert.deepEqual(parseRuleLine('|FORWARD DROP'), { type: 'forward', action: 'DROP', enable: 0 });
  assert.equal(formatRuleLine({ type: 'forward', action: 'DROP', enable: 0 }), '|FORWARD DROP');
  assert.equal(formatRuleLine({ type: 'forward', action: 'DROP', enable: 1 }), 'FORWARD DROP');
  assert.equal(formatRuleLine({ type: 'forward', action: 'DROP' }), 'FORWARD DROP');
});

test('a group rule takes no address or port options; blank comments are not written', () => {
  assert.equal(parseRuleLine('GROUP web -p tcp'), null);
  assert.equal(formatRuleLine({ type: 'group', action: 'web', enable: 1, proto: 'tcp', comment: '  ' }), 'GROUP web');
});

test('options: the three of a VNet, values normalized, anything else dropped', () => {
  const file = parseVnetFirewall('[options]\nENABLE: 0\npolicy_forward: accept\nlog_level_forward:  WARNING \npolicy_in: DROP\nenable: x\n');
  assert.deepEqual([...file.options], [
    ['enable', 0],
    ['policy_forward', 'ACCEPT'],
    ['log_level_forward', 'warning'],
  ]);
  assert.equal(formatVnetFirewall(file), '[OPTIONS]\n\nenable: 0\npolicy_forward: ACCEPT\nlog_level_forward: warning\n\n');
});

test('the lenient read: case, spacing, comment lines, long flags; unparseable lines dropped', () => {
  const text = [
    'FORWARD DROP # before any section: skipped',
    '# hand-written',
    '  [rules]  ',
    '',
    '  forward   accept   --proto udp --dport 53   #   resolver  ',
    'forward ACCEPT -proto tcp --source 10.0.0.1',
    'FORWARD ACCEPT -p tcp -bogus 1',
    'FORWARD',
    'FORWARD ACCEPT -log loud',
  ].join('\n');
  const file = parseVnetFirewall(text);
  assert.deepEqual(file.rules, [
    { type: 'forward', action: 'accept', enable: 1, proto: 'udp', dport: '53', comment: 'resolver' },
    { type: 'forward', action: 'ACCEPT', enable: 1, proto: 'tcp', source: '10.0.0.1' },
  ]);
  assert.equal(formatVnetFirewall(file), '[RULES]\n\nFORWARD accept -p udp -dport 53 # resolver\nFORWARD ACCEPT -source 10.0.0.1 -p tcp\n\n');
});

test('nothing to keep: no file', () => {
  assert.equal(formatVnetFirewall({ options: new Map(), rules: [] }), null);
  assert.equal(formatVnetFirewall(parseVnetFirewall('')), null);
  assert.equal(formatVnetFirewall({ options: new Map(), rules: [{ type: 'forward', action: 'DROP', enable: 0 }] }), '[RULES]\n\n|FORWARD DROP\n\n');
});
