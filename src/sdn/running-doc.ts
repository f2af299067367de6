/** The running config as stored (`sdn/.running-config`): its text and version. */
import { STORE_KEYS } from './kinds.js';

export interface RunningDoc {
  readonly version: number;
  /** the running-config JSON, as the reference writes it */
  readonly text: string;
}

/** null when the text carries no version (not a running config). */
export function runningDocOf(text: string): RunningDoc | null {
  try {
    const version = (JSON.parse(text) as { version?: unknown }).version;
    return typeof version === 'number' && Number.isInteger(version) ? { version, text } : null;
  } catch {
    return null;
  }
}

/** null when nothing was applied yet, or the document carries no version. */
export function runningDoc(docs: ReadonlyMap<string, string>): RunningDoc | null {
  const text = docs.get(STORE_KEYS.running);
  return text === undefined ? null : runningDocOf(text);
}
