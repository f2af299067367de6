/**
 * VNet rules several zone types share, as the reference's VNet update hook
 * enforces them: a VLAN tag unique in its zone and in range (VLAN, QinQ), a
 * VNI unique across zones and not an EVPN zone's own (VXLAN, EVPN). Each
 * names the slots a VNet takes, so the slot index (sections/vnet-groups.ts)
 * tells who else holds one.
 */
import { at, editRule } from '../model/check-rules.js';
import type { Issue } from '../model/issues.js';
import type { Vnet } from '../model/vnet.js';
import type { VnetRuleContext, ZoneRecordBase } from './plugin.js';

/** The reference's VLAN tag ceiling (it allows 4096, ifupdown2 needs < 4095 in practice). */
export const MAX_VLAN_TAG = 4096;

export type SlotKind = 'tag' | 'untagged' | 'vni';
export const slot = (kind: SlotKind, key: string): string => `${kind}:${key}`;

const NO_SLOTS: readonly string[] = Object.freeze([]);

/** A VLAN tag in its zone; with `untaggedUnique` the one tag-less VNet of the zone too (QinQ). */
export function vlanTagSlots(zone: ZoneRecordBase, vnet: Vnet, untaggedUnique: boolean): readonly string[] {
  if (vnet.tag === undefined) return untaggedUnique ? [slot('untagged', zone.id)] : NO_SLOTS;
  return vnet.tag > MAX_VLAN_TAG ? NO_SLOTS : [slot('tag', `${zone.id}/${vnet.tag}`)];
}

export const vniSlots = (vnet: Vnet): readonly string[] => (vnet.tag === undefined ? NO_SLOTS : [slot('vni', String(vnet.tag))]);

const tagPath = (ctx: VnetRuleContext, vnet: Vnet): string => at(ctx, 'vnets', vnet.id, 'tag');

/** A VLAN tag: required (VLAN) or one tag-less VNet per zone (QinQ), in range, unique in the zone. */
export function checkVlanTag(ctx: VnetRuleContext, zone: ZoneRecordBase, vnet: Vnet, tagRequired: boolean): Issue[] {
  if (vnet.tag === undefined) {
    if (tagRequired) return [editRule(ctx, 'missing-tag', tagPath(ctx, vnet), `missing vlan tag, required in ${zone.type} zone '${zone.id}'`)];
    const other = ctx.groups.taken(slot('untagged', zone.id), vnet.id);
    return other === undefined ? [] : [editRule(ctx, 'duplicate-untagged', tagPath(ctx, vnet), `tag-less vnet already exists in zone '${zone.id}': vnet '${other}'`)];
  }
  if (vnet.tag > MAX_VLAN_TAG) return [editRule(ctx, 'tag-range', tagPath(ctx, vnet), `vlan tag max value is ${MAX_VLAN_TAG}`)];
  const other = ctx.groups.taken(slot('tag', `${zone.id}/${vnet.tag}`), vnet.id);
  return other === undefined ? [] : [editRule(ctx, 'duplicate-tag', tagPath(ctx, vnet), `tag ${vnet.tag} already exists in zone '${zone.id}': vnet '${other}'`)];
}

/** A VNI: required, unique across zones, not an EVPN zone's vrf-vxlan. */
export function checkVni(ctx: VnetRuleContext, zone: ZoneRecordBase, vnet: Vnet): Issue[] {
  if (vnet.tag === undefined) return [editRule(ctx, 'missing-tag', tagPath(ctx, vnet), `missing vxlan tag (VNI), required in ${zone.type} zone '${zone.id}'`)];
  const out: Issue[] = [];
  const other = ctx.groups.taken(slot('vni', String(vnet.tag)), vnet.id);
  if (other !== undefined) out.push(editRule(ctx, 'duplicate-vni', tagPath(ctx, vnet), `vxlan tag ${vnet.tag} already exists in vnet '${other}'`));
  const vrfZone = ctx.vrfZones.get(vnet.tag);
  if (vrfZone !== undefined) out.push(editRule(ctx, 'vni-is-vrf-vxlan', tagPath(ctx, vnet), `vxlan tag ${vnet.tag} is the vrf-vxlan of zone '${vrfZone}'`));
  return out;
}
