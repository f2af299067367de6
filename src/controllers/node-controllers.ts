/**
 * The per-node controllers (BGP, IS-IS) that shape the EVPN underlay: the
 * local ASN, the VTEP source loopback. The model allows one of each per node.
 */
import type { BgpController } from './bgp.js';
import type { IsisController } from './isis.js';
import type { Controller } from './kind.js';
import type { ControllerId, NodeName } from '../model/values.js';

export interface NodeControllers {
  readonly bgp?: BgpController;
  readonly isis?: IsisController;
}

export function nodeControllers(config: { readonly controllers: ReadonlyMap<ControllerId, Controller> }, nodename: NodeName): NodeControllers {
  let bgp: BgpController | undefined;
  let isis: IsisController | undefined;
  for (const c of config.controllers.values()) {
    if (c.type === 'bgp' && c.node === nodename) bgp ??= c;
    if (c.type === 'isis' && c.node === nodename) isis ??= c;
  }
  return { ...(bgp ? { bgp } : {}), ...(isis ? { isis } : {}) };
}
