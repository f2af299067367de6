/**
 * The SDN configuration in two shapes: `RawConfig` is the running-config JSON
 * as the reference writes it (`{ version, zones: { ids: {…} }, … }`), values
 * untyped; `SdnConfig` is the validated, decoded value the renderer trusts.
 */
import type { Controller } from './controller.js';
import type { Dns } from './dns.js';
import type { FabricConfig } from './fabric.js';
import type { Ipam } from './ipam.js';
import type { PrefixList } from './prefix-list.js';
import type { RouteMaps } from './route-map.js';
import type { Subnet } from './subnet.js';
import type { Vnet } from './vnet.js';
import type { Zone } from './zone.js';

export type RawSection = Readonly<Record<string, unknown>>;
export interface RawSectionSet {
  readonly ids: Readonly<Record<string, RawSection>>;
}

export const SECTION_SET_NAMES = ['zones', 'vnets', 'subnets', 'controllers', 'ipams', 'dns', 'fabrics', 'prefix-lists', 'route-maps'] as const;
export type SectionSetName = (typeof SECTION_SET_NAMES)[number];

export type RawConfig = { readonly version?: number } & Partial<Record<SectionSetName, RawSectionSet>>;

/**
 * Every map iterates in id order (UTF-16 code units, which is byte order for
 * the ASCII ids the schemas allow): `decodeConfig` inserts sections sorted,
 * so renderers walk the maps as they are instead of sorting again.
 */
export interface SdnConfig {
  readonly version: number;
  readonly zones: ReadonlyMap<string, Zone>;
  readonly vnets: ReadonlyMap<string, Vnet>;
  readonly subnets: ReadonlyMap<string, Subnet>;
  readonly controllers: ReadonlyMap<string, Controller>;
  readonly ipams: ReadonlyMap<string, Ipam>;
  readonly dns: ReadonlyMap<string, Dns>;
  readonly fabrics: FabricConfig;
  readonly prefixLists: ReadonlyMap<string, PrefixList>;
  readonly routeMaps: RouteMaps;
}
