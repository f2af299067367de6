/**
 * Reads an SDN config for a command: a running-config JSON file or a
 * directory of section-config files (the `/etc/pve/sdn` layout).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { decodeRunningText } from '../sections/running-config.js';
import { rawConfigFromFiles, SDN_FILES } from '../sections/sdn-files.js';
import type { RawConfig } from '../model/config.js';
import { decodeConfig, type DecodeResult } from '../sections/decode-config.js';
import type { Purpose } from '../model/check-rules.js';
import { issue, type Issue } from '../model/issues.js';

export function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(`cannot read ${what} '${path}': ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`, { cause: e });
  }
}

/** Version stamped on a config read from section files: the directory's `.version`, else 1. */
function dirVersion(dir: string): number {
  const file = join(dir, '.version');
  if (!existsSync(file)) return 1;
  const n = Number(readFileSync(file, 'utf8').trim());
  return Number.isInteger(n) && n > 0 ? n : 1;
}

export function loadConfigFile(path: string, purpose: Purpose = 'edit'): DecodeResult {
  return decodeRunningText(readText(path, 'config'), path, purpose);
}

export function readConfigDir(dir: string): { raw: RawConfig; issues: Issue[] } {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    return { raw: {}, issues: [issue('no-config-dir', dir, 'not a directory; pass the directory holding zones.cfg, vnets.cfg, …')] };
  }
  const files: Record<string, string> = {};
  for (const spec of SDN_FILES) {
    const p = join(dir, spec.file);
    if (existsSync(p)) files[spec.file] = readText(p, spec.file);
  }
  return rawConfigFromFiles(files, dirVersion(dir));
}

export function loadConfigDir(dir: string, purpose: Purpose = 'edit'): DecodeResult {
  const { raw, issues } = readConfigDir(dir);
  const decoded = decodeConfig(raw, (kind) => `${SDN_FILES.find((s) => s.set === kind)?.file ?? kind}:`, purpose);
  const all = [...issues, ...decoded.issues];
  return issues.some((i) => i.severity === 'error') ? { issues: all } : { ...decoded, issues: all };
}
