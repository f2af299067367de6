import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parseSectionConfig, writeSectionConfig } from '../../src/config/section-config.js';
import { filesFromRawConfig, rawConfigFromFiles } from '../../src/sections/sdn-files.js';
import { decodeConfig } from '../../src/sections/decode-config.js';
import { zoneKind } from '../../src/zones/kind.js';
import { FIXTURES_DIR } from '../support/paths.js';
import { sectionId } from '../support/section-id.js';

const PVE_DIR = join(FIXTURES_DIR, 'pve-sdn');
const pveFiles = Object.fromEntries(readdirSync(PVE_DIR).map((f) => [f, readFileSync(join(PVE_DIR, f), 'utf8')]));

describe('section-config files in the reference format', () => {
  test('parse then write gives the same bytes, file by file', () => {
    const { raw, issues } = rawConfigFromFiles(pveFiles, 1);
    assert.deepEqual(issues, []);
    const written = filesFromRawConfig(raw);
    for (const [file, text] of Object.entries(pveFiles)) assert.equal(written[file], text, file);
  });

  test('the fixture is a valid config', () => {
    const { raw } = rawConfigFromFiles(pveFiles, 1);
    const r = decodeConfig(raw);
    assert.deepEqual(r.issues, []);
    assert.equal(r.config?.zones.get(sectionId('zones', 'simple1'))?.type, 'simple');
    assert.deepEqual(r.config?.zones.get(sectionId('zones', 'simple1'))?.nodes, ['pve2', 'pve1']);
    assert.deepEqual(r.config?.subnets.get('simple1-203.0.113.0-24')?.['dhcp-range']?.length, 2);
    assert.equal(r.config?.vnets.get(sectionId('vnets', 'vnet2'))?.vlanaware, true);
  });

  test('required properties are written first, then the rest sorted', () => {
    const values = new Map([['mtu', '1500'], ['bridge', 'vmbr1'], ['ipam', 'pve'], ['nodes', 'a,b']]);
    assert.equal(writeSectionConfig(zoneKind, [{ type: 'vlan', id: 'z1', values }]), 'vlan: z1\n\tbridge vmbr1\n\tipam pve\n\tmtu 1500\n\tnodes a,b\n\n');
  });

  test('empty values are omitted and line feeds refused', () => {
    assert.equal(writeSectionConfig(zoneKind, [{ type: 'simple', id: 'z1', values: new Map([['dns', '']]) }]), 'simple: z1\n\n');
    assert.throws(() => writeSectionConfig(zoneKind, [{ type: 'simple', id: 'z1', values: new Map([['dns', 'a\nsimple: evil']]) }]), /line feed/);
  });
});

describe('section-config parse errors name the file and line', () => {
  const codes = (text: string) => parseSectionConfig('zones.cfg', text).issues.map((i) => `${i.code}@${i.path}`);

  test('a truncated section header', () => {
    assert.deepEqual(codes('simple: z1\n\tipam pve\n\nvlan\n\tbridge vmbr0\n'), ['bad-header@zones.cfg:4']);
    assert.deepEqual(codes('vlan:\n'), ['bad-header@zones.cfg:1']);
  });

  test('a property line that is not indented key value', () => {
    assert.deepEqual(codes('simple: z1\nipam pve\n'), ['bad-line@zones.cfg:2']);
  });

  test('duplicate properties and sections', () => {
    assert.deepEqual(codes('simple: z1\n\tipam a\n\tipam b\n\nsimple: z1\n'), ['duplicate-property@zones.cfg:3', 'duplicate-section@zones.cfg:5']);
  });

  test('comments and blank runs are ignored', () => {
    const r = parseSectionConfig('zones.cfg', '# head\n\n\nsimple: z1\n# inside\n\tipam pve\n\n\n');
    assert.deepEqual(r.issues, []);
    assert.deepEqual([...(r.sections[0]?.values ?? [])], [['ipam', 'pve']]);
  });
});
