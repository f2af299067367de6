/**
 * Which VNets share a slot that must be unique (the zone modules name a VNet's:
 * a VLAN tag in a VLAN or QinQ zone, the tag-less VNet of a QinQ zone, a VNI
 * across VXLAN and EVPN zones).
 * The cross-checks blame every member but the first (in id order) of a slot
 * shared by several. Kept as an index so a change to one VNet or zone
 * updates its slots and tells which VNets' findings can change, instead of
 * walking every VNet (sdn/edit-checks.ts keeps one between edits).
 */
import type { Vnet } from '../model/vnet.js';
import { ownVni, vnetSlots } from '../zones/index.js';
import type { Zone } from '../zones/kind.js';
import type { VnetId, ZoneId } from '../model/values.js';

/** A VNet's slots, as `kind:key` strings (zones/vnet-rules.ts), by its zone's type. */
export function slotsOf(vnet: Vnet, zone: Zone | undefined): readonly string[] {
  return zone ? vnetSlots(zone, vnet) : [];
}

interface Group {
  readonly members: Set<string>;
  /** the first member in id order; recomputed when it leaves */
  first: string | undefined;
}

export class VnetGroups {
  private readonly groups = new Map<string, Group>();
  private readonly slotsOfVnet = new Map<string, readonly string[]>();

  /** Every decoded VNet with its zone, as the full check sees them. */
  static of(zones: ReadonlyMap<ZoneId, Zone>, vnets: ReadonlyMap<VnetId, Vnet>): VnetGroups {
    const g = new VnetGroups();
    for (const v of vnets.values()) g.place(v.id, slotsOf(v, zones.get(v.zone)));
    return g;
  }

  /**
   * Moves a VNet into `slots` (none: out of every group). Returns the VNets
   * whose findings can change: the members of the groups it left or joined.
   */
  place(id: string, slots: readonly string[]): Set<string> {
    const touched = new Set<string>();
    const old = this.slotsOfVnet.get(id) ?? [];
    for (const s of old) {
      const g = this.groups.get(s);
      if (!g) continue;
      g.members.delete(id);
      if (g.first === id) g.first = undefined;
      if (g.members.size === 0) this.groups.delete(s);
      else for (const m of g.members) touched.add(m);
    }
    for (const s of slots) {
      let g = this.groups.get(s);
      if (!g) this.groups.set(s, (g = { members: new Set(), first: id }));
      else if (g.first !== undefined && id < g.first) g.first = id;
      g.members.add(id);
      for (const m of g.members) touched.add(m);
    }
    if (slots.length > 0) this.slotsOfVnet.set(id, slots);
    else this.slotsOfVnet.delete(id);
    return touched;
  }

  /** The VNets in a slot. */
  members(s: string): ReadonlySet<string> {
    return this.groups.get(s)?.members ?? new Set();
  }

  /** The first VNet (id order) in a slot when it is not `id`: the one `id` collides with. */
  taken(s: string, id: string): string | undefined {
    const g = this.groups.get(s);
    if (!g) return undefined;
    if (g.first === undefined) for (const m of g.members) if (g.first === undefined || m < g.first) g.first = m;
    return g.first === id ? undefined : g.first;
  }
}

/** The zone named for each VNI a zone holds for itself (an EVPN zone's vrf-vxlan) by the VNI check (the last in id order, as it walks them). */
export function vrfZones(zones: ReadonlyMap<ZoneId, Zone>): Map<number, string> {
  const out = new Map<number, string>();
  for (const z of zones.values()) {
    const vni = ownVni(z);
    if (vni !== undefined) out.set(vni, z.id);
  }
  return out;
}
