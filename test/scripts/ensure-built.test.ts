/**
 * scripts/ensure-built.mjs, which bin/weft runs first: commands started
 * together after a pull build once (the others wait for the build lock and
 * find the build current); a lock its process left behind is taken over; a
 * failed build releases the lock. Run on a copy of the script in a scratch
 * project whose `tsc` is a stand-in that logs each run.
 */
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('../../../scripts/ensure-built.mjs', import.meta.url));
const made: string[] = [];
after(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A project whose sources are newer than its build; its `tsc` logs a line, waits a little and exits with `exit`. */
function scratchProject(exit = 0): string {
  const root = mkdtempSync(join(tmpdir(), 'weft-ensure-built-'));
  made.push(root);
  mkdirSync(join(root, 'scripts'));
  cpSync(SCRIPT, join(root, 'scripts', 'ensure-built.mjs'));
  for (const d of ['src', 'dist', 'node_modules/typescript/bin']) mkdirSync(join(root, d), { recursive: true });
  writeFileSync(join(root, 'tsconfig.json'), '{}');
  writeFileSync(join(root, 'package-lock.json'), '{}');
  writeFileSync(join(root, 'node_modules', '.package-lock.json'), '{}');
  writeFileSync(join(root, 'dist', '.tsbuildinfo'), '');
  const old = new Date(Date.now() - 60_000);
  for (const f of ['tsconfig.json', 'package-lock.json', 'dist/.tsbuildinfo']) utimesSync(join(root, f), old, old);
  writeFileSync(join(root, 'src', 'a.ts'), 'export const a = 1;\n');
  writeFileSync(
    join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
    `require('node:fs').appendFileSync(${JSON.stringify(join(root, 'tsc-runs'))}, 'run\\n');\nsetTimeout(() => process.exit(${exit}), 500);\n`,
  );
  return root;
}

const ensureBuilt = (root: string) => ['--input-type=module', '-e', `import(${JSON.stringify(join(root, 'scripts', 'ensure-built.mjs'))}).then((m) => m.ensureBuilt({ web: false }))`];
const runs = (root: string) => (existsSync(join(root, 'tsc-runs')) ? readFileSync(join(root, 'tsc-runs'), 'utf8').split('\n').filter(Boolean).length : 0);

test('four commands started together on a stale build compile once; the others wait and find it current', async () => {
  const root = scratchProject();
  const exits = await Promise.all(
    Array.from({ length: 4 }, () => new Promise<number | null>((resolve) => spawn(process.execPath, ensureBuilt(root), { stdio: 'ignore' }).on('exit', resolve))),
  );
  assert.deepEqual(exits, [0, 0, 0, 0]);
  assert.equal(runs(root), 1, 'tsc ran once');
  assert.equal(existsSync(join(root, '.weft-build.lock')), false, 'the lock is released');
});

test('a lock left by a process that is gone is taken over; a failed build says so and releases the lock', () => {
  const root = scratchProject(1);
  const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
  writeFileSync(join(root, '.weft-build.lock'), gone);
  const r = spawnSync(process.execPath, ensureBuilt(root), { encoding: 'utf8' });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /compiling TypeScript failed \(exit 1\); fix the error above and run again/);
  assert.equal(runs(root), 1);
  assert.equal(existsSync(join(root, '.weft-build.lock')), false);
});
