/**
 * OpenFabric (FRR fabricd, IS-IS for fabrics). Interfaces: the configured
 * addresses, or else the node address: fabricd needs none, but the kernel
 * picks ARP source addresses from the interface, so the reference puts the
 * node address on every unnumbered fabric link.
 */
import { addressStanza, cidrOf, hostCidr } from './interfaces.js';
import type { EntryOf, FabricPlugin } from './plugin.js';

export const openfabricPlugin: FabricPlugin<EntryOf<'openfabric'>> = {
  protocol: 'openfabric',
  interfaces({ node }) {
    return node.interfaces.flatMap((i) => {
      const stanzas = [...(i.ip ? [addressStanza(i.name, 4, cidrOf(i.ip))] : []), ...(i.ip6 ? [addressStanza(i.name, 6, cidrOf(i.ip6))] : [])];
      if (stanzas.length > 0) return stanzas;
      const own = node.ip ?? node.ip6;
      return own ? [addressStanza(i.name, own.version, hostCidr(own))] : [];
    });
  },
};
