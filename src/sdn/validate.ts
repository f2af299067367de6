/**
 * Checks a proposed set of section files the way the model checks a config
 * (each section by its schema, then the cross-section rules) and reports
 * only what the edit broke: findings already present before the edit are
 * not blamed on it. Findings become per-parameter errors.
 */
import type { RawConfig } from '../model/config.js';
import { decodeConfig } from '../model/decode-config.js';
import { errorsOf, type Issue } from '../model/issues.js';
import { MODELLED_KIND_NAMES } from '../model/kinds.js';
import { ParamError } from './errors.js';
import { SETS, type SetName } from './kinds.js';
import { rawSections, type SdnState, type SectionFile, type Secrets } from './state.js';

export type Files = Readonly<Record<SetName, SectionFile>>;

function issuesOf(files: Files, secrets: Secrets): Issue[] {
  const raw: Record<string, unknown> = { version: 1 };
  for (const set of MODELLED_KIND_NAMES) raw[set] = { ids: rawSections(set, files[set], secrets) };
  return errorsOf(decodeConfig(raw as RawConfig).issues);
}

/** Issue path → the parameter to blame: `vnets.v1.tag` → `tag`. */
function paramOf(set: SetName, id: string, path: string): string {
  const own = `${set}.${id}`;
  if (path === own) return SETS[set].kind.idProperty;
  if (path.startsWith(`${own}.`)) return path.slice(own.length + 1);
  const last = path.split('.').pop() ?? path;
  return last in SETS[set].kind.properties ? last : path;
}

export function assertValidEdit(before: SdnState, after: Files, secrets: Secrets, set: SetName, id: string): void {
  const old = new Set(issuesOf(before.files, before.secrets).map((i) => `${i.path}\0${i.message}`));
  const fresh = issuesOf(after, secrets).filter((i) => !old.has(`${i.path}\0${i.message}`));
  if (fresh.length === 0) return;
  const errors: Record<string, string> = {};
  for (const i of fresh) {
    const key = paramOf(set, id, i.path);
    errors[key] = errors[key] ? `${errors[key]}; ${i.message}` : i.message;
  }
  throw new ParamError(errors);
}
