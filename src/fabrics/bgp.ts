/**
 * BGP unnumbered fabric (FRR bgpd, eBGP per node ASN). Links need no address:
 * peering runs over IPv6 link-local addresses, so the stanza only brings the
 * interface up and lets it forward.
 */
import { opt } from '../ir/ifupdown/ir.js';
import { bgpFabricFrr } from './bgp-frr.js';
import type { EntryOf, FabricPlugin } from './plugin.js';

export const bgpPlugin: FabricPlugin<EntryOf<'bgp'>> = {
  protocol: 'bgp',
  interfaces({ node }) {
    if (node.role !== 'internal') return [];
    const forward = [opt('ip-forward', 1), ...(node.ip6 ? [opt('ip6-forward', 1)] : [])];
    return node.interfaces.map((i) => ({ name: i.name, options: forward }));
  },
  frr({ entry, node, frr, state }) {
    if (node.role === 'internal') bgpFabricFrr(frr, state, entry.fabric, node);
  },
};
