/** The one table of section kinds, keyed by their running-config name. */
import { controllerKind, type Controller } from '../controllers/kind.js';
import { dnsKind, type Dns } from '../model/dns.js';
import { fabricKind, type FabricSection } from '../fabrics/kind.js';
import { ipamKind, type Ipam } from '../model/ipam.js';
import { prefixListKind, type PrefixListSection } from '../model/prefix-list.js';
import { routeMapKind, type RouteMapSection } from '../model/route-map.js';
import type { SectionKind } from '../model/section-kind.js';
import { subnetKind, type Subnet } from '../model/subnet.js';
import { vnetKind, type Vnet } from '../model/vnet.js';
import { zoneKind, type Zone } from '../zones/kind.js';

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

/** What the decoder makes of one section of each kind (decode-section.ts, the one place that makes them). */
export interface KindRecords {
  readonly zones: Zone;
  readonly vnets: Vnet;
  readonly subnets: Subnet;
  readonly controllers: Controller;
  readonly ipams: Ipam;
  readonly dns: Dns;
  readonly fabrics: FabricSection;
  readonly 'prefix-lists': PrefixListSection;
  readonly 'route-maps': RouteMapSection;
}
