/**
 * The addresses recorded in one subnet of the built-in IPAM: entries by
 * address, plus a run set of the taken ones so the next free address is found
 * in O(log n) (no scan from the start of the subnet as the reference does).
 */
import type { ParsedCidr, ParsedIp } from '../model/ip.js';
import { ipFromValue, usableBounds } from './addr.js';
import { RunSet } from './run-set.js';

/** One entry as the database stores it (the reference's `ips.<ip>` object). */
export interface StoredEntry {
  readonly mac?: string;
  readonly vmid?: string;
  readonly hostname?: string;
  readonly gateway?: boolean;
}

export class SubnetPool {
  readonly cidr: ParsedCidr;
  private readonly entries = new Map<bigint, StoredEntry>();
  private readonly taken = new RunSet();

  constructor(cidr: ParsedCidr) {
    this.cidr = cidr;
  }

  get size(): number {
    return this.entries.size;
  }

  get(ip: ParsedIp): StoredEntry | undefined {
    return this.entries.get(ip.value);
  }

  /** Records (or replaces) the entry of `ip`; returns the one it replaced. */
  set(ip: ParsedIp, entry: StoredEntry): StoredEntry | undefined {
    const old = this.entries.get(ip.value);
    this.entries.set(ip.value, entry);
    this.taken.add(ip.value);
    return old;
  }

  delete(ip: ParsedIp): StoredEntry | undefined {
    const old = this.entries.get(ip.value);
    if (old === undefined) return undefined;
    this.entries.delete(ip.value);
    this.taken.delete(ip.value);
    return old;
  }

  /** First free address in [lo, hi] clamped to the usable addresses; null when none. */
  firstFree(lo?: bigint, hi?: bigint): ParsedIp | null {
    const bounds = usableBounds(this.cidr);
    const from = lo === undefined || lo < bounds.lo ? bounds.lo : lo;
    const to = hi === undefined || hi > bounds.hi ? bounds.hi : hi;
    const v = this.taken.firstFree(from, to);
    return v === null ? null : ipFromValue(this.cidr.version, v);
  }

  /** Taken addresses in [lo, hi] (status counters). */
  takenIn(lo: bigint, hi: bigint): bigint {
    return this.taken.countIn(lo, hi);
  }

  /** Entries in address order. */
  *list(): Generator<readonly [ParsedIp, StoredEntry]> {
    const keys = [...this.entries.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const k of keys) yield [ipFromValue(this.cidr.version, k), this.entries.get(k) as StoredEntry];
  }
}
