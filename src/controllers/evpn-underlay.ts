/**
 * Where an EVPN controller's sessions and VXLAN tunnels start on this node,
 * shared by the controller (BGP) and the zone (VXLAN devices) so both always
 * agree: the peers, the source loopback, the local address, the local ASN.
 */
import type { InterfacesFile } from '../config/interfaces.js';
import { fabricUnderlay } from '../fabrics/underlay.js';
import type { FabricConfig } from '../fabrics/fabric-config.js';
import { writtenAddrs } from '../model/format-values.js';
import type { NodeFacts } from '../ir/facts.js';
import { localAddress, type LocalAddress } from '../ir/local-address.js';
import { ok, skipped, type Outcome } from '../ir/skip.js';
import type { EvpnController } from './evpn.js';
import type { NodeControllers } from './node-controllers.js';

export interface EvpnUnderlay {
  readonly peers: readonly string[];
  /** BGP `update-source`, from the node's BGP controller, else its IS-IS controller */
  readonly loopback?: string;
  readonly local: LocalAddress;
}

export function evpnUnderlay(controller: EvpnController, node: NodeControllers, interfaces: InterfacesFile, facts: NodeFacts, fabrics: FabricConfig): Outcome<EvpnUnderlay> {
  if (controller.fabric !== undefined) {
    const underlay = fabricUnderlay(fabrics, controller.fabric, facts.nodename);
    if ('problem' in underlay) return skipped(`could not configure EVPN controller ${controller.id}: ${underlay.problem}`);
    // the fabric's dummy carries the node address: BGP source, VTEP and router-id
    return ok({ peers: underlay.peers, loopback: underlay.loopback, local: { ip: underlay.local, iface: underlay.loopback } });
  }
  const peers = writtenAddrs(controller.peers);
  const loopback = node.bgp?.loopback ?? node.isis?.loopback;
  return ok({ peers, ...(loopback !== undefined ? { loopback } : {}), local: localAddress(peers, loopback, interfaces, facts) });
}

export interface EvpnAsn {
  /** the ASN of this node's BGP instance */
  readonly asn: number;
  /** the node's BGP controller has its own ASN: VTEP sessions become eBGP */
  readonly ebgp: boolean;
  /** with eBGP, route targets keep the EVPN controller's ASN (`autort as`) */
  readonly autortAs?: number;
}

/** The reference's local-ASN rule: a node's BGP controller's ASN wins over the EVPN controller's. */
export function evpnAsn(controller: EvpnController, node: NodeControllers): EvpnAsn {
  const bgp = node.bgp;
  if (!bgp) return { asn: controller.asn, ebgp: false };
  const ebgp = controller.asn !== bgp.asn;
  return { asn: bgp.asn || controller.asn, ebgp, ...(ebgp ? { autortAs: controller.asn } : {}) };
}
