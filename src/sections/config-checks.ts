/**
 * The error findings of a config, kept from one version to the next with the
 * indexes the cross-checks need (decoded zones, VNets and subnets, the VNets
 * of each zone, the subnets of each VNet, the VNet slot groups), so a change
 * costs the sections it can affect instead of a validation of the whole
 * config. Findings are kept per owner: each VNet, each subnet, and one owner
 * for everything else (the smaller sets: zones, controllers, fabrics, IPAMs,
 * DNS, prefix lists, route maps, checked whole when one changes). Together
 * they are exactly the errors `decodeConfig` finds in the whole config for
 * the same purpose (the server's edits, sdn/edit-checks.ts, check with
 * `edit`; the agent's running configs, agent/running-decoder.ts, with
 * `render`; test/sdn/edit-validation.test.ts and
 * test/agent/running-decoder.test.ts compare both on random sequences).
 *
 * Raw sections are never changed in place: an unchanged section keeps its
 * object, and its decode is remembered by it (decode-config.ts).
 */
import type { RawConfig, RawSection } from '../model/config.js';
import type { SdnConfig } from './sdn-config.js';
import { checkSubnet, checkVnet, type VnetCheckCtx } from './cross-checks-vnets.js';
import { decodeConfig, decodeSectionOnce, decodeSet, jsonWhere, type DecodeResult } from './decode-config.js';
import type { Purpose } from '../model/check-rules.js';
import { errorsOf, type Issue } from '../model/issues.js';
import { MODELLED_KIND_NAMES, type KindRecords, type ModelledKindName } from './kinds.js';
import type { Subnet } from '../model/subnet.js';
import { slotsOf, VnetGroups, vrfZones } from './vnet-groups.js';
import { slot } from '../zones/vnet-rules.js';
import type { Vnet } from '../model/vnet.js';
import type { VnetId, ZoneId } from '../model/values.js';
import type { Zone } from '../zones/kind.js';
import { recordOf, sectionIdOf } from './section-ids.js';

/** The sets checked per section; the others are checked whole. */
export const PER_SECTION_SETS = ['vnets', 'subnets'] as const;
export type PerSectionSet = (typeof PER_SECTION_SETS)[number];
export const isPerSection = (set: ModelledKindName): set is PerSectionSet => (PER_SECTION_SETS as readonly string[]).includes(set);
export const SMALL_SETS = MODELLED_KIND_NAMES.filter((s) => !isPerSection(s));

/** A section's new raw value under its id; undefined: removed. */
export type SectionChange = readonly [id: string, raw: RawSection | undefined];

export interface ChecksMove {
  /** the smaller sets (SMALL_SETS), when any of them changed */
  readonly small?: RawConfig;
  readonly vnets: Iterable<SectionChange>;
  readonly subnets: Iterable<SectionChange>;
}

const OTHER = '';
const ownerOf = (set: PerSectionSet, id: string) => `${set}\0${id}`;
export const issueKey = (i: Issue): string => `${i.path}\0${i.message}`;

export class ConfigChecks {
  /** the decode of the smaller sets alone */
  private small: DecodeResult;
  private zones: ReadonlyMap<ZoneId, Zone> = new Map();
  private presentZones: ReadonlySet<string> = new Set();
  private vrf: ReadonlyMap<number, string> = new Map();
  private readonly raws: Record<PerSectionSet, Map<string, RawSection>> = { vnets: new Map(), subnets: new Map() };
  private readonly presentVnets = new Set<string>();
  private readonly vnets = new Map<VnetId, Vnet>();
  private readonly subnets = new Map<string, Subnet>();
  private readonly vnetsOfZone = new Map<string, Set<VnetId>>();
  private readonly subnetsOfVnet = new Map<string, Set<string>>();
  private readonly groups = new VnetGroups();
  /** owner → its errors (owners without errors are absent) */
  private readonly errors = new Map<string, readonly Issue[]>();
  /** every error's key, counted (several owners can hold the same path and message) */
  private readonly keys = new Map<string, number>();

  constructor(private readonly purpose: Purpose) {
    this.small = decodeConfig({}, jsonWhere, purpose);
  }

  /**
   * The checks standing at a config decoded whole without errors (`config`,
   * its VNets and subnets decoded from `raws`): no owner has errors there and
   * every section decoded, so the indexes are filled from it and nothing is
   * checked again.
   */
  static ofDecoded(purpose: Purpose, raws: Readonly<Record<PerSectionSet, Readonly<Record<string, RawSection>>>>, config: SdnConfig): ConfigChecks {
    const c = new ConfigChecks(purpose);
    // the smaller sets decode as they did within the whole (the same objects)
    c.small = { config: { ...config, vnets: new Map(), subnets: new Map() }, issues: [] };
    c.zones = config.zones;
    c.presentZones = new Set(config.zones.keys());
    c.vrf = vrfZones(config.zones);
    for (const set of PER_SECTION_SETS) for (const id of Object.keys(raws[set])) c.raws[set].set(id, raws[set][id] as RawSection);
    for (const id of Object.keys(raws.vnets)) c.presentVnets.add(id);
    for (const v of config.vnets.values()) {
      reindex(c.vnets, c.vnetsOfZone, (r) => r.zone, v.id, v);
      c.groups.place(v.id, slotsOf(v, c.zones.get(v.zone)));
    }
    for (const s of config.subnets.values()) reindex(c.subnets, c.subnetsOfVnet, (r) => r.vnet, s.id, s);
    return c;
  }

  /** Applies the changes; returns the errors found now that were not found before (the ones the change adds). */
  move(change: ChecksMove): Issue[] {
    const affected = new Set<string>();
    const fresh = new Map<string, readonly Issue[]>();
    if (change.small) this.moveSmall(change.small, fresh, affected);
    for (const [id, raw] of change.vnets) this.moveVnet(id, raw, affected);
    for (const [id, raw] of change.subnets) this.moveSubnet(id, raw, affected);
    for (const owner of affected) fresh.set(owner, this.ownerErrors(owner));
    const added = [...fresh.values()].flat().filter((i) => !this.keys.has(issueKey(i)));
    for (const [owner, list] of fresh) this.setErrors(owner, list);
    return added;
  }

  /** Every error where the checks stand. */
  all(): Issue[] {
    return [...this.errors.values()].flat();
  }

  get hasErrors(): boolean {
    return this.errors.size > 0;
  }

  /** The decoded config of the smaller sets (zones, controllers, fabrics, …; no VNets or subnets), absent when they have errors. */
  get smallConfig(): SdnConfig | undefined {
    return this.small.config;
  }

  /** The decoded VNets or subnets (those that decode), in no particular order. */
  records(set: 'vnets'): ReadonlyMap<VnetId, Vnet>;
  records(set: 'subnets'): ReadonlyMap<string, Subnet>;
  records(set: PerSectionSet): ReadonlyMap<VnetId, Vnet> | ReadonlyMap<string, Subnet> {
    return set === 'vnets' ? this.vnets : this.subnets;
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
  private moveSmall(raw: RawConfig, fresh: Map<string, readonly Issue[]>, affected: Set<string>): void {
    this.small = decodeConfig(raw, jsonWhere, this.purpose);
    fresh.set(OTHER, errorsOf(this.small.issues));
    const zoneIds = raw.zones?.ids ?? {};
    const zones = decodeSet('zones', zoneIds, jsonWhere('zones'), []);
    const present = new Set(Object.keys(zoneIds));
    const vrf = vrfZones(zones);
    const changed = new Set([...zones.keys(), ...this.zones.keys(), ...present, ...this.presentZones].filter((z) => recordOf('zones', zones, z) !== recordOf('zones', this.zones, z) || present.has(z) !== this.presentZones.has(z)));
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

  private regroup(vnet: VnetId, affected: Set<string>): void {
    const record = this.vnets.get(vnet);
    const touched = this.groups.place(vnet, record ? slotsOf(record, this.zones.get(record.zone)) : []);
    for (const v of touched) affected.add(ownerOf('vnets', v));
  }

  private moveVnet(id: string, raw: RawSection | undefined, affected: Set<string>): void {
    const record = this.recordOf('vnets', id, raw);
    // an id the decoder's check refuses never had a record, an index entry or slots
    const vnetId = sectionIdOf('vnets', id);
    if (vnetId) reindex(this.vnets, this.vnetsOfZone, (v) => v.zone, vnetId, record);
    if (raw) this.presentVnets.add(id);
    else this.presentVnets.delete(id);
    affected.add(ownerOf('vnets', id));
    if (vnetId) this.regroup(vnetId, affected);
    for (const s of this.subnetsOfVnet.get(id) ?? []) affected.add(ownerOf('subnets', s));
  }

  private moveSubnet(id: string, raw: RawSection | undefined, affected: Set<string>): void {
    reindex(this.subnets, this.subnetsOfVnet, (s) => s.vnet, id, this.recordOf('subnets', id, raw));
    affected.add(ownerOf('subnets', id));
  }

  /** Keeps the raw section (or its absence) and returns its decoded record, undefined when absent or invalid. */
  private recordOf<S extends PerSectionSet>(set: S, id: string, raw: RawSection | undefined): KindRecords[S] | undefined {
    if (!raw) {
      this.raws[set].delete(id);
      return undefined;
    }
    this.raws[set].set(id, raw);
    return decodeSectionOnce(set, id, raw, jsonWhere(set)).section?.record;
  }

  /** A VNet's or subnet's errors now: its own decode's and its cross-checks'. */
  private ownerErrors(owner: string): readonly Issue[] {
    const [set, id = ''] = owner.split('\0') as [PerSectionSet, string];
    const raw = this.raws[set].get(id);
    if (!raw) return [];
    const ctx: VnetCheckCtx = {
      where: jsonWhere,
      purpose: this.purpose,
      zones: this.zones,
      vnets: this.vnets,
      presentZones: this.presentZones,
      presentVnets: this.presentVnets,
      groups: this.groups,
      vrfZones: this.vrf,
    };
    if (set === 'vnets') {
      const decoded = decodeSectionOnce(set, id, raw, jsonWhere(set));
      return errorsOf([...decoded.issues, ...(decoded.section ? checkVnet(ctx, decoded.section.record) : [])]);
    }
    const decoded = decodeSectionOnce(set, id, raw, jsonWhere(set));
    return errorsOf([...decoded.issues, ...(decoded.section ? checkSubnet(ctx, decoded.section.record) : [])]);
  }
}

/** `record` (or its absence) under `id`, and `id` listed under its parent only: where it is now */
function reindex<K extends string, T>(records: Map<K, T>, byParent: Map<string, Set<K>>, parentOf: (record: T) => string, id: K, record: T | undefined): void {
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
