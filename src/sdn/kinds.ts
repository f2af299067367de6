/**
 * The section sets the API edits, each one file under `sdn/` in the store.
 * `running` sets are copied into `.running-config` on apply, as the
 * reference's compile_running_cfg does (IPAM and DNS take effect at once).
 */
import { WG_KEYS_FILE } from '../config/wg-keys.js';
import { SECTION_KINDS } from '../sections/kinds.js';
import type { SectionKind } from '../model/section-kind.js';

export interface SetSpec {
  /** key in the running config and in API answers: `zones`, `vnets`, … */
  readonly name: SetName;
  /** store key of the section file */
  readonly file: string;
  readonly kind: SectionKind;
  /** part of `.running-config` (pending until applied) */
  readonly running: boolean;
}

export const SET_NAMES = ['zones', 'vnets', 'subnets', 'controllers', 'ipams', 'dns', 'fabrics', 'prefix-lists', 'route-maps'] as const;
export type SetName = (typeof SET_NAMES)[number];

const spec = (name: SetName, kind: SectionKind, running: boolean): SetSpec => ({ name, file: `sdn/${kind.file}`, kind, running });

export const SETS: Readonly<Record<SetName, SetSpec>> = {
  zones: spec('zones', SECTION_KINDS.zones, true),
  vnets: spec('vnets', SECTION_KINDS.vnets, true),
  subnets: spec('subnets', SECTION_KINDS.subnets, true),
  controllers: spec('controllers', SECTION_KINDS.controllers, true),
  ipams: spec('ipams', SECTION_KINDS.ipams, false),
  dns: spec('dns', SECTION_KINDS.dns, false),
  fabrics: spec('fabrics', SECTION_KINDS.fabrics, true),
  'prefix-lists': spec('prefix-lists', SECTION_KINDS['prefix-lists'], true),
  'route-maps': spec('route-maps', SECTION_KINDS['route-maps'], true),
};

/** A set's section types: the keys of its kind's `types` table (the table the kind is assembled from). */
export type SetType<S extends SetName> = keyof (typeof SECTION_KINDS)[S]['types'] & string;

export const RUNNING_SETS = SET_NAMES.filter((n) => SETS[n].running);

export const STORE_KEYS = {
  running: 'sdn/.running-config',
  version: 'sdn/.version',
  lock: 'sdn/.lock',
  secrets: 'priv/sdn/secrets.json',
  /** private keys of the WireGuard interfaces (sdn/wireguard-keys.ts) */
  wgKeys: WG_KEYS_FILE,
} as const;
