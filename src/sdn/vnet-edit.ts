/**
 * The rules of editing VNets and their subnets that are about the edit
 * rather than the config it makes (the reference's VNet update API): a
 * VNet's zone is not deleted, nor changed while subnets name the VNet; and
 * how a subnet is named (its id, from the VNet's zone and its CIDR). What the
 * resulting config must satisfy — no subnet on a VLAN-aware VNet, … — is
 * the model's cross-checks' (model/cross-checks-vnets.ts), which every edit
 * runs (edit.ts).
 */
import { parseCidr } from '../model/ip.js';
import { subnetIdFor } from '../model/subnet.js';
import type { StoreWrite } from '../store/types.js';
import { updateSection, type SetParams } from './edit.js';
import { ParamError } from '../util/errors.js';
import type { SdnState } from './state.js';
import { sectionsNaming } from './value-index.js';

/** The zone of a VNet: from the edited config, else the running one (a pending delete). */
export function vnetZone(state: SdnState, vnet: string): string | undefined {
  const text = state.files.vnets.sections.get(vnet)?.values.get('zone');
  if (typeof text === 'string') return text;
  const running = (state.running.vnets as { ids?: Record<string, { zone?: unknown }> } | undefined)?.ids?.[vnet]?.zone;
  return typeof running === 'string' ? running : undefined;
}

/** The zone a VNet's update moves it to (undefined: it stays); its zone cannot be deleted. */
export function vnetZoneChange(state: SdnState, id: string, values: SetParams<'vnets'>, toDelete: readonly string[]): string | undefined {
  if (toDelete.includes('zone')) throw new ParamError({ zone: 'cannot delete zone' });
  const zone = values.zone;
  return zone !== undefined && zone !== vnetZone(state, id) ? zone : undefined;
}

/** A VNet's update: it moves to another zone only without subnets. */
export function updateVnet(state: SdnState, id: string, values: SetParams<'vnets'>, toDelete: readonly string[], digest: string | undefined): StoreWrite[] {
  if (vnetZoneChange(state, id, values, toDelete) !== undefined && sectionsNaming(state, 'subnets', id).size > 0) {
    throw new ParamError({ zone: "can't change zone if subnets exist" });
  }
  return updateSection(state, 'vnets', id, values, toDelete, digest);
}

/** A subnet of `vnet` as a path names it: by its id (`zone-10.0.0.0-24`) or by its CIDR. */
export function namedSubnetId(state: SdnState, vnet: string, given: string): string {
  return given.includes('/') ? subnetIdFor(vnetZone(state, vnet) ?? '', given) : given;
}

/** A new subnet's id: the VNet's zone and the CIDR in its canonical form (a text that is none kept as given). */
export function newSubnetId(state: SdnState, vnet: string, cidrText: string): string {
  const cidr = parseCidr(cidrText);
  return subnetIdFor(vnetZone(state, vnet) ?? '', cidr ? `${cidr.address.text}/${cidr.prefix}` : cidrText);
}
