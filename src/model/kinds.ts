/** The one table of section kinds, keyed by their running-config name. */
import { controllerKind } from './controller.js';
import { dnsKind } from './dns.js';
import { fabricKind } from './fabric-kind.js';
import { ipamKind } from './ipam.js';
import { prefixListKind } from './prefix-list.js';
import { routeMapKind } from './route-map.js';
import type { SectionKind } from './section-kind.js';
import { subnetKind } from './subnet.js';
import { vnetKind } from './vnet.js';
import { zoneKind } from './zone.js';

export const SECTION_KINDS = {
  zones: zoneKind,
  vnets: vnetKind,
  subnets: subnetKind,
  controllers: controllerKind,
  ipams: ipamKind,
  dns: dnsKind,
  fabrics: fabricKind,
  'prefix-lists': prefixListKind,
  'route-maps': routeMapKind,
} as const satisfies Record<string, SectionKind>;

export type ModelledKindName = keyof typeof SECTION_KINDS;
export const MODELLED_KIND_NAMES = Object.keys(SECTION_KINDS) as ModelledKindName[];
