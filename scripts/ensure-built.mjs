#!/usr/bin/env node
// Makes a fresh clone runnable: installs npm dependencies when missing,
// recompiles TypeScript when a source file is newer than the last build,
// and rebuilds the web UI (web/ → web/dist, served by `weft server` at /)
// when its sources are newer than its last build.
// Used by bin/weft and the npm scripts, so "clone, then run" always works.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE_DIRS = ['src', 'test', 'bench'];
// the web UI: its sources, the model types its forms are checked against and the answer types it reads (src/api/answers.ts)
const WEB_INPUTS = [
  ...['web/src', 'web/public', 'web/index.html', 'web/vite.config.ts', 'web/tsconfig.json', 'web/package.json'],
  ...['src/model/property-schema.ts', 'src/model/section-kind.ts', 'src/model/sdn-schema.ts'],
  ...['src/api/answers.ts', 'src/ipam/status-entry.ts', 'src/sdn/section-row.ts', 'src/sdn/node-report.ts', 'src/sdn/file-diffs.ts', 'src/sdn/revision-meta.ts', 'src/tasks/task-status.ts'],
];

/** The newest modification time of the files under `path` that `counts` (default: every file). */
function newestMtime(path, counts = () => true) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return counts(path) ? stat.mtimeMs : 0;
  let newest = 0;
  for (const entry of readdirSync(path)) {
    const m = newestMtime(join(path, entry), counts);
    if (m > newest) newest = m;
  }
  return newest;
}

function run(cmd, args, what) {
  process.stderr.write(`weft: ${what}…\n`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) {
    process.stderr.write(`weft: ${what} failed (exit ${r.status}); fix the error above and run again\n`);
    process.exit(r.status ?? 1);
  }
}

const tool = (pkg, bin) => join(root, 'node_modules', pkg, 'bin', bin);

function ensureWebBuilt() {
  const stamp = join(root, 'web', 'dist', 'index.html');
  const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
  if (Math.max(...WEB_INPUTS.map((p) => newestMtime(join(root, p)))) <= built) return;
  run(process.execPath, [tool('typescript', 'tsc'), '-p', 'web/tsconfig.json'], 'type-checking the web UI');
  run(process.execPath, [tool('vite', 'vite.js'), 'build', 'web', '--logLevel', 'warn'], 'building the web UI (web/ → web/dist)');
}

/** `web`: also the web UI (only `weft server` serves it; other commands skip it). */
export function ensureBuilt({ web = true } = {}) {
  // npm records what it installed in node_modules/.package-lock.json; a newer lock file means new dependencies
  const installed = join(root, 'node_modules', '.package-lock.json');
  if (!existsSync(installed)) {
    run('npm', ['ci', '--no-audit', '--no-fund'], 'installing npm dependencies (first run)');
  } else if (statSync(join(root, 'package-lock.json')).mtimeMs > statSync(installed).mtimeMs) {
    run('npm', ['ci', '--no-audit', '--no-fund'], 'package-lock.json changed: reinstalling npm dependencies');
  }
  const stamp = join(root, 'dist', '.tsbuildinfo');
  const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
  // only TypeScript files are compiled: test fixtures (test/fixtures/…) changing needs no build
  const inputs = Math.max(...SOURCE_DIRS.map((d) => newestMtime(join(root, d), (f) => f.endsWith('.ts'))), statSync(join(root, 'tsconfig.json')).mtimeMs);
  if (inputs > built) {
    run(process.execPath, [tool('typescript', 'tsc'), '-p', 'tsconfig.json'], 'compiling TypeScript');
    // tsc leaves the stamp alone when nothing needed emitting; mark this build as current
    const now = new Date();
    utimesSync(stamp, now, now);
  }
  if (web) ensureWebBuilt();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) ensureBuilt();
