/**
 * The sections a node's frr.conf is made from, so that a render can tell
 * whether the last one still holds: node-wide values (facts, interfaces file,
 * frr.conf.local, controllers, fabrics, prefix lists, route maps) compared by
 * value, and the zones, the VNets of EVPN zones and the subnets it reads,
 * compared by identity. Subnets: those of EVPN VNets, or every subnet on an
 * exit node (its VRFs null-route every other zone's subnets).
 */
import type { InterfacesFile } from '../config/interfaces.js';
import type { SdnConfig } from '../sections/sdn-config.js';
import type { NodeFacts } from '../ir/facts.js';
import type { SubnetsOf } from '../ir/subnet-index.js';

export interface FrrInputs {
  readonly values: readonly unknown[];
  readonly records: readonly unknown[];
}

export function frrInputs(config: SdnConfig, facts: NodeFacts, interfaces: InterfacesFile, frrLocal: string | undefined, subnetsOf: SubnetsOf): FrrInputs {
  const values = [facts, interfaces, frrLocal, config.controllers, config.fabrics, config.prefixLists, config.routeMaps];
  const records: unknown[] = [...config.zones.values()];
  let exitNode = false;
  for (const zone of config.zones.values()) if (zone.type === 'evpn' && zone.exitnodes?.includes(facts.nodename)) exitNode = true;
  for (const vnet of config.vnets.values()) {
    if (config.zones.get(vnet.zone)?.type !== 'evpn') continue;
    records.push(vnet);
    if (!exitNode) for (const s of subnetsOf(vnet.id)) records.push(s);
  }
  if (exitNode) for (const s of config.subnets.values()) records.push(s);
  return { values, records };
}
