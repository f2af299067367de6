/**
 * The error findings of the edited config, kept between edits with the
 * indexes the cross-checks need (decoded zones, VNets and subnets, the VNets
 * of each zone, the subnets of each VNet, the VNet slot groups), so an edit
 * costs the sections it can affect instead of a validation of the whole
 * config. Findings are kept per owner: each VNet, each subnet, and one
 * owner for everything else (the smaller sets: zones, controllers, fabrics,
 * IPAMs, DNS, prefix lists, route maps, checked whole when one changes).
 * Together they are exactly what `decodeConfig` finds in the whole config
 * (test/sdn/edit-validation.test.ts compares both on random edit sequences).
 *
 * One set of indexes follows the store: it stands for the files it last
 * checked; an edit moves it to the edited files, a refused one moves it back,
 * and a state it does not stand for (another writer, a failed commit) is
 * reached by the same move from where it is.
 */
import type { RawConfig } from '../model/config.js';
import { checkSubnet, checkVnet, type VnetCheckCtx } from '../model/cross-checks-vnets.js';
import { decodeConfig, decodeSectionOnce, decodeSet, jsonWhere } from '../model/decode-config.js';
import { errorsOf, type Issue } from '../model/issues.js';
import { MODELLED_KIND_NAMES, type ModelledKindName } from '../model/kinds.js';
import type { Subnet } from '../model/subnet.js';
import { slotsOf, slot, VnetGroups, vrfZones } from '../model/vnet-groups.js';
import type { Vnet } from '../model/vnet.js';
import type { Zone } from '../model/zone.js';
import { editedId, rawSection, rawSections, type SectionFile, type Secrets, type TextSection } from './state.js';

export type Files = Readonly<Record<ModelledKindName, SectionFile>>;

/** The sets checked per section; the others are checked whole. */
const PER_SECTION = ['vnets', 'subnets'] as const;
type PerSection = (typeof PER_SECTION)[number];
const isPerSection = (set: ModelledKindName): set is PerSection => (PER_SECTION as readonly string[]).includes(set);
const SMALL = MODELLED_KIND_NAMES.filter((s) => !isPerSection(s));

const OTHER = '';
const ownerOf = (set: PerSection, id: string) => `${set}\0${id}`;
export const issueKey = (i: Issue): string => `${i.path}\0${i.message}`;

const EMPTY_FILE: SectionFile = { sections: new Map(), digest: '' };
const EMPTY_FILES = Object.fromEntries(MODELLED_KIND_NAMES.map((s) => [s, EMPTY_FILE])) as Files;

/** Ids whose section differs between two versions of a file (sections are never changed in place). */
function changedIds(before: SectionFile, after: SectionFile): string[] {
  if (before === after) return [];
  const edited = editedId(before, after);
  if (edited !== undefined) return [edited];
  const out: string[] = [];
  for (const [id, s] of after.sections) if (before.sections.get(id) !== s) out.push(id);
  for (const id of before.sections.keys()) if (!after.sections.has(id)) out.push(id);
  return out;
}

class EditChecks {
  private files: Files = EMPTY_FILES;
  private secrets: Secrets = {};
  private zones: ReadonlyMap<string, Zone> = new Map();
  private presentZones: ReadonlySet<string> = new Set();
  private vrf: ReadonlyMap<number, string> = new Map();
  private readonly vnets = new Map<string, Vnet>();
  private readonly presentVnets = new Set<string>();
  private readonly subnets = new Map<string, Subnet>();
  private readonly vnetsOfZone = new Map<string, Set<string>>();
  private readonly subnetsOfVnet = new Map<string, Set<string>>();
  private readonly groups = new VnetGroups();
  /** owner → its errors (owners without errors are absent) */
  private readonly errors = new Map<string, readonly Issue[]>();
  /** every error's key, counted (several owners can hold the same path and message) */
  private readonly keys = new Map<string, number>();

  /**
   * Moves to `files`; returns the errors found there that are not found
   * where it stood (the ones an edit adds).
   */
  moveTo(files: Files, secrets: Secrets): Issue[] {
    const affected = new Set<string>();
    const fresh = new Map<string, readonly Issue[]>();
    if (SMALL.some((set) => files[set] !== this.files[set]) || secrets !== this.secrets) this.moveSmall(files, secrets, fresh, affected);
    for (const id of this.changed('vnets', files, secrets)) this.moveVnet(id, files.vnets.sections.get(id), secrets, affected);
    for (const id of this.changed('subnets', files, secrets)) this.moveSubnet(id, files.subnets.sections.get(id), secrets, affected);
    this.files = files;
    this.secrets = secrets;
    for (const owner of affected) fresh.set(owner, this.ownerErrors(owner, files, secrets));
    const added = [...fresh.values()].flat().filter((i) => !this.keys.has(issueKey(i)));
    for (const [owner, list] of fresh) this.setErrors(owner, list);
    return added;
  }

  /** Every error where the checks stand. */
  all(): Issue[] {
    return [...this.errors.values()].flat();
  }

  /** The sections of a per-section set to check again: those changed, or all when their secrets changed. */
  private changed(set: PerSection, files: Files, secrets: Secrets): Iterable<string> {
    if (secrets[set] === this.secrets[set]) return changedIds(this.files[set], files[set]);
    return new Set([...this.files[set].sections.keys(), ...files[set].sections.keys()]);
  }

  private setErrors(owner: string, list: readonly Issue[]): void {
    for (const i of this.errors.get(owner) ?? []) {
      const k = issueKey(i);
      const n = (this.keys.get(k) ?? 1) - 1;
      if (n > 0) this.keys.set(k, n);
      else this.keys.delete(k);
    }
    if (list.length > 0) this.errors.set(owner, list);
    else this.errors.delete(owner);
    for (const i of list) this.keys.set(issueKey(i), (this.keys.get(issueKey(i)) ?? 0) + 1);
  }

  /** The smaller sets checked whole, as decodeConfig checks them; the zones and VNI owners that changed mark their VNets. */
  private moveSmall(files: Files, secrets: Secrets, fresh: Map<string, readonly Issue[]>, affected: Set<string>): void {
    const raw: Record<string, unknown> = { version: 1 };
    for (const set of SMALL) raw[set] = { ids: rawSections(set, files[set], secrets) };
    fresh.set(OTHER, errorsOf(decodeConfig(raw as RawConfig).issues));
    const zoneIds = (raw.zones as { ids: Record<string, unknown> }).ids;
    const zones = decodeSet('zones', zoneIds, jsonWhere('zones'), []) as Map<string, Zone>;
    const present = new Set(Object.keys(zoneIds));
    const vrf = vrfZones(zones);
    const changed = new Set([...zones.keys(), ...this.zones.keys(), ...present, ...this.presentZones].filter((z) => zones.get(z) !== this.zones.get(z) || present.has(z) !== this.presentZones.has(z)));
    for (const vni of new Set([...vrf.keys(), ...this.vrf.keys()])) {
      if (vrf.get(vni) !== this.vrf.get(vni)) for (const v of this.groups.members(slot('vni', String(vni)))) affected.add(ownerOf('vnets', v));
    }
    this.zones = zones;
    this.presentZones = present;
    this.vrf = vrf;
    for (const z of changed) {
      for (const v of this.vnetsOfZone.get(z) ?? []) {
        affected.add(ownerOf('vnets', v));
        this.regroup(v, affected);
      }
    }
  }

  private regroup(vnet: string, affected: Set<string>): void {
    const record = this.vnets.get(vnet);
    const touched = this.groups.place(vnet, record ? slotsOf(record, this.zones.get(record.zone)) : []);
    for (const v of touched) affected.add(ownerOf('vnets', v));
  }

  private moveVnet(id: string, section: TextSection | undefined, secrets: Secrets, affected: Set<string>): void {
    const record = section ? (decodedRecord('vnets', id, section, secrets) as Vnet | undefined) : undefined;
    reindex(this.vnets, this.vnetsOfZone, (v) => v.zone, id, record);
    if (section) this.presentVnets.add(id);
    else this.presentVnets.delete(id);
    affected.add(ownerOf('vnets', id));
    this.regroup(id, affected);
    for (const s of this.subnetsOfVnet.get(id) ?? []) affected.add(ownerOf('subnets', s));
  }

  private moveSubnet(id: string, section: TextSection | undefined, secrets: Secrets, affected: Set<string>): void {
    const record = section ? (decodedRecord('subnets', id, section, secrets) as Subnet | undefined) : undefined;
    reindex(this.subnets, this.subnetsOfVnet, (s) => s.vnet, id, record);
    affected.add(ownerOf('subnets', id));
  }

  /** A VNet's or subnet's errors now: its own decode's and its cross-checks'. */
  private ownerErrors(owner: string, files: Files, secrets: Secrets): readonly Issue[] {
    const [set, id = ''] = owner.split('\0') as [PerSection, string];
    const section = files[set].sections.get(id);
    if (!section) return [];
    const decoded = decodeSectionOnce(set, id, rawSection(section, secrets[set]?.[id]), jsonWhere(set));
    const ctx: VnetCheckCtx = {
      where: jsonWhere,
      purpose: 'edit',
      zones: this.zones,
      vnets: this.vnets,
      presentZones: this.presentZones,
      presentVnets: this.presentVnets,
      groups: this.groups,
      vrfZones: this.vrf,
    };
    const record: object | undefined = decoded.section?.record;
    const checks = record === undefined ? [] : set === 'vnets' ? checkVnet(ctx, record as Vnet) : checkSubnet(ctx, record as Subnet);
    return errorsOf([...decoded.issues, ...checks]);
  }
}

/** a VNet's or subnet's section decoded (once per object, as every decode), or undefined when invalid */
function decodedRecord(set: PerSection, id: string, section: TextSection, secrets: Secrets): object | undefined {
  return decodeSectionOnce(set, id, rawSection(section, secrets[set]?.[id]), jsonWhere(set)).section?.record as object | undefined;
}

/** `record` (or its absence) under `id`, and `id` listed under its parent only: where it is now */
function reindex<T>(records: Map<string, T>, byParent: Map<string, Set<string>>, parentOf: (record: T) => string, id: string, record: T | undefined): void {
  const old = records.get(id);
  if (old) byParent.get(parentOf(old))?.delete(id);
  if (!record) {
    records.delete(id);
    return;
  }
  records.set(id, record);
  let members = byParent.get(parentOf(record));
  if (!members) byParent.set(parentOf(record), (members = new Set()));
  members.add(id);
}

const live = new EditChecks();

/**
 * The errors `after` has that `before` has not. The checks stand at
 * `after` when there are none, else they go back to `before`.
 */
export function addedErrors(before: Files, beforeSecrets: Secrets, after: Files, afterSecrets: Secrets): Issue[] {
  live.moveTo(before, beforeSecrets);
  const added = live.moveTo(after, afterSecrets);
  if (added.length > 0) live.moveTo(before, beforeSecrets);
  return added;
}

/** Every error of `files`, found by moving the checks there: what a full validation finds (the property test holds them to it). */
export function errorsAt(files: Files, secrets: Secrets): Issue[] {
  live.moveTo(files, secrets);
  return live.all();
}
