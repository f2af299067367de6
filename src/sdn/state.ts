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
import { BUILTIN_IPAM } from '../model/ipam.js';
import type { StoreSnapshot, StoreWrite } from '../store/types.js';
import { piecesSize, splicePieces, type BytePieces } from '../util/byte-pieces.js';
import { LastParse } from '../util/last-parse.js';
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

/**
 * The built-in IPAM is always there, as the reference's Ipams::config() adds
 * it to what ipams.cfg holds (after the file's sections, as its writer
 * orders an added id): listed, read, and written into the file with the
 * next IPAM edit; deleting it only takes it out of the file.
 */
function withBuiltin(set: SetName, sections: ReadonlyMap<string, TextSection>): ReadonlyMap<string, TextSection> {
  if (set !== 'ipams' || sections.has(BUILTIN_IPAM)) return sections;
  return new Map([...sections, [BUILTIN_IPAM, { type: BUILTIN_IPAM, values: new Map() }]]);
}

/** A section file's text parsed (no memo: sdn tests compare the memoized state with it). */
export function parseFile(set: SetName, text: string): SectionFile {
  const parsed = parseSectionConfig(SETS[set].kind.file, text, arrayKeys(set));
  const sections = new Map<string, TextSection>();
  for (const s of parsed.sections) sections.set(s.id, { type: s.type, values: s.values });
  return { sections: withBuiltin(set, sections), digest: digestOf(text) };
}

/** unchanged texts are not parsed again (util/last-parse.ts); edits register the files they write */
const parsed = new LastParse();

let lastState: SdnState | null = null;

/** The snapshot's SDN state: the same object as last time when no part of it changed (later memos key on it). */
export function loadState(snapshot: StoreSnapshot): SdnState {
  const files = {} as Record<SetName, SectionFile>;
  for (const set of SET_NAMES) files[set] = parsed.of(SETS[set].file, snapshot.docs.get(SETS[set].file) ?? '', (text) => parseFile(set, text));
  const lock = snapshot.docs.get(STORE_KEYS.lock)?.trim();
  const state: SdnState = {
    files,
    running: parsed.of(STORE_KEYS.running, snapshot.docs.get(STORE_KEYS.running) ?? '', (text) => parseJsonOr<RunningConfig>(text, {})),
    lock: lock ? lock : null,
    secrets: parsed.of(STORE_KEYS.secrets, snapshot.docs.get(STORE_KEYS.secrets) ?? '', (text) => parseJsonOr<Secrets>(text, {})),
    wireguardKeys: parsed.of(STORE_KEYS.wgKeys, snapshot.docs.get(STORE_KEYS.wgKeys) ?? '', (text) => parseWireguardKeys(text, STORE_KEYS.wgKeys)),
  };
  const last = lastState;
  if (last && last.running === state.running && last.lock === state.lock && last.secrets === state.secrets && last.wireguardKeys === state.wireguardKeys && SET_NAMES.every((set) => last.files[set] === files[set])) return last;
  lastState = state;
  return state;
}

const NO_SECTIONS: Readonly<Record<string, RunningSection>> = Object.freeze({});

export function runningIds(state: SdnState, set: SetName): Readonly<Record<string, RunningSection>> {
  const entry = state.running[set];
  return typeof entry === 'object' && entry !== null ? entry.ids : NO_SECTIONS;
}

/**
 * Raw sections per section, and per file with the secrets it took: an
 * unchanged section keeps its raw object, so the model's per-section decode
 * (memoized on it) is not repeated.
 */
const rawOfSection = new WeakMap<TextSection, RawSection>();
const rawOfFile = new WeakMap<SectionFile, { readonly secrets: Secrets[string] | undefined; readonly ids: Readonly<Record<string, RawSection>> }>();

export function rawSection(s: TextSection, secret: Readonly<Record<string, string>> | undefined): RawSection {
  if (secret) return { type: s.type, ...Object.fromEntries(s.values), ...secret };
  let raw = rawOfSection.get(s);
  if (!raw) rawOfSection.set(s, (raw = { type: s.type, ...Object.fromEntries(s.values) }));
  return raw;
}

/** A section file's sections as the model decodes them, with their secrets (IPAM tokens, DNS keys). */
export function rawSections(set: SetName, file: SectionFile, secrets: Secrets): Readonly<Record<string, RawSection>> {
  const known = rawOfFile.get(file);
  if (known && known.secrets === secrets[set]) return known.ids;
  const ids: Record<string, RawSection> = {};
  for (const [id, s] of file.sections) ids[id] = rawSection(s, secrets[set]?.[id]);
  rawOfFile.set(file, { secrets: secrets[set], ids });
  return ids;
}

export function runningVersion(state: SdnState): number {
  const v = state.running.version;
  return typeof v === 'number' && Number.isInteger(v) ? v : 0;
}

/** Each section's text as the writer gives it, per section object (sections are never changed in place). */
const sectionTexts = new WeakMap<TextSection, { readonly id: string; readonly set: SetName; readonly text: string }>();

function sectionText(set: SetName, id: string, s: TextSection): string {
  const known = sectionTexts.get(s);
  if (known?.id === id && known.set === set) return known.text;
  const text = writeSectionConfig(SETS[set].kind, [{ id, type: s.type, values: s.values }]);
  sectionTexts.set(s, { id, set, text });
  return text;
}

/** An edited file as written: its text and that text as UTF-8, in pieces (never joined to be written). */
interface Written {
  readonly text: string;
  readonly bytes: BytePieces;
}

/** What each edited file was written as (a parsed file's text may be spelled otherwise). */
const written = new WeakMap<SectionFile, Written>();

/**
 * What `sections` are written as when they are `edit.file`'s with one
 * section changed, removed, or added last: the written text of that file
 * with the one section's text replaced, cut out or appended, and its bytes
 * likewise (spliced at the same offsets when the text is ASCII, where a
 * character is a byte; appended bytes always), so a commit does not encode
 * the whole file again. Undefined when that file's written text is not
 * known or does not hold the section as written.
 */
function spliced(set: SetName, sections: ReadonlyMap<string, TextSection>, edit: FileEdit): Written | undefined {
  const before = written.get(edit.file);
  if (before === undefined) return undefined;
  const old = edit.file.sections.get(edit.id);
  const now = sections.get(edit.id);
  const nowText = now ? sectionText(set, edit.id, now) : '';
  const nowBytes = Buffer.from(nowText);
  const size = piecesSize(before.bytes);
  // a written file ends with a section's blank line: appended bytes never join a character across the seam
  if (!old) return { text: before.text + nowText, bytes: splicePieces(before.bytes, size, 0, nowBytes) };
  const oldText = sectionText(set, edit.id, old);
  // a section starts the file or follows the blank line ending the one before; its header line is unique
  const after = before.text.startsWith(oldText) ? -1 : before.text.indexOf(`\n${oldText}`);
  if (after === -1 && !before.text.startsWith(oldText)) return undefined;
  const at = after + 1;
  const text = before.text.slice(0, at) + nowText + before.text.slice(at + oldText.length);
  const ascii = size === before.text.length;
  return { text, bytes: ascii ? splicePieces(before.bytes, at, oldText.length, nowBytes) : [Buffer.from(text)] };
}

function whole(set: SetName, sections: ReadonlyMap<string, TextSection>): Written {
  const text = [...sections].map(([id, s]) => sectionText(set, id, s)).join('');
  return { text, bytes: [Buffer.from(text)] };
}

/**
 * The section file for `sections` (in map order), as the reference writes it,
 * and its store write. The next snapshot holding this text reuses this file
 * instead of parsing it (and the checks made on it, sdn/edit-checks.ts). An
 * `edit` (the file these sections were made from by changing one, a new one
 * last) lets the text and its bytes be the earlier written ones with that
 * section spliced in, and the digest is computed when first asked for: an
 * edit costs its own section, not a pass over the file's sections.
 */
export function editedFile(set: SetName, sections: ReadonlyMap<string, TextSection>, edit?: FileEdit): { file: SectionFile; write: StoreWrite } {
  const out = (edit && spliced(set, sections, edit)) ?? whole(set, sections);
  const { text } = out;
  let digest: string | undefined;
  // what the next snapshot's parse of `text` would give
  const file: SectionFile = {
    sections: withBuiltin(set, sections),
    get digest() {
      return (digest ??= digestOf(text));
    },
  };
  parsed.remember(SETS[set].file, text, file);
  written.set(file, out);
  // weakly: a file must not keep every version before it alive
  if (edit) edits.set(file, { from: new WeakRef(edit.file), id: edit.id });
  return { file, write: { key: SETS[set].file, value: text, bytes: out.bytes } };
}

/** An edited file's origin: the file it was made from by changing the one section `id`. */
export interface FileEdit {
  readonly file: SectionFile;
  readonly id: string;
}

const edits = new WeakMap<SectionFile, { readonly from: WeakRef<SectionFile>; readonly id: string }>();

/** edits followed back from a file to an earlier one before comparing every section */
const MAX_EDIT_WALK = 64;

/**
 * Ids whose section differs between two versions of a file (sections are
 * never changed in place): the ids edited on the way from `before` to
 * `after` when `after` was made from it by a few edits, else every section
 * compared.
 */
export function changedIds(before: SectionFile, after: SectionFile): string[] {
  const edited = new Set<string>();
  let at: SectionFile | undefined = after;
  for (let step = 0; at !== undefined && step <= MAX_EDIT_WALK; step++) {
    if (at === before) return [...edited];
    const e = edits.get(at);
    if (e) edited.add(e.id);
    at = e?.from.deref();
  }
  const out: string[] = [];
  for (const [id, s] of after.sections) if (before.sections.get(id) !== s) out.push(id);
  for (const id of before.sections.keys()) if (!after.sections.has(id)) out.push(id);
  return out;
}

export const fileWrite = (set: SetName, sections: ReadonlyMap<string, TextSection>): StoreWrite => editedFile(set, sections).write;

export function secretsWrite(secrets: Secrets): StoreWrite {
  return { key: STORE_KEYS.secrets, value: `${JSON.stringify(secrets, null, 1)}\n` };
}
