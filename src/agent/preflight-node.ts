/**
 * Pre-flight checks against the node itself, each with what to do: every
 * interface a fabric names exists here, ifupdown2 can hold the VLAN-aware
 * bridges the files ask for, and an overlay over a WireGuard fabric fits the
 * node's WireGuard interfaces.
 */
import { parseInterfaces } from '../config/interfaces.js';
import type { SdnConfig } from '../sections/sdn-config.js';
import { fabricsOfNode } from '../fabrics/fabric-config.js';
import { issue, type Issue } from '../model/issues.js';
import { overlayMtuProblem, WIREGUARD_DEFAULT_MTU } from '../model/overlay-mtu.js';
import { wireguardUnderlay } from '../zones/index.js';
import { zoneAppliesTo } from '../model/zone-nodes.js';
import type { NodeHost } from './host.js';
import type { IpLink } from './links.js';
import { INTERFACES_PATH } from './node-plan.js';
import type { NodeName } from '../model/values.js';

export const IFUPDOWN2_CONF = '/etc/network/ifupdown2/ifupdown2.conf';

/** Interfaces of this node's OpenFabric, OSPF and BGP fabric sections that the kernel does not have (WireGuard ones are created by ifupdown2). */
function missingFabricInterfaces(config: SdnConfig, nodename: NodeName, links: readonly IpLink[]): Issue[] {
  const present = new Set(links.map((l) => l.ifname));
  const out: Issue[] = [];
  for (const { entry, node } of fabricsOfNode(config.fabrics, nodename)) {
    if (node.protocol === 'wireguard' || !('interfaces' in node)) continue;
    for (const { name } of node.interfaces) {
      if (present.has(name)) continue;
      const where = `fabrics.${entry.fabric.id}_${nodename}.interfaces`;
      out.push(issue('fabric-interface-missing', where, `fabric '${entry.fabric.id}' runs on interface '${name}', which node ${nodename} does not have: create it (e.g. in ${INTERFACES_PATH}) or remove it from the node's interfaces in the fabric`, 'warning'));
    }
  }
  return out;
}

/**
 * Debian's ifupdown2 refuses a second VLAN-aware bridge unless
 * `multiple_vlan_aware_bridge_support=1` (Proxmox's ships with it): a QinQ
 * zone's bridge, or VLAN-aware VNets, beside a VLAN-aware node bridge.
 */
function vlanAwareBridges(host: NodeHost, config: SdnConfig, nodename: NodeName, sdn: string): Issue[] {
  const setting = /^\s*multiple_vlan_aware_bridge_support\s*=\s*(\d+)/m.exec(host.read(IFUPDOWN2_CONF) ?? '')?.[1];
  if (setting !== '0') return [];
  const bridges = [parseInterfaces(host.read(INTERFACES_PATH) ?? ''), parseInterfaces(sdn)].flatMap((f) => [...f.ifaces.values()].filter((i) => i.vlanAware).map((i) => i.name));
  if (bridges.length < 2) return [];
  const qinq = [...config.zones.values()].some((z) => z.type === 'qinq' && zoneAppliesTo(z.nodes, nodename));
  return [
    issue(
      'multiple-vlan-aware-bridges',
      IFUPDOWN2_CONF,
      `${bridges.length} VLAN-aware bridges (${bridges.join(', ')})${qinq ? ', a QinQ zone brings its own,' : ''} but ifupdown2 has multiple_vlan_aware_bridge_support=0 and would refuse all but one: set multiple_vlan_aware_bridge_support=1 in ${IFUPDOWN2_CONF}`,
    ),
  ];
}

/** Zones over a WireGuard fabric whose MTU is larger than this node's WireGuard interfaces carry. */
function wireguardMtu(config: SdnConfig, nodename: NodeName, links: readonly IpLink[]): Issue[] {
  const out: Issue[] = [];
  for (const zone of config.zones.values()) {
    if ((zone.type !== 'vxlan' && zone.type !== 'evpn') || !zoneAppliesTo(zone.nodes, nodename)) continue;
    const fabric = wireguardUnderlay(config, zone);
    const node = fabric !== undefined ? config.fabrics.get(fabric)?.nodes.get(nodename) : undefined;
    if (node?.protocol !== 'wireguard' || node.role !== 'internal') continue;
    const names = node.interfaces.map((i) => i.name);
    if (names.length === 0) continue;
    // an interface not created yet gets WireGuard's default
    const path = Math.min(...names.map((n) => links.find((l) => l.ifname === n)?.mtu ?? WIREGUARD_DEFAULT_MTU));
    const problem = overlayMtuProblem(zone.mtu, path, `${names.join(', ')} of WireGuard fabric '${fabric ?? ''}' (MTU ${path})`);
    if (problem) out.push(issue('overlay-mtu', `zones.${zone.id}.mtu`, problem, 'warning'));
  }
  return out;
}

export function nodeChecks(host: NodeHost, config: SdnConfig, nodename: NodeName, sdn: string, links: readonly IpLink[] | null): Issue[] {
  return [...(links ? [...missingFabricInterfaces(config, nodename, links), ...wireguardMtu(config, nodename, links)] : []), ...vlanAwareBridges(host, config, nodename, sdn)];
}
