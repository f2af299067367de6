#!/usr/bin/env node
// Makes a fresh clone runnable: installs npm dependencies when missing and
// recompiles TypeScript when a source file is newer than the last build.
// Used by bin/weft and the npm scripts, so "clone, then run" always works.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE_DIRS = ['src', 'test', 'bench'];

function newestMtime(dir) {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    const m = entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs;
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

export function ensureBuilt() {
  // npm records what it installed in node_modules/.package-lock.json; a newer lock file means new dependencies
  const installed = join(root, 'node_modules', '.package-lock.json');
  if (!existsSync(installed)) {
    run('npm', ['ci', '--no-audit', '--no-fund'], 'installing npm dependencies (first run)');
  } else if (statSync(join(root, 'package-lock.json')).mtimeMs > statSync(installed).mtimeMs) {
    run('npm', ['ci', '--no-audit', '--no-fund'], 'package-lock.json changed: reinstalling npm dependencies');
  }
  const stamp = join(root, 'dist', '.tsbuildinfo');
  const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
  const inputs = Math.max(...SOURCE_DIRS.map((d) => newestMtime(join(root, d))), statSync(join(root, 'tsconfig.json')).mtimeMs);
  if (inputs > built) {
    run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], 'compiling TypeScript');
    // tsc leaves the stamp alone when nothing needed emitting; mark this build as current
    const now = new Date();
    utimesSync(stamp, now, now);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) ensureBuilt();
