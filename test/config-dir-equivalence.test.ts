/**
 * `weft render --config-dir` on section files equals `--config` on the same
 * running config, for every zone conformance case: the JSON is written out
 * as section files by our own writer, then both renders are compared. A few
 * reference cases break rules the reference only enforces on edit: their
 * running config renders with a warning, their section files are refused
 * (section files are a config being edited), naming the same rule.
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
interface Rendered {
  readonly status: number | null;
  readonly stderr: string;
  readonly sdn: string | null;
  readonly frr: string | null;
}

function render(dir: string, caseDir: string, source: string[]): Rendered {
  const out = join(dir, `out-${source[0]?.slice(2)}`);
  const r = weft(['render', ...source, '--facts', join(caseDir, 'node.json'), '--interfaces', join(caseDir, 'interfaces'), '--out', out]);
  const read = (f: string) => (existsSync(join(out, f)) ? readFileSync(join(out, f), 'utf8') : null);
  return { status: r.status, stderr: r.stderr, sdn: read('sdn'), frr: read('frr.conf') };
}

/** Codes of the rules a running config broke that only edits enforce, from render's warnings. */
function editOnlyRules(stderr: string): string[] {
  return [...stderr.matchAll(/warning: \S+?\.([\w-]+): .*\(refused on edit/g)].map((m) => m[1] ?? '');
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
        assert.equal(fromJson.status, 0, fromJson.stderr);
        assert.equal(fromJson.sdn, readFileSync(join(caseDir, 'expected', 'sdn-interfaces'), 'utf8'), `${group}/${name} matches the reference`);
        const fromDir = render(dir, caseDir, ['--config-dir', cfgDir]);
        if (editOnlyRules(fromJson.stderr).length > 0) {
          assert.equal(fromDir.status, 1, `${group}/${name}: section files breaking an edit rule must be refused`);
          assert.equal(fromDir.sdn, null, 'nothing written');
          assert.doesNotMatch(fromDir.stderr, /refused on edit/, 'errors, not warnings');
          return;
        }
        assert.equal(fromDir.status, 0, fromDir.stderr);
        assert.deepEqual({ sdn: fromDir.sdn, frr: fromDir.frr }, { sdn: fromJson.sdn, frr: fromJson.frr }, `${group}/${name}`);
      });
    }
  });
}
