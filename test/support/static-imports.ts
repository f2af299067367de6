/**
 * What a compiled module loads before it runs: its static imports, followed
 * through the compiled files under one root (a dynamic import() is a module
 * loaded only when used, and is not followed).
 */
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';

/** `import … from 'x'`, `export … from 'x'`, `import 'x'`; tsc erases type-only imports */
const STATIC_IMPORT = /^\s*(?:import|export)\s[^'"]*?\sfrom\s*'([^']+)'|^\s*import\s*'([^']+)'/gm;

/**
 * The modules `entry` (relative to `root`) loads up front: modules under
 * `root` by their path relative to it, packages by name (`node:` ones left out).
 */
export function staticClosure(root: string, entry: string): { modules: Set<string>; packages: Set<string> } {
  const modules = new Set<string>();
  const packages = new Set<string>();
  const queue = [resolve(root, entry)];
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    const name = relative(root, file);
    if (modules.has(name)) continue;
    modules.add(name);
    for (const m of readFileSync(file, 'utf8').matchAll(STATIC_IMPORT)) {
      const spec = m[1] ?? m[2] ?? '';
      const target = resolve(dirname(file), spec);
      if (!spec.startsWith('.')) {
        if (!spec.startsWith('node:')) packages.add(spec);
      } else if (!relative(root, target).startsWith('..')) queue.push(target);
    }
  }
  return { modules, packages };
}
