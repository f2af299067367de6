/**
 * `weft render` on bad input: non-zero exit, a message naming the file or
 * section, the property and the reason, and nothing written.
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { weft, withTempDir } from './support/weft.js';

const GOOD_ZONES = 'vlan: zv\n\tbridge vmbr0\n\nsimple: zs\n\n';
const GOOD_VNETS = 'vnet: v1\n\tzone zv\n\ttag 10\n\nvnet: v2\n\tzone zs\n\n';
const GOOD_SUBNETS = 'subnet: zs-10.0.0.0-24\n\tvnet v2\n\tgateway 10.0.0.1\n\n';
const INTERFACES = 'auto vmbr0\niface vmbr0 inet manual\n\tbridge-ports eth0\n';

interface Files {
  readonly zones?: string;
  readonly vnets?: string;
  readonly subnets?: string;
}

/** Renders a config dir built from `files` (defaults: a valid config). */
function renderDir(files: Files) {
  return withTempDir((dir) => {
    const cfg = join(dir, 'sdn');
    mkdirSync(cfg);
    writeFileSync(join(cfg, 'zones.cfg'), files.zones ?? GOOD_ZONES);
    writeFileSync(join(cfg, 'vnets.cfg'), files.vnets ?? GOOD_VNETS);
    writeFileSync(join(cfg, 'subnets.cfg'), files.subnets ?? GOOD_SUBNETS);
    writeFileSync(join(dir, 'facts.json'), JSON.stringify({ nodename: 'pve1' }));
    writeFileSync(join(dir, 'interfaces'), INTERFACES);
    const out = join(dir, 'out');
    const r = weft(['render', '--config-dir', cfg, '--facts', join(dir, 'facts.json'), '--interfaces', join(dir, 'interfaces'), '--out', out]);
    return { ...r, written: existsSync(out) ? readdirSync(out) : [] };
  });
}

function assertRefused(r: ReturnType<typeof renderDir>, ...mentions: RegExp[]): void {
  assert.equal(r.status, 1, r.stderr);
  assert.deepEqual(r.written, [], 'nothing may be written');
  for (const m of mentions) assert.match(r.stderr, m);
}

describe('weft render refuses bad input', () => {
  test('a valid config renders', () => {
    const r = renderDir({});
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.written, ['sdn']);
  });

  test('unknown zone type', () => {
    assertRefused(renderDir({ zones: 'vxlan2: zv\n\tbridge vmbr0\n\n' }), /zones\.cfg:zv\.type: unknown zone type 'vxlan2'/);
  });

  test('bad CIDR in a subnet id', () => {
    assertRefused(renderDir({ subnets: 'subnet: zs-10.0.0.0-40\n\tvnet v2\n\n' }), /subnets\.cfg:zs-10\.0\.0\.0-40: invalid subnet id/);
  });

  test('gateway outside its subnet', () => {
    assertRefused(renderDir({ subnets: 'subnet: zs-10.0.0.0-24\n\tvnet v2\n\tgateway 10.0.1.1\n\n' }), /subnets\.cfg:zs-10\.0\.0\.0-24\.gateway: 10\.0\.1\.1 is not in subnet 10\.0\.0\.0\/24/);
  });

  test('an applied running config with a gateway outside its subnet renders as the reference does, with a warning', () => {
    // the reference's own case evpn/exitnodenullroute has such a subnet in its running config
    withTempDir((dir) => {
      const raw = { version: 1, zones: { ids: { zs: { type: 'simple' } } }, vnets: { ids: { v2: { type: 'vnet', zone: 'zs' } } }, subnets: { ids: { 'zs-10.0.0.0-24': { type: 'subnet', vnet: 'v2', gateway: '10.0.1.1' } } } };
      writeFileSync(join(dir, 'c.json'), JSON.stringify(raw));
      writeFileSync(join(dir, 'f.json'), '{"nodename":"n1"}');
      const r = weft(['render', '--config', join(dir, 'c.json'), '--facts', join(dir, 'f.json'), '--out', join(dir, 'out')]);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stderr, /warning: subnets\.zs-10\.0\.0\.0-24\.gateway: 10\.0\.1\.1 is not in subnet 10\.0\.0\.0\/24 \(refused on edit/);
    });
  });

  test('duplicate VLAN tag in a zone', () => {
    assertRefused(renderDir({ vnets: `${GOOD_VNETS}vnet: v3\n\tzone zv\n\ttag 10\n\n` }), /vnets\.cfg:v3\.tag: tag 10 already exists in zone 'zv': vnet 'v1'/);
  });

  test('VNet id of 9 characters', () => {
    assertRefused(renderDir({ vnets: 'vnet: vnet12345\n\tzone zs\n\n' }), /vnets\.cfg:vnet12345: invalid vnet id 'vnet12345': at most 8 characters \(this has 9\)/);
  });

  test('vlan zone without bridge', () => {
    assertRefused(renderDir({ zones: 'vlan: zv\n\tmtu 1500\n\nsimple: zs\n\n' }), /zones\.cfg:zv\.bridge: required for type 'vlan': give a value/);
  });

  test('a truncated section header', () => {
    assertRefused(renderDir({ vnets: `${GOOD_VNETS}vnet\n\tzone zs\n` }), /vnets\.cfg:8: expected a section header '<type>: <id>', got 'vnet'/);
  });

  test('all problems are reported at once', () => {
    const r = renderDir({ zones: 'vlan: zv\n\nfoo: zs\n\n', vnets: 'vnet: vnet12345\n\tzone zs\n\n' });
    assertRefused(r, /zv\.bridge/, /unknown zone type 'foo'/, /vnet12345/);
  });

  test('malformed running-config JSON names the file', () => {
    withTempDir((dir) => {
      writeFileSync(join(dir, 'c.json'), '{"zones": ');
      writeFileSync(join(dir, 'f.json'), '{"nodename":"n1"}');
      const r = weft(['render', '--config', join(dir, 'c.json'), '--facts', join(dir, 'f.json'), '--out', join(dir, 'out')]);
      assert.equal(r.status, 1);
      assert.match(r.stderr, /c\.json: not valid JSON/);
      assert.equal(existsSync(join(dir, 'out')), false);
    });
  });

  test('usage errors say what to pass', () => {
    const r = weft(['render', '--facts', 'x']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /give exactly one of --config or --config-dir/);
  });
});
