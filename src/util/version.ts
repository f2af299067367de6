/** The package version, read once from package.json beside the build. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function read(): string {
  // dist/src/util → repo root
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
  try {
    return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

export const REPO_VERSION = read();
