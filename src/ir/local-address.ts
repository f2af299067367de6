/**
 * This node's own address towards a set of peers (VXLAN tunnel endpoint, BGP
 * source) and the BGP router-id derived from it, by the reference's rules
 * (`find_local_ip_interface_peers`, `get_router_id`).
 */
import type { InterfacesFile } from '../config/interfaces.js';
import { parseIp } from '../model/ip.js';
import type { NodeFacts } from './facts.js';
import { ok, skipped, type Outcome } from './skip.js';

export interface LocalAddress {
  readonly ip?: string;
  readonly iface?: string;
}

/**
 * In order: the address of `loopback` when it has one; a peer address that
 * is configured on a local interface; else the route source towards the
 * first peer (probed by the agent, `facts.routeSource`).
 */
export function localAddress(peers: readonly string[], loopback: string | undefined, interfaces: InterfacesFile, facts: NodeFacts): LocalAddress {
  const lo = loopback !== undefined ? interfaces.ifaces.get(loopback) : undefined;
  const loIp = lo?.address ?? lo?.address6;
  if (loopback !== undefined && loIp !== undefined) return { ip: loIp, iface: loopback };
  for (const peer of peers) {
    const canonical = parseIp(peer)?.text;
    for (const iface of interfaces.ifaces.values()) {
      if (canonical !== undefined && (iface.address === canonical || iface.address6 === canonical)) {
        return { ip: peer, iface: iface.name };
      }
    }
  }
  if (peers.length > 0 && facts.routeSource) return facts.routeSource;
  return {};
}

/**
 * The BGP router-id: the local IPv4 address; without one (IPv6 underlay),
 * the last four bytes of the interface's MAC as a dotted quad, which the
 * agent probes into `facts.defaultMac`. Without either the router is left out
 * (the caller reports the reason).
 */
export function routerId(local: LocalAddress, facts: NodeFacts): Outcome<string> {
  if (local.ip !== undefined && parseIp(local.ip)?.version === 4) return ok(local.ip);
  const mac = facts.defaultMac;
  const where = local.iface ? `interface ${local.iface}` : 'the node';
  if (!mac || !/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i.test(mac)) {
    return skipped(`can't derive a BGP router-id: no local IPv4 address and no MAC address of ${where} in the node facts (defaultMac)`);
  }
  if (/^(00:){5}00$/.test(mac)) {
    return skipped(`${where} has a zero MAC address, so no BGP router-id can be derived; use a loopback with an IPv4 address`);
  }
  return ok(mac.split(':').slice(2).map((b) => parseInt(b, 16)).join('.'));
}
