/**
 * OSPF (FRR ospfd, OSPFv2: IPv4 only). Interfaces without an address are
 * point-to-point links carrying the node address (unnumbered).
 */
import { addressStanza, cidrOf, hostCidr } from './interfaces.js';
import type { EntryOf, FabricPlugin } from './plugin.js';

export const ospfPlugin: FabricPlugin<EntryOf<'ospf'>> = {
  protocol: 'ospf',
  interfaces({ node }) {
    return node.interfaces.flatMap((i) => {
      if (i.ip) return [addressStanza(i.name, 4, cidrOf(i.ip))];
      return node.ip ? [addressStanza(i.name, 4, hostCidr(node.ip))] : [];
    });
  },
};
