/**
 * `weft render` on bad input: findings naming the file or section, the
 * property and the reason, and nothing rendered — checked in this process
 * through what the command runs; one test runs the command itself (exit
 * codes, stderr, the files written or not).
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { renderFromFiles, type RenderOutcome } from '../src/cli/render-files.js';
import { formatIssue } from '../src/model/issues.js';
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

/** Writes a config dir built from `files` (defaults: a valid config), the node's facts and interfaces; the render's arguments. */
function writeDir(dir: string, files: Files): string[] {
  const cfg = join(dir, 'sdn');
  mkdirSync(cfg);
  writeFileSync(join(cfg, 'zones.cfg'), files.zones ?? GOOD_ZONES);
  writeFileSync(join(cfg, 'vnets.cfg'), files.vnets ?? GOOD_VNETS);
  writeFileSync(join(cfg, 'subnets.cfg'), files.subnets ?? GOOD_SUBNETS);
  writeFileSync(join(dir, 'facts.json'), JSON.stringify({ nodename: 'pve1' }));
  writeFileSync(join(dir, 'interfaces'), INTERFACES);
  return ['--config-dir', cfg, '--facts', join(dir, 'facts.json'), '--interfaces', join(dir, 'interfaces')];
}

/** The render of a config dir built from `files`, and its findings as the command prints them. */
function renderDir(files: Files): RenderOutcome & { readonly text: string } {
  return withTempDir((dir) => {
    writeDir(dir, files);
    const r = renderFromFiles({ configDir: join(dir, 'sdn'), facts: join(dir, 'facts.json'), interfaces: join(dir, 'interfaces') });
    return { ...r, text: r.issues.map(formatIssue).join('\n') };
  });
}

function assertRefused(r: ReturnType<typeof renderDir>, ...mentions: RegExp[]): void {
  assert.equal(r.files, undefined, `nothing may be rendered: ${r.text}`);
  for (const m of mentions) assert.match(r.text, m);
}

describe('weft render refuses bad input', () => {
  test('a valid config renders', () => {
    const r = renderDir({});
    assert.equal(r.text, '');
    assert.match(r.files?.sdn ?? '', /^auto v1$/m);
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
      const r = renderFromFiles({ config: join(dir, 'c.json'), facts: join(dir, 'f.json') });
      assert.ok(r.files, r.issues.map(formatIssue).join('\n'));
      assert.match(r.issues.map(formatIssue).join('\n'), /warning: subnets\.zs-10\.0\.0\.0-24\.gateway: 10\.0\.1\.1 is not in subnet 10\.0\.0\.0\/24 \(refused on edit/);
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
      const r = renderFromFiles({ config: join(dir, 'c.json'), facts: join(dir, 'f.json') });
      assert.equal(r.files, undefined);
      assert.match(r.issues.map(formatIssue).join('\n'), /c\.json: not valid JSON/);
    });
  });
});

test('the weft render command: files written on success; on bad input exit 1, the findings on stderr, nothing written; usage errors exit 2', () => {
  withTempDir((dir) => {
    const args = writeDir(dir, {});
    const good = weft(['render', ...args, '--out', join(dir, 'out')]);
    assert.equal(good.status, 0, good.stderr);
    assert.deepEqual(readdirSync(join(dir, 'out')), ['sdn']);
    assert.equal(readFileSync(join(dir, 'out', 'sdn'), 'utf8'), renderFromFiles({ configDir: join(dir, 'sdn'), facts: join(dir, 'facts.json'), interfaces: join(dir, 'interfaces') }).files?.sdn);

    writeFileSync(join(dir, 'sdn', 'vnets.cfg'), 'vnet: vnet12345\n\tzone zs\n\n');
    const bad = weft(['render', ...args, '--out', join(dir, 'out-bad')]);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /^weft render: error: vnets\.cfg:vnet12345: invalid vnet id 'vnet12345'/m);
    assert.equal(existsSync(join(dir, 'out-bad')), false, 'nothing written');

    const usage = weft(['render', '--facts', 'x']);
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /give exactly one of --config or --config-dir/);
  });
});
