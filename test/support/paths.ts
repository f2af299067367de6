/** Paths tests use: the repo root, and `../shared` when it sits beside the project. */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** dist/test/support → repo root */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const WEFT_BIN = join(REPO_ROOT, 'bin', 'weft');
export const SHARED_DIR = resolve(REPO_ROOT, '..', 'shared');
export const FIXTURES_DIR = join(REPO_ROOT, 'test', 'fixtures');

/** null when ../shared is present, else the reason to skip (for `test(..., { skip })`). */
export function sharedSkip(sub = ''): string | false {
  return existsSync(join(SHARED_DIR, sub)) ? false : `../shared${sub ? `/${sub}` : ''} is not beside the project (it is only in the dev/CI layout)`;
}
