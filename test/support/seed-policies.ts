/** The prefix-list and route-map examples of the seed (pve-docs), as files. */
import { cfg } from './sdn-dir.js';

export const SEED_PREFIX_LISTS = cfg(`
  prefix-list: default-only
    entries action=permit,prefix=0.0.0.0/0,seq=10
  prefix-list: internal-subnets
    entries action=permit,prefix=10.0.0.0/8,ge=16,le=24,seq=10
    entries action=deny,prefix=10.0.0.0/8,le=32,seq=20
`);
export const SEED_ROUTE_MAPS = cfg(`
  route-map-entry: bgp-out_10
    action permit
    match key=ip-address-prefix-list,value=internal-subnets
    set key=local-preference,value=50
  route-map-entry: bgp-out_20
    action permit
`);
