/**
 * The folders of src/ form layers, listed in docs/architecture.md ("Import
 * direction"): a module imports only from its own folder and the folders
 * listed before it. Every import counts, type-only ones included (the doc
 * says why), static or dynamic.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, test } from 'node:test';
import ts from 'typescript';
import { REPO_ROOT } from './support/paths.js';

const SRC = join(REPO_ROOT, 'src');

/** The folders in the doc's numbered list under "Import direction", lowest first. */
function documentedLayers(): string[] {
  const doc = readFileSync(join(REPO_ROOT, 'docs', 'architecture.md'), 'utf8');
  const section = doc.split(/^## /m).find((s) => s.startsWith('Import direction'));
  assert.ok(section, 'docs/architecture.md has no "## Import direction" section');
  return [...section.matchAll(/^\d+\. `([a-z0-9-]+)\/`/gm)].map((m) => m[1] as string);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

/** The src/ folder a path lies in (`render` for src/render/x.ts); undefined outside src/ or directly in it. */
function folderOf(path: string): string | undefined {
  const parts = relative(SRC, path).split(sep);
  return parts.length > 1 && parts[0] !== '..' ? parts[0] : undefined;
}

interface WrongWay {
  readonly file: string;
  readonly line: number;
  readonly spec: string;
  readonly why: string;
}

/** Each import in `text` (the module at `file`) that points into a folder not below its own. */
function wrongWayImports(file: string, text: string, rank: ReadonlyMap<string, number>): WrongWay[] {
  const from = folderOf(file) as string;
  const out: WrongWay[] = [];
  for (const ref of ts.preProcessFile(text, true, true).importedFiles) {
    const spec = ref.fileName;
    if (!spec.startsWith('.')) continue; // packages and node: builtins
    const to = folderOf(resolve(dirname(file), spec));
    if (to === from) continue;
    const line = text.slice(0, ref.pos).split('\n').length;
    const where = relative(REPO_ROOT, file);
    if (to === undefined) out.push({ file: where, line, spec, why: 'points outside the src/ folders' });
    else if ((rank.get(to) ?? Infinity) >= (rank.get(from) ?? -Infinity)) {
      out.push({ file: where, line, spec, why: `${from}/ may not import ${to}/ (${to}/ is not listed before ${from}/)` });
    }
  }
  return out;
}

describe('imports between the folders of src/', () => {
  const layers = documentedLayers();
  const rank = new Map(layers.map((folder, i) => [folder, i]));

  test('the documented layers name every folder of src/ once', () => {
    const folders = readdirSync(SRC, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
    assert.equal(rank.size, layers.length, `a folder is listed twice: ${layers.join(', ')}`);
    assert.deepEqual([...layers].sort(), folders);
  });

  test('no module directly in src/', () => {
    assert.deepEqual(readdirSync(SRC).filter((n) => n.endsWith('.ts')), []);
  });

  test('the check names an import that points up, type-only and dynamic ones too', () => {
    const file = join(SRC, 'model', 'example.ts');
    const text = ["import type { NodeFacts } from '../ir/facts.js';", "import { issue } from './issues.js';", "const m = await import('../util/json-or.js');", "export { m };"].join('\n');
    const upward = `import { x } from './x.js';\n${text}\nconst r = await import('../render/network.js');`;
    assert.deepEqual(wrongWayImports(file, upward, rank).map((w) => [w.file, w.line, w.spec]), [
      ['src/model/example.ts', 2, '../ir/facts.js'],
      ['src/model/example.ts', 6, '../render/network.js'],
    ]);
  });

  test('every import points to its own folder or one listed before it', () => {
    const wrong = sourceFiles(SRC).flatMap((file) => wrongWayImports(file, readFileSync(file, 'utf8'), rank));
    assert.deepEqual(wrong.map((w) => `${w.file}:${w.line} imports '${w.spec}': ${w.why}`), []);
  });
});
