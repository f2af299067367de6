#!/usr/bin/env node
// Runs every compiled test file (dist/test/**/*.test.js) with node's test
// runner. Pass substrings to run only matching files:
//   node scripts/run-tests.mjs conformance model
// `--list` prints each matching file with its group instead of running them.
//
// Two groups. A file that uses the machine's own programs — the namespace
// lab, FRR, dnsmasq, etcd, chromium, … — says so by taking the skip helper
// `needs` (test/support/system.ts) or `chromiumSkip` (test/support/browser.ts),
// itself or through a module it imports: those share daemons, kernel state
// and the CPU's patience with their timeouts, so they run one file at a time,
// after the other files ran side by side, one per core.
// test/test-groups.test.ts checks that every file using the lab, etcd or
// chromium is in that serial group.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

const root = join(import.meta.dirname, '..');
const testRoot = join(root, 'dist', 'test');
const args = process.argv.slice(2);
const listOnly = args.includes('--list');
const filters = args.filter((a) => a !== '--list');

function find(dir) {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? find(p) : n.endsWith('.test.js') ? [p] : [];
  });
}

/** an import of a skip helper that declares the machine's programs */
const MACHINE_MARKER = /(?:^|\n)\s*import\s*\{[^}]*\b(?:needs|chromiumSkip)\b[^}]*\}\s*from\s*'[^']*\/(?:system|browser)\.js'/;

// the compiled test support's walk over static imports (test/support/static-imports.ts), as the tests use it
const { staticClosure } = await import(pathToFileURL(join(testRoot, 'support', 'static-imports.js')).href);

/** Whether `file` or a module under dist/test it loads up front takes `needs` or `chromiumSkip`. */
function usesMachine(file) {
  const { modules } = staticClosure(testRoot, relative(testRoot, file));
  return [...modules].some((m) => MACHINE_MARKER.test(readFileSync(join(testRoot, m), 'utf8')));
}

const files = find(testRoot)
  .filter((f) => filters.length === 0 || filters.some((s) => relative(testRoot, f).includes(s)))
  .sort();
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
const serial = files.filter(usesMachine);
const parallel = files.filter((f) => !serial.includes(f));

if (listOnly) {
  for (const f of files) console.log(`${serial.includes(f) ? 'serial  ' : 'parallel'} ${relative(root, f)}`);
  process.exit(0);
}

const concurrency = Math.max(1, availableParallelism());
const groups = [
  { files: parallel, concurrency, what: `side by side, ${concurrency} at a time` },
  { files: serial, concurrency: 1, what: "one at a time (they use the machine's programs: namespaces, daemons, etcd, chromium)" },
];
let failed = false;
for (const g of groups.filter((x) => x.files.length > 0)) {
  console.log(`# ${g.files.length} test file(s) ${g.what}`);
  const r = spawnSync(process.execPath, ['--test', `--test-concurrency=${g.concurrency}`, '--test-reporter=spec', ...g.files], { stdio: 'inherit', cwd: root });
  if (r.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
