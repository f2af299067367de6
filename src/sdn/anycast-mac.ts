/**
 * The anycast gateway MAC of an EVPN zone: the reference's zone update hook
 * gives a zone created (or updated) without `mac` a random one and stores it,
 * so every node's VNet gateways answer with the same MAC and guests migrate
 * without a stale ARP entry.
 */
import { randomBytes } from 'node:crypto';

/** Proxmox's OUI, the datacenter's default `mac_prefix`. */
export const PROXMOX_MAC_PREFIX = 'BC:24:11';

/**
 * A random unicast, locally administered MAC whose leading octets are
 * `prefix` (`AA:BB:CC`, upper-cased as the reference writes it).
 */
export function randomMac(prefix: string = PROXMOX_MAC_PREFIX, random: Uint8Array = randomBytes(6)): string {
  const octets = [...random.subarray(0, 6)];
  // unicast (multicast bit clear), locally administered, unless the prefix says otherwise
  octets[0] = ((octets[0] ?? 0) & 0xfe) | 0x02;
  const mac = octets.map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join(':');
  return prefix === '' ? mac : prefix.toUpperCase() + mac.slice(prefix.length);
}
