/**
 * Create, update and delete of one section, as pure functions from the
 * current state to the store writes. Parameter values arrive checked and
 * decoded (see api/params); this adds the section-level rules: the id is
 * free or exists, the digest is current, deletions are allowed, and the
 * whole config still validates.
 */
import { isDeepStrictEqual } from 'node:util';
import type { PropertyValues } from '../model/property-schema.js';
import type { DecodedValue } from '../model/schema.js';
import type { SECTION_KINDS } from '../sections/kinds.js';
import type { StoreWrite } from '../store/types.js';
import type { SectionValue } from '../config/section-config.js';
import { ParamError, SdnError } from '../util/errors.js';
import { SETS, type SetName } from './kinds.js';
import { deleteBlocker } from './references.js';
import { editedFile, secretsWrite, type SdnState, type Secrets, type TextSection } from './state.js';
import { assertValidEdit, type Files } from './validate.js';
import { paramText } from './values.js';
import { withWireguardKeys } from './wireguard-keys.js';
import { withEntry } from '../util/edited-map.js';
import { without } from '../util/without.js';
import { randomMac } from './anycast-mac.js';

/** An edit's values, as the API's check decoded them; an absent one (an optional parameter not given) changes nothing. */
export type Params = Readonly<Record<string, DecodedValue | undefined>>;
/** An edit's values for a section of set `S`: its kind's properties as their schemas decode them (model/property-schema.ts PropertyValues), each optional. */
export type SetParams<S extends SetName> = Partial<PropertyValues<(typeof SECTION_KINDS)[S]['properties']>>;

/** `zones` → `zone`: the reference's object names in messages. */
export const objectName = (set: SetName): string => (set === 'dns' ? 'dns' : set.replace(/-(\w)/g, ' $1').replace(/s$/, ''));

/** A value the section writer would leave out of the text (a form's empty field); lists lose their empty items. */
function asWritten(value: SectionValue): SectionValue | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  const kept = value.filter((x) => x !== '');
  return kept.length > 0 ? kept : undefined;
}

/**
 * The parameters as file values and secrets. An empty value is `cleared`: the
 * file the edit writes reads back without it (the reference's writer drops
 * it), so the edited section must not hold it either (an empty `nodes` kept
 * in the section would deploy a zone on no node).
 */
function split(set: SetName, params: Params): { values: Map<string, SectionValue>; cleared: string[]; secret: Record<string, string> } {
  const values = new Map<string, SectionValue>();
  const cleared: string[] = [];
  const secret: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) {
    const schema = SETS[set].kind.properties[k];
    if (!schema || v === undefined) continue;
    if (schema.secret) {
      secret[k] = String(v);
      continue;
    }
    const text = asWritten(paramText(schema, v));
    if (text === undefined) cleared.push(k);
    else values.set(k, text);
  }
  return { values, cleared, secret };
}

function withSecrets(secrets: Secrets, set: SetName, id: string, update: Record<string, string> | null): Secrets {
  const forSet = without(secrets[set] ?? {}, id);
  return { ...secrets, [set]: update === null ? forSet : { ...forSet, [id]: update } };
}

function commit(state: SdnState, set: SetName, id: string, edited: ReadonlyMap<string, TextSection>, secrets: Secrets, check: boolean): StoreWrite[] {
  // WireGuard interfaces get their keys first: the public key is part of the section that is validated
  const keyed = set === 'fabrics' ? withWireguardKeys(state, edited) : { sections: edited, writes: [] };
  const sections = keyed.sections;
  // the edited file differs in `id` only, unless WireGuard keys changed other sections
  const { file, write } = editedFile(set, sections, keyed.sections === edited ? { file: state.files[set], id } : undefined);
  const files: Files = { ...state.files, [set]: file };
  if (check) assertValidEdit(state, files, secrets, set, id);
  const writes = [write, ...keyed.writes];
  if (JSON.stringify(secrets) !== JSON.stringify(state.secrets)) writes.push(secretsWrite(secrets));
  return writes;
}

/** Makes a new anycast MAC (random; tests pass their own). */
export type MacSource = () => string;

/** The reference's EVPN zone update hook: a zone without `mac` gets one, stored with the edit. */
function withAnycastMac(set: SetName, type: string, values: Map<string, SectionValue>, newMac: MacSource): void {
  if (set === 'zones' && type === 'evpn' && !values.has('mac')) values.set('mac', newMac());
}

export function existing(state: SdnState, set: SetName, id: string): TextSection {
  const s = state.files[set].sections.get(id);
  if (!s) throw new SdnError(`sdn ${objectName(set)} '${id}' does not exist`, 'not-found');
  return s;
}

export function createSection(state: SdnState, set: SetName, id: string, type: string, params: Params, newMac: MacSource = randomMac): StoreWrite[] {
  if (state.files[set].sections.has(id)) throw new SdnError(`sdn ${objectName(set)} object ID '${id}' already defined`, 'conflict');
  const { values, secret } = split(set, params);
  withAnycastMac(set, type, values, newMac);
  const sections = withEntry(state.files[set].sections, id, { type, values });
  const secrets = Object.keys(secret).length ? withSecrets(state.secrets, set, id, secret) : state.secrets;
  return commit(state, set, id, sections, secrets, true);
}

/** The reference's assert_if_modified: a digest given with an edit must be the one of the current config. */
export function assertUnmodified(current: string, digest: string | undefined): void {
  if (digest && digest !== current) throw new SdnError('detected modified configuration - file changed by other user? Try again.', 'conflict');
}

export function assertDigest(state: SdnState, set: SetName, digest: string | undefined): void {
  assertUnmodified(state.files[set].digest, digest);
}

export function updateSection(state: SdnState, set: SetName, id: string, params: Params, toDelete: readonly string[], digest?: string, newMac: MacSource = randomMac): StoreWrite[] {
  const current = existing(state, set, id);
  assertDigest(state, set, digest);
  const options = (SETS[set].kind.types as Record<string, Record<string, { optional: boolean }>>)[current.type] ?? {};
  const { values: changes, cleared, secret } = split(set, params);
  const values = new Map(current.values);
  let secretValues: Record<string, string> = { ...(state.secrets[set]?.[id] ?? {}), ...secret };
  const errors: Record<string, string> = {};
  for (const key of toDelete) {
    const rule = options[key];
    if (!rule) errors.delete = `no such option '${key}'`;
    else if (!rule.optional) errors.delete = `unable to delete required option '${key}'`;
    else if (params[key] !== undefined) errors.delete = `cannot set and delete property '${key}' at the same time!`;
    else {
      values.delete(key);
      secretValues = without(secretValues, key);
    }
  }
  for (const k of cleared) values.delete(k);
  for (const [k, v] of changes) values.set(k, v);
  withAnycastMac(set, current.type, values, newMac);
  const sections = withEntry(state.files[set].sections, id, { type: current.type, values });
  const secretUpdate = Object.keys(secretValues).length ? secretValues : null;
  // unchanged secrets stay the same object: the edit checks then look at this section only
  const secrets = isDeepStrictEqual(state.secrets[set]?.[id] ?? null, secretUpdate) ? state.secrets : withSecrets(state.secrets, set, id, secretUpdate);
  // a refused deletion and what the values break are reported together
  let writes: StoreWrite[];
  try {
    writes = commit(state, set, id, sections, secrets, true);
  } catch (e) {
    throw e instanceof ParamError && errors.delete ? new ParamError({ ...e.errors, delete: errors.delete }) : e;
  }
  if (errors.delete) throw new ParamError(errors);
  return writes;
}

export function deleteSection(state: SdnState, set: SetName, id: string): StoreWrite[] {
  existing(state, set, id);
  const blocker = deleteBlocker(state, set, id);
  if (blocker) throw new ParamError(blocker);
  const sections = withEntry(state.files[set].sections, id, undefined);
  const secrets = state.secrets[set]?.[id] ? withSecrets(state.secrets, set, id, null) : state.secrets;
  // deleting never makes the config less valid in ways the blockers above do not catch
  return commit(state, set, id, sections, secrets, false);
}
