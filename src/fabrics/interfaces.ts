/**
 * ifupdown2 stanzas every fabric needs, in the reference's form
 * (pve-rs `get_interfaces_etc_network_config`): a stanza per address family,
 * `address`, and `ip-forward 1` so the node routes between fabric links.
 */
import type { FabricNode } from './fabric-config.js';
import type { ParsedCidr, ParsedIp } from '../model/ip.js';
import { opt, type Iface } from '../ir/ifupdown/ir.js';

export const dummyName = (fabric: string) => `dummy_${fabric}`;

export const hostCidr = (ip: ParsedIp): string => `${ip.text}/${ip.version === 4 ? 32 : 128}`;
export const cidrOf = (c: ParsedCidr): string => `${c.address.text}/${c.prefix}`;

/** `auto NAME / iface NAME inet[6] static / address … / ip-forward 1` */
export function addressStanza(name: string, version: 4 | 6, address: string, dummy = false): Iface {
  return {
    name,
    method: version === 4 ? 'inet static' : 'inet6 static',
    options: [opt('address', address), ...(dummy ? [opt('link-type', 'dummy')] : []), opt('ip-forward', 1)],
  };
}

/** The dummy "loopback" carrying the node's fabric address(es): the routers' source address. */
export function loopbackStanzas(node: FabricNode): Iface[] {
  const out: Iface[] = [];
  if (node.ip) out.push(addressStanza(dummyName(node.fabric), 4, hostCidr(node.ip), true));
  if (node.ip6) out.push(addressStanza(dummyName(node.fabric), 6, hostCidr(node.ip6), true));
  return out;
}
