/**
 * A fabric as the underlay of a VXLAN zone or an EVPN controller (`fabric`
 * instead of `peers`): the tunnel peers are the fabric addresses of its nodes
 * (by node name), this node's own is the local endpoint, and its dummy
 * interface is the source (pve-network `VxlanPlugin`, `EvpnPlugin`).
 */
import type { FabricConfig } from './fabric-config.js';
import { dummyName } from './interfaces.js';

export interface FabricUnderlay {
  /** IPv4 fabric addresses of all nodes, this one included */
  readonly peers: readonly string[];
  readonly local: string;
  /** the node's dummy interface: BGP update-source, VXLAN source */
  readonly loopback: string;
}

/** The underlay, or why this node cannot use the fabric as one. */
export function fabricUnderlay(fabrics: FabricConfig, fabricId: string, nodename: string): FabricUnderlay | { readonly problem: string } {
  const entry = fabrics.get(fabricId);
  if (!entry) return { problem: `fabric '${fabricId}' does not exist` };
  const own = entry.nodes.get(nodename);
  if (!own) return { problem: `node ${nodename} is not part of fabric ${fabricId}` };
  // VXLAN and EVPN here are IPv4: the VTEP address is the node's IPv4 fabric address
  if (!own.ip) return { problem: `node ${nodename} requires an IP in the fabric ${fabricId}` };
  const peers = [...entry.nodes.values()].flatMap((n) => (n.ip ? [n.ip.text] : []));
  return { peers, local: own.ip.text, loopback: dummyName(fabricId) };
}
