/**
 * IP address and CIDR parsing with the reference's strictness: dotted-quad
 * IPv4 only (no octal/hex shorthands), IPv6 without zone ids.
 */
import ipaddr from 'ipaddr.js';
import type { IpVersion, ParsedCidr, ParsedIp } from './values.js';

// the types are import-free in values.ts (the web UI and property-schema.ts read them); the parsers live here
export type { IpVersion, ParsedCidr, ParsedIp } from './values.js';

/**
 * A dotted quad as an integer, or -1: four decimal octets ≤ 255, no leading
 * zeros. Scanned by hand, not matched and split: it runs for every address
 * of configs with thousands of subnets.
 */
function ipv4Value(text: string): number {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46 /* . */) {
      if (digits === 0 || dots === 3) return -1;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else {
      if (c < 48 || c > 57 || (digits > 0 && octet === 0)) return -1;
      octet = octet * 10 + (c - 48);
      digits++;
      if (octet > 255) return -1;
    }
  }
  return dots === 3 && digits > 0 ? value * 256 + octet : -1;
}

function bytesToBigInt(bytes: readonly number[]): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

export function parseIp(text: string): ParsedIp | null {
  const v4 = ipv4Value(text);
  if (v4 >= 0) return { version: 4, text, value: BigInt(v4) };
  if (text.includes(':') && !text.includes('%') && ipaddr.IPv6.isValid(text)) {
    const a = ipaddr.IPv6.parse(text);
    return { version: 6, text: a.toString(), value: bytesToBigInt(a.toByteArray()) };
  }
  return null;
}

export function bitsOf(version: IpVersion): number {
  return version === 4 ? 32 : 128;
}

export function parseCidr(text: string): ParsedCidr | null {
  const slash = text.indexOf('/');
  if (slash < 0) return null;
  const address = parseIp(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (!address || !/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = Number(prefixText);
  const bits = bitsOf(address.version);
  if (prefix > bits) return null;
  const hostBits = BigInt(bits - prefix);
  const network = (address.value >> hostBits) << hostBits;
  return { version: address.version, address, prefix, network };
}

export function cidrContains(cidr: ParsedCidr, ip: ParsedIp): boolean {
  if (cidr.version !== ip.version) return false;
  const hostBits = BigInt(bitsOf(cidr.version) - cidr.prefix);
  return ip.value >> hostBits === cidr.network >> hostBits;
}

export function ipVersionOf(text: string): IpVersion | null {
  return parseIp(text)?.version ?? null;
}
