/**
 * The decoded SDN configuration (`decode-config.ts` makes it): the value the
 * renderer, the agent and the server trust. It lives here, above the plugin
 * folders, because it holds their types (a zone is one of the zone modules'
 * records); a plugin layer reads it through a view of its own naming only
 * what it reads (`ZoneContext`, `ControllerContext`, the subnet index).
 */
import type { Controller } from '../controllers/kind.js';
import type { Dns } from '../model/dns.js';
import type { FabricConfig } from '../fabrics/fabric-config.js';
import type { Ipam } from '../model/ipam.js';
import type { PrefixList } from '../model/prefix-list.js';
import type { RouteMaps } from '../model/route-map.js';
import type { Subnet } from '../model/subnet.js';
import type { Vnet } from '../model/vnet.js';
import type { ControllerId, VnetId, ZoneId } from '../model/values.js';
import type { Zone } from '../zones/kind.js';

/**
 * Every map iterates in id order (UTF-16 code units, which is byte order for
 * the ASCII ids the schemas allow): `decodeConfig` inserts sections sorted,
 * so renderers walk the maps as they are instead of sorting again.
 */
export interface SdnConfig {
  readonly version: number;
  readonly zones: ReadonlyMap<ZoneId, Zone>;
  readonly vnets: ReadonlyMap<VnetId, Vnet>;
  readonly subnets: ReadonlyMap<string, Subnet>;
  readonly controllers: ReadonlyMap<ControllerId, Controller>;
  readonly ipams: ReadonlyMap<string, Ipam>;
  readonly dns: ReadonlyMap<string, Dns>;
  readonly fabrics: FabricConfig;
  readonly prefixLists: ReadonlyMap<string, PrefixList>;
  readonly routeMaps: RouteMaps;
}
