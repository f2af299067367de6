/**
 * Rules the reference checks only in its update hooks (a subnet on a
 * VLAN-aware VNet, a second tag-less VNet in a QinQ zone, duplicate tags and
 * VNIs, …) refuse an edit but only warn on an applied running config, which
 * renders as the reference renders it; the dry run judges it the same way.
 */
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { RawConfig } from '../../src/model/config.js';
import { decodeConfig } from '../../src/sections/decode-config.js';
import { dryRun } from '../../src/sdn/dry-run.js';
import { loadState, type RunningConfig } from '../../src/sdn/state.js';
import { weft, withTempDir } from '../support/weft.js';
import { nodeName } from '../support/node-name.js';

/** A running config the reference renders, breaking one update-hook rule per line. */
const RUNNING = {
  version: 3,
  zones: {
    ids: {
      zq: { type: 'qinq', bridge: 'vmbr0', tag: 20 },
      zv: { type: 'vlan', bridge: 'vmbr0' },
      zx: { type: 'vxlan', peers: '198.51.100.11,198.51.100.12' },
    },
  },
  vnets: {
    ids: {
      q1: { type: 'vnet', zone: 'zq' },
      q2: { type: 'vnet', zone: 'zq' }, // second tag-less VNet in a QinQ zone
      va: { type: 'vnet', zone: 'zv', tag: 10, vlanaware: 1 }, // carries a subnet below
      vb: { type: 'vnet', zone: 'zv', tag: 10 }, // tag 10 twice in zone zv
      x1: { type: 'vnet', zone: 'zx', tag: 500 },
      x2: { type: 'vnet', zone: 'zx', tag: 500 }, // VNI 500 twice
    },
  },
  subnets: { ids: { 'zv-10.0.0.0-24': { type: 'subnet', vnet: 'va', gateway: '10.0.0.1' } } },
};
const EXPECTED = [
  'duplicate-untagged vnets.q2.tag',
  'duplicate-tag vnets.vb.tag',
  'duplicate-vni vnets.x2.tag',
  'vlanaware-subnet subnets.zv-10.0.0.0-24.vnet',
];
const codes = (issues: readonly { code: string; path: string }[]) => issues.map((i) => `${i.code} ${i.path}`).sort();

test('update-hook rules: errors for an edit, warnings for an applied config', () => {
  const edit = decodeConfig(RUNNING as RawConfig);
  assert.equal(edit.config, undefined);
  assert.deepEqual(codes(edit.issues.filter((i) => i.severity === 'error')), [...EXPECTED].sort());
  const applied = decodeConfig(RUNNING as RawConfig, undefined, 'render');
  assert.ok(applied.config, 'an applied config renders');
  assert.deepEqual(codes(applied.issues), [...EXPECTED].sort());
  for (const i of applied.issues) {
    assert.equal(i.severity, 'warning');
    assert.match(i.message, /\(refused on edit; rendered as written\)$/);
  }
});

test('weft render of the running config: exit 0, warnings, both QinQ VNets and the subnet rendered', () => {
  withTempDir((dir) => {
    writeFileSync(join(dir, 'running.json'), JSON.stringify(RUNNING));
    writeFileSync(join(dir, 'facts.json'), JSON.stringify({ nodename: nodeName('pve1'), routeSource: { ip: '198.51.100.11', iface: 'vmbr0' }, bridgePorts: { vmbr0: ['eth0'] } }));
    writeFileSync(join(dir, 'interfaces'), 'auto vmbr0\niface vmbr0 inet manual\n\tbridge-ports eth0\n\tbridge-vlan-aware yes\n');
    const r = weft(['render', '--config', join(dir, 'running.json'), '--facts', join(dir, 'facts.json'), '--interfaces', join(dir, 'interfaces'), '--out', join(dir, 'out')]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /warning: vnets\.q2\.tag: tag-less vnet already exists in zone 'zq'/);
    assert.match(r.stderr, /warning: subnets\.zv-10\.0\.0\.0-24\.vnet: you can't add a subnet on a vlanaware vnet/);
    const sdn = readFileSync(join(dir, 'out', 'sdn'), 'utf8');
    for (const vnet of ['q1', 'q2', 'va', 'vb', 'x1', 'x2']) assert.match(sdn, new RegExp(`^iface ${vnet}\\b`, 'm'), vnet);
    assert.match(sdn, /^iface q2\n(\t.*\n)*\tbridge_ports pr_zq$/m, 'the second tag-less VNet sits on the zone veth like the first');
  });
});

test('the dry run renders such a running config (as the agents do) instead of failing', () => {
  const docs = new Map([['sdn/.running-config', JSON.stringify(RUNNING)]]);
  const state = loadState({ revision: '1', docs });
  assert.equal((state.running as RunningConfig).version, 3);
  const facts = { nodename: nodeName('pve1'), routeSource: null, bridgePorts: { vmbr0: ['eth0'] } };
  const diff = dryRun(state, { facts, interfaces: 'auto vmbr0\niface vmbr0 inet manual\n\tbridge-ports eth0\n\tbridge-vlan-aware yes\n' });
  // no section files: the next apply removes every VNet, so the diff shows what runs now
  assert.match(diff['interfaces-diff'] ?? '', /^-iface q2$/m);
  assert.match(diff['interfaces-diff'] ?? '', /^-iface va$/m);
});
