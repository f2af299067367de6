/**
 * A node's status report from one pass, the API's reading of it, the task
 * log lines an apply shows, and frr-reload.py's failure in one line.
 */
import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { frrReloadFailure } from '../../src/agent/reload.js';
import { resultStatus, type PassReport } from '../../src/agent/status.js';
import { rawConfigFromFiles } from '../../src/sections/sdn-files.js';
import { decodeConfig } from '../../src/sections/decode-config.js';
import { NETWORK } from '../../src/ir/node-file.js';
import type { SdnConfig } from '../../src/sections/sdn-config.js';
import { describeReport } from '../../src/sdn/apply-follow.js';
import { objectStatus } from '../../src/sdn/node-status.js';
import { nodeName } from '../support/node-name.js';

function config(): SdnConfig {
  const { raw } = rawConfigFromFiles({ 'zones.cfg': 'simple: za\n\nsimple: zb\n\tnodes node9\n\n', 'vnets.cfg': 'vnet: va\n\tzone za\n\nvnet: vb\n\tzone za\n\nvnet: vc\n\tzone zb\n\n' }, 4);
  const decoded = decodeConfig(raw);
  assert.ok(decoded.config, JSON.stringify(decoded.issues));
  return decoded.config;
}

const pass = (over: Partial<PassReport>): PassReport => ({
  node: nodeName('node1'),
  version: 4,
  config: config(),
  issues: [],
  outcome: { changed: ['/etc/network/interfaces.d/sdn'], reloaded: [NETWORK] },
  reloading: true,
  links: [
    { ifname: 'va', flags: ['BROADCAST', 'UP'] },
    { ifname: 'vb', flags: ['BROADCAST', 'UP'] },
  ],
  applied: 3,
  ...over,
});

describe('node status from a pass', () => {
  test("applied: the node's zones and VNets are available; another node's zone is not listed", () => {
    const s = resultStatus(pass({}));
    assert.equal(s.state, 'applied');
    assert.equal(s.applied, 4);
    assert.deepEqual(s.zones, { za: { status: 'available' } });
    assert.deepEqual(s.vnets, { va: { status: 'available' }, vb: { status: 'available' } });
    // the report names the services reloaded
    assert.deepEqual(s.reloaded, ['network']);
  });

  test('a VNet bridge missing or down after the reload is an error of the VNet and its zone', () => {
    const s = resultStatus(pass({ links: [{ ifname: 'va', flags: ['BROADCAST'] }] }));
    assert.deepEqual(s.vnets, { va: { status: 'error', statusmsg: 'va is down' }, vb: { status: 'error', statusmsg: 'missing vb' } });
    assert.equal(s.zones.za?.status, 'error');
  });

  test('a failed reload: every object errs with the reason, the node keeps the version it had', () => {
    const s = resultStatus(pass({ outcome: { changed: [], reloaded: [], error: 'network reload failed: ifreload -a exited 1' } }));
    assert.equal(s.state, 'error');
    assert.equal(s.applied, 3);
    assert.equal(s.message, 'network reload failed: ifreload -a exited 1');
    assert.deepEqual(s.vnets.va, { status: 'error', statusmsg: 'version 4 not applied: network reload failed: ifreload -a exited 1' });
    assert.deepEqual(describeReport(s, 4), ['FAILED to apply version 4: network reload failed: ifreload -a exited 1', '  the node keeps version 3']);
  });

  test('a failed pre-flight check or an undecodable config fails the pass with the findings', () => {
    const issues = [{ code: 'no-ifupdown2', path: 'ifreload', message: 'ifupdown2 is not installed: apt install ifupdown2', severity: 'error' as const }];
    const s = resultStatus(pass({ issues, outcome: null }));
    assert.equal(s.message, 'ifreload: ifupdown2 is not installed: apt install ifupdown2');
    assert.deepEqual(s.checks, [{ severity: 'error', path: 'ifreload', message: 'ifupdown2 is not installed: apt install ifupdown2' }]);
    const bad = resultStatus(pass({ config: null, issues: [{ code: 'bad-json', path: 'running config', message: 'not valid JSON', severity: 'error' }], outcome: null }));
    assert.deepEqual(bad.zones, {});
    assert.deepEqual(objectStatus(bad, 4, 'zones', 'za'), { status: 'error', statusmsg: 'version 4 not applied: running config: not valid JSON' });
  });

  test('--no-reload: written, not in effect', () => {
    const s = resultStatus(pass({ reloading: false, links: null, outcome: { changed: ['/etc/network/interfaces.d/sdn'], reloaded: [] } }));
    assert.deepEqual(s.zones.za, { status: 'pending', statusmsg: 'files written, not reloaded (--no-reload)' });
    assert.deepEqual(describeReport(s, 4), ['applied version 4: 1 file(s) changed, not reloaded (--no-reload)']);
  });

  test('the API reads a report older than the running config as pending, with the reason', () => {
    const s = resultStatus(pass({}));
    assert.deepEqual(objectStatus(s, 4, 'vnets', 'va'), { status: 'available' });
    assert.deepEqual(objectStatus(s, 5, 'vnets', 'va'), { status: 'pending', statusmsg: 'the node agent has not applied version 5 yet (it reported version 4)' });
    assert.deepEqual(objectStatus(null, 5, 'zones', 'za'), { status: 'pending', statusmsg: 'no node agent has reported from this node yet' });
  });
});

test("frr-reload.py's failure in one line, pointing at frr.conf.local", () => {
  const stdout = [
    '2026-11-24 01:43:37,165  INFO: Loading Config object from file /etc/frr/frr.conf',
    "2026-11-24 01:43:37,569 \x1b[91m  ERROR\x1b[0m: vtysh failed to process new configuration: vtysh (mark file) exited with status 2:",
    "b'line 22: % Unknown command:  bgp this-is-not-a-command\\n\\n'",
  ].join('\n');
  assert.equal(
    frrReloadFailure({ code: 1, stdout, stderr: '' }, '/etc/frr/frr.conf', true),
    'frr-reload exited 1: vtysh failed to process new configuration: vtysh (mark file) exited with status 2 | line 22: % Unknown command: bgp this-is-not-a-command (lines of /etc/frr/frr.conf; frr.conf.local is merged into it: fix that file, then apply again)',
  );
  assert.equal(frrReloadFailure({ code: 2, stdout: '', stderr: 'no such file\n' }, '/etc/frr/frr.conf', false), 'frr-reload exited 2: no such file');
});
