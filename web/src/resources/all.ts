/** Every resource by key. */
import { CONTROLLERS, DNS, FABRIC_NODES, FABRICS, IPAMS, PREFIX_LISTS, ROUTE_MAPS, SUBNETS, VNETS, ZONES, type ResourceDef, type ResourceKey } from './registry';

export const RESOURCES: Readonly<Record<ResourceKey, ResourceDef>> = {
  zones: ZONES,
  vnets: VNETS,
  subnets: SUBNETS,
  controllers: CONTROLLERS,
  ipams: IPAMS,
  dns: DNS,
  'prefix-lists': PREFIX_LISTS,
  'route-maps': ROUTE_MAPS,
  fabrics: FABRICS,
  'fabric-nodes': FABRIC_NODES,
};
