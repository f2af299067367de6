/**
 * Renders `/etc/network/interfaces.d/sdn` for one node: every VNet whose zone
 * applies to the node goes through its zone plugin, in VNet id order.
 */
import type { InterfacesFile } from '../config/interfaces.js';
import type { SdnConfig } from '../model/config.js';
import { issue, type Issue } from '../model/issues.js';
import { VnetSkipped, type ZoneContext } from '../zones/plugin.js';
import { zonePlugin } from '../zones/index.js';
import type { NodeFacts } from './facts.js';
import { InterfacesBuilder, type Iface } from './ifupdown/ir.js';
import { subnetsByVnet } from './subnet-index.js';

export interface NetworkRender {
  readonly ifaces: readonly Iface[];
  /** VNets left out on this node, with the reason */
  readonly warnings: readonly Issue[];
}

export function zoneAppliesTo(nodes: readonly string[] | undefined, nodename: string): boolean {
  return nodes === undefined || nodes.includes(nodename);
}

export function renderZoneInterfaces(config: SdnConfig, facts: NodeFacts, interfaces: InterfacesFile): NetworkRender {
  const ifaces = new InterfacesBuilder();
  const warnings: Issue[] = [];
  const ctx: ZoneContext = { config, facts, interfaces, subnetsOf: subnetsByVnet(config), ifaces, zoneMemo: new Map() };

  for (const vnet of config.vnets.values()) {
    const id = vnet.id;
    const zone = config.zones.get(vnet.zone);
    if (!zone || !zoneAppliesTo(zone.nodes, facts.nodename)) continue;
    const plugin = zonePlugin(zone);
    if (!plugin) {
      warnings.push(issue('zone-type-unsupported', `vnets.${id}`, `zone type '${zone.type}' is not rendered yet; vnet skipped`, 'warning'));
      continue;
    }
    try {
      plugin.generateVnet(ctx, zone, vnet);
    } catch (e) {
      if (!(e instanceof VnetSkipped)) throw e;
      warnings.push(issue('vnet-skipped', `vnets.${id}`, `zone ${zone.id}: vnet ${id}: ${e.message}`, 'warning'));
    }
  }
  return { ifaces: ifaces.build(), warnings };
}
