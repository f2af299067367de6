/**
 * The SDN part of a store snapshot, parsed once per request: every section
 * file (text values, file order, digest), the running config, the global
 * lock, the private secrets and WireGuard keys. Also the inverse: state
 * pieces → writes.
 */
import { createHash } from 'node:crypto';
import { parseSectionConfig, writeSectionConfig, type SectionValue } from '../config/section-config.js';
import { parseWireguardKeys, type WireguardKeys } from '../config/wg-keys.js';
import type { RawSection } from '../model/config.js';
import type { Issue } from '../model/issues.js';
import type { StoreSnapshot, StoreWrite } from '../store/types.js';
import { parseJsonOr } from '../util/json-or.js';
import { SET_NAMES, SETS, STORE_KEYS, type SetName } from './kinds.js';
import type { RunningSection } from './values.js';

export interface TextSection {
  readonly type: string;
  readonly values: ReadonlyMap<string, SectionValue>;
}

export interface SectionFile {
  readonly sections: ReadonlyMap<string, TextSection>;
  /** sha1 of the file text, as the reference digests a config file */
  readonly digest: string;
}

export interface RunningConfig {
  readonly version?: number;
  readonly [set: string]: { readonly ids: Readonly<Record<string, RunningSection>> } | number | undefined;
}

/** `{ ipams: { id: { token: '…' } }, dns: { id: { key: '…' } } }` */
export type Secrets = Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, string>>>>>>;

export interface SdnState {
  readonly files: Readonly<Record<SetName, SectionFile>>;
  readonly running: RunningConfig;
  readonly lock: string | null;
  readonly secrets: Secrets;
  /** `priv/sdn/wg-keys.cfg`; `issues` when it does not parse (its messages never carry a key) */
  readonly wireguardKeys: { readonly keys: WireguardKeys; readonly issues: readonly Issue[] };
}

export const digestOf = (text: string): string => createHash('sha1').update(text).digest('hex');

function arrayKeys(set: SetName): Set<string> {
  return new Set(Object.entries(SETS[set].kind.properties).filter(([, p]) => p.type === 'array').map(([k]) => k));
}

function parseFile(set: SetName, text: string): SectionFile {
  const parsed = parseSectionConfig(SETS[set].kind.file, text, arrayKeys(set));
  const sections = new Map<string, TextSection>();
  for (const s of parsed.sections) sections.set(s.id, { type: s.type, values: s.values });
  return { sections, digest: digestOf(text) };
}

export function loadState(snapshot: StoreSnapshot): SdnState {
  const files = {} as Record<SetName, SectionFile>;
  for (const set of SET_NAMES) files[set] = parseFile(set, snapshot.docs.get(SETS[set].file) ?? '');
  const lock = snapshot.docs.get(STORE_KEYS.lock)?.trim();
  return {
    files,
    running: parseJsonOr<RunningConfig>(snapshot.docs.get(STORE_KEYS.running), {}),
    lock: lock ? lock : null,
    secrets: parseJsonOr<Secrets>(snapshot.docs.get(STORE_KEYS.secrets), {}),
    wireguardKeys: parseWireguardKeys(snapshot.docs.get(STORE_KEYS.wgKeys) ?? '', STORE_KEYS.wgKeys),
  };
}

export function runningIds(state: SdnState, set: SetName): Readonly<Record<string, RunningSection>> {
  const entry = state.running[set];
  return typeof entry === 'object' && entry !== null ? entry.ids : {};
}

/** A section file's sections as the model decodes them, with their secrets (IPAM tokens, DNS keys). */
export function rawSections(set: SetName, file: SectionFile, secrets: Secrets): Record<string, RawSection> {
  const ids: Record<string, RawSection> = {};
  for (const [id, s] of file.sections) ids[id] = { type: s.type, ...Object.fromEntries(s.values), ...(secrets[set]?.[id] ?? {}) };
  return ids;
}

export function runningVersion(state: SdnState): number {
  const v = state.running.version;
  return typeof v === 'number' && Number.isInteger(v) ? v : 0;
}

/** The section file text for `sections` (in map order), as the reference writes it. */
export function fileWrite(set: SetName, sections: ReadonlyMap<string, TextSection>): StoreWrite {
  const list = [...sections].map(([id, s]) => ({ id, type: s.type, values: s.values }));
  return { key: SETS[set].file, value: writeSectionConfig(SETS[set].kind, list) };
}

export function secretsWrite(secrets: Secrets): StoreWrite {
  return { key: STORE_KEYS.secrets, value: `${JSON.stringify(secrets, null, 1)}\n` };
}
