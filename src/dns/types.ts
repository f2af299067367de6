/** The DNS contract: forward (A/AAAA) and reverse (PTR) records of guests. */
import type { ParsedCidr, ParsedIp } from '../model/ip.js';

export interface DnsBackend {
  readonly type: string;
  /** Adds `ip` to the A/AAAA set of `<hostname>.<zone>.` (other addresses of the name stay). */
  addARecord(zone: string, hostname: string, ip: ParsedIp): Promise<void>;
  /** Removes `ip` from the A/AAAA set of `<hostname>.<zone>.`; the set goes when it is empty. */
  delARecord(zone: string, hostname: string, ip: ParsedIp): Promise<void>;
  /** Points the PTR of `ip` in `reverseZone` at `fqdn` (without the final dot). */
  addPtrRecord(reverseZone: string, fqdn: string, ip: ParsedIp): Promise<void>;
  delPtrRecord(reverseZone: string, ip: ParsedIp): Promise<void>;
  /** Fails when `zone` does not exist on the server. */
  verifyZone(zone: string): Promise<void>;
  /** The reverse zone holding the PTR of `ip` in subnet `cidr`. */
  reverseZone(cidr: ParsedCidr, ip: ParsedIp): string;
}

export class DnsError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'DnsError';
    this.code = code;
  }
}
