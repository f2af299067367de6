/**
 * The running config JSON (`/etc/pve/sdn/.running-config`): parse with shape
 * checks, and serialize deterministically (sorted keys) so that two applies of
 * the same config write the same bytes.
 */
import { SECTION_SET_NAMES, type RawConfig } from '../model/config.js';
import { decodeConfig, type DecodeResult } from './decode-config.js';
import type { Purpose } from '../model/check-rules.js';
import { issue, type Issue } from '../model/issues.js';

export function parseRunningConfig(text: string, source = '.running-config'): { raw?: RawConfig; issues: Issue[] } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { issues: [issue('bad-json', source, `not valid JSON: ${(e as Error).message}`)] };
  }
  return checkRunningShape(data, source);
}

/** A parsed running-config value checked for its shape: an object of `{ ids: { … } }` sets. */
function checkRunningShape(data: unknown, source: string): { raw?: RawConfig; issues: Issue[] } {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return { issues: [issue('bad-json', source, 'expected a JSON object { version, zones: { ids }, … }')] };
  }
  const issues: Issue[] = [];
  const obj = data as Record<string, unknown>;
  for (const name of SECTION_SET_NAMES) {
    const set = obj[name];
    if (set === undefined) continue;
    const ids = (set as { ids?: unknown } | null)?.ids;
    if (set === null || typeof set !== 'object' || (ids !== undefined && (ids === null || typeof ids !== 'object' || Array.isArray(ids)))) {
      issues.push(issue('bad-json', `${source}: ${name}`, `expected { "ids": { "<id>": { … } } }`));
    }
  }
  return issues.length > 0 ? { issues } : { raw: obj as RawConfig, issues };
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]));
  }
  return value;
}

export function serializeRunningConfig(raw: RawConfig): string {
  return JSON.stringify(sortKeys(raw));
}

/**
 * A running-config value (parsed JSON) → the typed config, or the findings
 * that prevent it: the one decode of a running config, whether it comes as
 * text (the agent, `weft render --config`) or from the server's state.
 */
export function decodeRunningValue(data: unknown, source: string, purpose: Purpose): DecodeResult {
  const checked = checkRunningShape(data, source);
  return checked.raw ? decodeConfig(checked.raw, undefined, purpose) : { issues: checked.issues };
}

/** Running-config text → the typed config, or the findings that prevent it. */
export function decodeRunningText(text: string, source: string, purpose: Purpose): DecodeResult {
  const parsed = parseRunningConfig(text, source);
  return parsed.raw ? decodeRunningValue(parsed.raw, source, purpose) : { issues: parsed.issues };
}
