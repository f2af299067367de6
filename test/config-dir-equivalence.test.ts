/**
 * `weft render --config-dir` on section files equals `--config` on the same
 * running config, for every zone conformance case, rendered in this process:
 * the JSON is written out as section files by our own writer, then both
 * renders are compared. A few reference cases break rules the reference only
 * enforces on edit: their running config renders with a warning, their
 * section files are refused (section files are a config being edited),
 * naming the same rule.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { renderFromFiles } from '../src/cli/render-files.js';
import { filesFromRawConfig } from '../src/sections/sdn-files.js';
import type { RawConfig } from '../src/model/config.js';
import { errorsOf } from '../src/model/issues.js';
import { zoneCases } from './support/conformance.js';
import { withTempDir } from './support/weft.js';

describe('--config-dir equals --config on every zone conformance case', () => {
  for (const c of zoneCases()) {
    test(c.name, () => {
      const fromJson = renderFromFiles(c.sources);
      const jsonFiles = fromJson.files;
      assert.ok(jsonFiles, fromJson.issues.map((i) => i.message).join('\n'));
      // codes of the rules the running config broke that only edits enforce
      const editOnly = fromJson.issues.filter((i) => i.severity === 'warning' && i.message.includes('(refused on edit')).map((i) => i.code);
      withTempDir((dir) => {
        const raw = JSON.parse(readFileSync(c.sources.config, 'utf8')) as RawConfig;
        const cfgDir = join(dir, 'pve-sdn');
        mkdirSync(cfgDir);
        for (const [file, text] of Object.entries(filesFromRawConfig(raw))) writeFileSync(join(cfgDir, file), text);
        writeFileSync(join(cfgDir, '.version'), String(raw.version));
        const fromDir = renderFromFiles({ ...c.sources, config: undefined, configDir: cfgDir });
        if (editOnly.length > 0) {
          assert.equal(fromDir.files, undefined, 'section files breaking an edit rule are refused');
          assert.deepEqual([...new Set(errorsOf(fromDir.issues).map((i) => i.code))].sort(), [...new Set(editOnly)].sort(), 'refused by the same rules');
          return;
        }
        assert.ok(fromDir.files, fromDir.issues.map((i) => i.message).join('\n'));
        assert.deepEqual({ sdn: fromDir.files.sdn, frr: fromDir.files.frr }, { sdn: jsonFiles.sdn, frr: jsonFiles.frr });
      });
    });
  }
});
