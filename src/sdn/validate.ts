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

interface Checked {
  readonly inputs: readonly object[];
  /** `path\0message` of each error */
  readonly errors: ReadonlySet<string>;
  readonly issues: readonly Issue[];
}

/** The last checks: an edit's "after" is the next edit's "before", so most edits check one config, not two. */
const recent: Checked[] = [];
const RECENT = 4;
const keyOf = (i: Issue) => `${i.path}\0${i.message}`;

function checked(files: Files, secrets: Secrets): Checked {
  const inputs = [...MODELLED_KIND_NAMES.map((set) => files[set]), secrets];
  const known = recent.find((c) => c.inputs.every((o, i) => o === inputs[i]));
  if (known) return known;
  const raw: Record<string, unknown> = { version: 1 };
  for (const set of MODELLED_KIND_NAMES) raw[set] = { ids: rawSections(set, files[set], secrets) };
  const issues = errorsOf(decodeConfig(raw as RawConfig).issues);
  const result = { inputs, errors: new Set(issues.map(keyOf)), issues };
  recent.unshift(result);
  recent.length = Math.min(recent.length, RECENT);
  return result;
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
  const old = checked(before.files, before.secrets).errors;
  const fresh = checked(after, secrets).issues.filter((i) => !old.has(keyOf(i)));
  if (fresh.length === 0) return;
  const errors: Record<string, string> = {};
  for (const i of fresh) {
    const key = paramOf(set, id, i.path);
    errors[key] = errors[key] ? `${errors[key]}; ${i.message}` : i.message;
  }
  throw new ParamError(errors);
}
