/**
 * The SDN configuration as the reference writes it: `RawConfig` is the
 * running-config JSON (`{ version, zones: { ids: {…} }, … }`), values untyped.
 * Its decoded value, `SdnConfig`, lives in `sections/sdn-config.ts`, above the
 * plugins whose types it holds.
 */
export type RawSection = Readonly<Record<string, unknown>>;
export interface RawSectionSet {
  readonly ids: Readonly<Record<string, RawSection>>;
}

export const SECTION_SET_NAMES = ['zones', 'vnets', 'subnets', 'controllers', 'ipams', 'dns', 'fabrics', 'prefix-lists', 'route-maps'] as const;
export type SectionSetName = (typeof SECTION_SET_NAMES)[number];

export type RawConfig = { readonly version?: number } & Partial<Record<SectionSetName, RawSectionSet>>;
