/**
 * `weft render --config-dir` on section files equals `--config` on the same
 * running config, for every layer-2 conformance case: the JSON is written out
 * as section files by our own writer, then both renders are compared.
 */
import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { filesFromRawConfig } from '../src/config/sdn-files.js';
import type { RawConfig } from '../src/model/config.js';
import { SHARED_DIR, sharedSkip } from './support/paths.js';
import { weft, withTempDir } from './support/weft.js';

const GROUPS = ['simple', 'vlan', 'qinq', 'vxlan', 'evpn'];
const skip = sharedSkip('conformance/zones');

/** The rendered sdn file, and frr.conf when there is one. */
function render(dir: string, caseDir: string, source: string[]): { sdn: string; frr: string | null } {
  const out = join(dir, `out-${source[0]?.slice(2)}`);
  const r = weft(['render', ...source, '--facts', join(caseDir, 'node.json'), '--interfaces', join(caseDir, 'interfaces'), '--out', out]);
  assert.equal(r.status, 0, r.stderr);
  const frr = join(out, 'frr.conf');
  return { sdn: readFileSync(join(out, 'sdn'), 'utf8'), frr: existsSync(frr) ? readFileSync(frr, 'utf8') : null };
}

for (const group of GROUPS) {
  const root = join(SHARED_DIR, 'conformance', 'zones', group);
  const cases = skip || !existsSync(root) ? [] : readdirSync(root).sort();
  test(`--config-dir equals --config for zones/${group}`, { skip }, () => {
    assert.ok(cases.length > 0);
    for (const name of cases) {
      const caseDir = join(root, name);
      withTempDir((dir) => {
        const raw = JSON.parse(readFileSync(join(caseDir, 'sdn-config.json'), 'utf8')) as RawConfig;
        const cfgDir = join(dir, 'pve-sdn');
        mkdirSync(cfgDir);
        for (const [file, text] of Object.entries(filesFromRawConfig(raw))) writeFileSync(join(cfgDir, file), text);
        writeFileSync(join(cfgDir, '.version'), String(raw.version));
        const fromJson = render(dir, caseDir, ['--config', join(caseDir, 'sdn-config.json')]);
        const fromDir = render(dir, caseDir, ['--config-dir', cfgDir]);
        assert.deepEqual(fromDir, fromJson, `${group}/${name}`);
        assert.equal(fromJson.sdn, readFileSync(join(caseDir, 'expected', 'sdn-interfaces'), 'utf8'), `${group}/${name} matches the reference`);
      });
    }
  });
}
