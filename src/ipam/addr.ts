/** Addresses as integers and back, for the allocator. */
import { parseIp, type IpVersion, type ParsedCidr, type ParsedIp } from '../model/ip.js';

const V4_MAX = 0xffffffffn;

/** The canonical address for an integer value (IPv6 compressed, lower case). */
export function ipFromValue(version: IpVersion, value: bigint): ParsedIp {
  if (version === 4) {
    if (value < 0n || value > V4_MAX) throw new RangeError(`not an IPv4 value: ${value}`);
    const v = Number(value);
    const text = `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
    return { version, text, value };
  }
  const groups: string[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(((value >> shift) & 0xffffn).toString(16));
  const parsed = parseIp(groups.join(':'));
  if (!parsed) throw new RangeError(`not an IPv6 value: ${value}`);
  return parsed;
}

/** Last address of a CIDR. */
export function lastOf(cidr: ParsedCidr): bigint {
  const hostBits = BigInt((cidr.version === 4 ? 32 : 128) - cidr.prefix);
  return cidr.network | ((1n << hostBits) - 1n);
}

/**
 * The addresses a guest may get in a subnet. IPv4 leaves out the network and
 * broadcast addresses (except /31 and /32, RFC 3021); IPv6 leaves out the
 * subnet-router anycast address (RFC 4291 §2.6.1) and, like the reference,
 * the last address of the prefix.
 */
export function usableBounds(cidr: ParsedCidr): { readonly lo: bigint; readonly hi: bigint } {
  const last = lastOf(cidr);
  const bits = cidr.version === 4 ? 32 : 128;
  if (bits - cidr.prefix <= 1) return { lo: cidr.network, hi: last };
  return { lo: cidr.network + 1n, hi: last - 1n };
}

export function sameIp(a: ParsedIp, b: ParsedIp): boolean {
  return a.version === b.version && a.value === b.value;
}
