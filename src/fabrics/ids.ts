/**
 * Identifiers derived from a node's fabric address, shared by validation (they
 * must be unique) and rendering: the OpenFabric NET and the BGP router-id.
 */
import type { FabricConfig } from './fabric-config.js';
import type { OpenfabricNode } from './openfabric.js';
import type { ParsedIp } from '../model/values.js';

const pad = (n: number | bigint, width: number, radix = 10) => n.toString(radix).padStart(width, '0');

/**
 * The IS-IS system id of an address. IPv4 keeps every decimal digit
 * (192.168.2.8 → 192.168.002.008 → 1921.6800.2008); IPv6 takes the last three
 * 16-bit groups (proxmox-sdn-types `NetSystemId`), so those must differ
 * between nodes.
 */
function systemId(ip: ParsedIp): string {
  if (ip.version === 6) {
    const groups = [2n, 1n, 0n].map((i) => pad((ip.value >> (16n * i)) & 0xffffn, 4, 16));
    return groups.join('.');
  }
  const [a = 0, b = 0, c = 0, d = 0] = ip.text.split('.').map(Number);
  return `${pad(a, 3)}${Math.floor(b / 100)}.${pad(b % 100, 2)}${pad(Math.floor(c / 10), 2)}.${c % 10}${pad(d, 3)}`;
}

/** NET with the private AFI 49, area 0001 and selector 00. */
export function openfabricNet(ip: ParsedIp): string {
  return `49.0001.${systemId(ip)}.00`;
}

/**
 * A node has one NET for all its OpenFabric fabrics (fabricd runs one IS-IS
 * system per node): the one derived from its address in the first fabric, by
 * id, that lists it (IPv4 preferred). Undefined when the node has no address.
 */
export function nodeNet(config: FabricConfig, node: string): string | undefined {
  for (const entry of config.values()) {
    if (entry.protocol !== 'openfabric') continue;
    const n: OpenfabricNode | undefined = entry.nodes.get(node);
    if (!n) continue;
    const ip = n.ip ?? n.ip6;
    return ip ? openfabricNet(ip) : undefined;
  }
  return undefined;
}

/**
 * BGP router-id of a fabric node: its IPv4 address, else a 32-bit FNV-1a hash
 * of its IPv6 address (proxmox-ve-config `router_id_from_ipv6`), in dotted form.
 */
export function bgpRouterId(node: { readonly ip?: ParsedIp; readonly ip6?: ParsedIp }): string | undefined {
  if (node.ip) return node.ip.text;
  if (!node.ip6) return undefined;
  let hash = 0x811c9dc5;
  for (let shift = 120n; shift >= 0n; shift -= 8n) {
    hash ^= Number((node.ip6.value >> shift) & 0xffn);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return [24, 16, 8, 0].map((s) => (hash >>> s) & 0xff).join('.');
}
