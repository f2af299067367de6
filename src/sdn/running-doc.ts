/** The running config as stored (`sdn/.running-config`): its text and version, and whether it waits for confirmation. */
import { confirmOf } from './confirm.js';
import { STORE_KEYS } from './kinds.js';

export interface RunningDoc {
  readonly version: number;
  /** the running-config JSON, as the reference writes it */
  readonly text: string;
  /** set while this version waits for confirmation (sdn/confirm.ts): what a node returns to by itself */
  readonly confirm?: DocConfirm;
}

export interface DocConfirm {
  /** seconds the apply gave for the confirmation */
  readonly window: number;
  /** the running config it replaced */
  readonly previous: RunningDoc;
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
  const doc = text === undefined ? null : runningDocOf(text);
  const c = doc && confirmOf(docs, doc.version);
  return doc && c ? { ...doc, confirm: { window: c.window, previous: { version: c.previous.version ?? 0, text: JSON.stringify(c.previous) } } } : doc;
}
