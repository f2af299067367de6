#!/usr/bin/env node
// Makes a fresh clone runnable: installs npm dependencies when missing,
// recompiles TypeScript when a source file is newer than the last build,
// and rebuilds the web UI (web/ → web/dist, served by `weft server` at /)
// when its sources are newer than its last build.
// Used by bin/weft and the npm scripts, so "clone, then run" always works.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeSync } from 'node:fs';
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
  if (r.status !== 0) throw Object.assign(new Error(`weft: ${what} failed (exit ${r.status}); fix the error above and run again`), { exitCode: r.status ?? 1 });
}

const tool = (pkg, bin) => join(root, 'node_modules', pkg, 'bin', bin);

const LOCK = join(root, '.weft-build.lock');

/** Whether the process that wrote the lock is gone (a build it crashed in leaves the lock behind). */
function lockAbandoned() {
  let pid;
  try {
    pid = Number(readFileSync(LOCK, 'utf8'));
  } catch {
    return true; // released meanwhile
  }
  if (!pid) return false; // its writer has not written its pid yet
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return e.code === 'ESRCH';
  }
}

/**
 * Runs `fn` holding the build lock: commands started together after a pull
 * (a test runner's, a script's) install and compile once, the others wait
 * and then find the build current, instead of each running npm ci and tsc
 * over the others' files.
 */
function withBuildLock(fn) {
  let told = false;
  for (;;) {
    try {
      const fd = openSync(LOCK, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      if (lockAbandoned()) {
        rmSync(LOCK, { force: true });
        continue;
      }
      if (!told) process.stderr.write(`weft: waiting for another weft command to finish building (${LOCK})…\n`);
      told = true;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    fn();
  } finally {
    rmSync(LOCK, { force: true });
  }
}

/** `web`: also the web UI (only `weft server` serves it; other commands skip it). */
export function ensureBuilt({ web = true } = {}) {
  if (isCurrent(web)) return;
  try {
    withBuildLock(() => build(web));
  } catch (e) {
    if (e.exitCode === undefined) throw e;
    process.stderr.write(`${e.message}\n`);
    process.exit(e.exitCode);
  }
}

const installedStamp = join(root, 'node_modules', '.package-lock.json');
const tscStamp = join(root, 'dist', '.tsbuildinfo');
const mtime = (path) => (existsSync(path) ? statSync(path).mtimeMs : 0);
const dependenciesCurrent = () => existsSync(installedStamp) && mtime(join(root, 'package-lock.json')) <= mtime(installedStamp);
// only TypeScript files are compiled: test fixtures (test/fixtures/…) changing needs no build
const compiledCurrent = () => Math.max(...SOURCE_DIRS.map((d) => newestMtime(join(root, d), (f) => f.endsWith('.ts'))), mtime(join(root, 'tsconfig.json'))) <= mtime(tscStamp);
const webCurrent = () => Math.max(...WEB_INPUTS.map((p) => newestMtime(join(root, p)))) <= mtime(join(root, 'web', 'dist', 'index.html'));
const isCurrent = (web) => dependenciesCurrent() && compiledCurrent() && (!web || webCurrent());

/** Brings whatever is stale up to date (checked again under the lock: another command may have just built it). */
function build(web) {
  // npm records what it installed in node_modules/.package-lock.json; a newer lock file means new dependencies
  if (!existsSync(installedStamp)) run('npm', ['ci', '--no-audit', '--no-fund'], 'installing npm dependencies (first run)');
  else if (!dependenciesCurrent()) run('npm', ['ci', '--no-audit', '--no-fund'], 'package-lock.json changed: reinstalling npm dependencies');
  if (!compiledCurrent()) {
    run(process.execPath, [tool('typescript', 'tsc'), '-p', 'tsconfig.json'], 'compiling TypeScript');
    // tsc leaves the stamp alone when nothing needed emitting; mark this build as current
    const now = new Date();
    utimesSync(tscStamp, now, now);
  }
  if (web && !webCurrent()) {
    run(process.execPath, [tool('typescript', 'tsc'), '-p', 'web/tsconfig.json'], 'type-checking the web UI');
    run(process.execPath, [tool('vite', 'vite.js'), 'build', 'web', '--logLevel', 'warn'], 'building the web UI (web/ → web/dist)');
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) ensureBuilt();
