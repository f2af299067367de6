/** The fabric plugin table (one entry per protocol) and the per-node fabric render. */
import type { FrrDraft } from '../frr/draft.js';
import type { FabricProtocol } from '../model/fabric-kind.js';
import type { Iface } from '../ir/ifupdown/ir.js';
import { bgpPlugin } from './bgp.js';
import { closeBgpSourceRouteMaps } from './bgp-frr.js';
import type { FabricConfig, FabricEntry } from './fabric-config.js';
import { SOURCE_SEQ_START } from './frr-common.js';
import { loopbackStanzas } from './interfaces.js';
import { openfabricPlugin } from './openfabric.js';
import { ospfPlugin } from './ospf.js';
import type { EntryOf, FabricFrrState, FabricNodeContext, FabricPlugin } from './plugin.js';
import { wireguardPlugin } from './wireguard.js';

const FABRIC_PLUGINS: { readonly [P in FabricProtocol]: FabricPlugin<EntryOf<P>> } = {
  openfabric: openfabricPlugin,
  ospf: ospfPlugin,
  bgp: bgpPlugin,
  wireguard: wireguardPlugin,
};

/** The plugin of a protocol; `fabricPlugin(entry.protocol)` takes `entry` (the table pairs each protocol with its fabrics). */
export function fabricPlugin<P extends FabricProtocol>(protocol: P): FabricPlugin<EntryOf<P>> {
  return FABRIC_PLUGINS[protocol];
}

/** The node's part of every fabric it is in, fabric by fabric (id order), as the reference writes it. */
export function nodeFabrics(fabrics: FabricConfig, nodename: string): FabricNodeContext<FabricEntry>[] {
  const out: FabricNodeContext<FabricEntry>[] = [];
  for (const entry of fabrics.values()) {
    const node = entry.nodes.get(nodename);
    // an external node is a peer definition, never this machine
    if (node && !('role' in node && node.role === 'external')) out.push({ fabrics, entry, node });
  }
  return out;
}

/** Stanzas for `/etc/network/interfaces.d/sdn`, after the zones' ones. */
export function renderFabricInterfaces(fabrics: FabricConfig, nodename: string): Iface[] {
  return nodeFabrics(fabrics, nodename).flatMap((ctx) => [...loopbackStanzas(ctx.node), ...fabricPlugin(ctx.entry.protocol).interfaces(ctx)]);
}

/**
 * The node's fabrics into the FRR draft, after the controllers (a BGP fabric
 * joins the EVPN controller's BGP instance), fabric by fabric in id order.
 */
export function renderFabricFrr(fabrics: FabricConfig, nodename: string, frr: FrrDraft): void {
  const state: FabricFrrState = { nextSeq: SOURCE_SEQ_START };
  for (const ctx of nodeFabrics(fabrics, nodename)) fabricPlugin(ctx.entry.protocol).frr({ ...ctx, frr, state });
  closeBgpSourceRouteMaps(frr);
}
