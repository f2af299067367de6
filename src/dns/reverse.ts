/**
 * Reverse-DNS names: the PTR owner name of an address and the reverse zone a
 * subnet's addresses are registered in, as the reference chooses it.
 */
import type { ParsedCidr, ParsedIp } from '../model/ip.js';

/** `10.0.0.1` → `1.0.0.10.in-addr.arpa.`; IPv6 → all 32 nibbles under `ip6.arpa.`. */
export function reverseName(ip: ParsedIp): string {
  if (ip.version === 4) return `${ip.text.split('.').reverse().join('.')}.in-addr.arpa.`;
  return `${nibbles(ip.value, 32).join('.')}.ip6.arpa.`;
}

/** The first `count` nibbles of a 128-bit value, least significant first. */
function nibbles(value: bigint, count: number): string[] {
  const out: string[] = [];
  for (let i = 32 - count; i < 32; i++) out.push(((value >> BigInt(i * 4)) & 0xfn).toString(16));
  return out;
}

function isRfc1918(ip: ParsedIp): boolean {
  const [a, b] = ip.text.split('.').map(Number) as [number, number];
  return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
}

/**
 * The reverse zone for `ip` in `cidr`. IPv4: the zones PowerDNS serves
 * built in for RFC 1918 space (`10.in-addr.arpa.`, `16-31.172.in-addr.arpa.`,
 * `168.192.in-addr.arpa.`), else the /24 zone of the address (the
 * reference's effective choice; it gives no zone for prefixes longer than
 * /24, Weft keeps the /24 zone there too). IPv6: the zone of the subnet's
 * prefix, or of `maskOverride` (`reversemaskv6`), which must be a multiple
 * of 4 (nibble boundary).
 */
export function reverseZone(cidr: ParsedCidr, ip: ParsedIp, maskOverride?: number): string {
  if (ip.version === 4) {
    const [a, b, c] = ip.text.split('.');
    if (isRfc1918(ip)) return a === '10' ? '10.in-addr.arpa.' : a === '172' ? '16-31.172.in-addr.arpa.' : '168.192.in-addr.arpa.';
    return `${c}.${b}.${a}.in-addr.arpa.`;
  }
  const mask = maskOverride ?? cidr.prefix;
  if (mask % 4 !== 0) throw new RangeError(`reverse dns zone mask need to be a multiple of 4 (got ${mask})`);
  return `${nibbles(cidr.network, mask / 4).join('.')}.ip6.arpa.`;
}
