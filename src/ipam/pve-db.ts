/**
 * The built-in IPAM database in memory: zones → subnets (keyed by the
 * subnet's `network/prefix` text) → entries, with a MAC index per zone.
 * Changes are expressed as idempotent operations, so replaying a journal over
 * a snapshot that already holds some of them gives the same state.
 */
import { cidrContains, parseCidr, parseIp, type ParsedIp } from '../model/ip.js';
import { SubnetPool, type StoredEntry } from './subnet-pool.js';
import { IpamError } from './types.js';

export type IpamOp =
  | { readonly op: 'add-subnet'; readonly zone: string; readonly subnet: string }
  | { readonly op: 'del-subnet'; readonly zone: string; readonly subnet: string }
  | { readonly op: 'set-ip'; readonly zone: string; readonly subnet: string; readonly ip: string; readonly entry: StoredEntry }
  | { readonly op: 'del-ip'; readonly zone: string; readonly subnet: string; readonly ip: string };

/** One subnet's identity as `recordingReads` reports it. */
export const subnetKey = (zone: string, subnet: string): string => `${zone}\u0000${subnet}`;

export class PveIpamDb {
  private readonly zoneMap = new Map<string, Map<string, SubnetPool>>();
  private readonly macs = new Map<string, Map<string, Map<string, ParsedIp>>>();
  private count = 0;
  /** the subnets looked up while recording (`zone\u0000subnet`) */
  private reads: Set<string> | null = null;

  /** Number of IP entries over all subnets. */
  get size(): number {
    return this.count;
  }

  zones(): ReadonlyMap<string, ReadonlyMap<string, SubnetPool>> {
    return this.zoneMap;
  }

  subnet(zone: string, subnet: string): SubnetPool | undefined {
    this.reads?.add(subnetKey(zone, subnet));
    return this.zoneMap.get(zone)?.get(subnet);
  }

  /** Runs `fn` and tells which subnets it looked up: what a transaction's decision rests on. */
  recordingReads<T>(fn: () => T): { result: T; subnets: ReadonlySet<string> } {
    const reads = new Set<string>();
    this.reads = reads;
    try {
      return { result: fn(), subnets: reads };
    } finally {
      this.reads = null;
    }
  }

  /** Addresses recorded with `mac` in `zone` (MACs compare case-insensitively). */
  ipsOfMac(zone: string, mac: string): readonly ParsedIp[] {
    return [...(this.macs.get(zone)?.get(mac.toLowerCase())?.values() ?? [])];
  }

  apply(op: IpamOp): void {
    switch (op.op) {
      case 'add-subnet': {
        const cidr = parseCidr(op.subnet);
        if (!cidr) throw new IpamError('bad-subnet', `'${op.subnet}' is not a CIDR`);
        let zone = this.zoneMap.get(op.zone);
        if (!zone) this.zoneMap.set(op.zone, (zone = new Map()));
        if (!zone.has(op.subnet)) zone.set(op.subnet, new SubnetPool(cidr));
        return;
      }
      case 'del-subnet': {
        const zone = this.zoneMap.get(op.zone);
        const pool = zone?.get(op.subnet);
        if (!zone || !pool) return;
        for (const [ip, entry] of pool.list()) this.unindex(op.zone, entry, ip);
        this.count -= pool.size;
        zone.delete(op.subnet);
        return;
      }
      case 'set-ip':
      case 'del-ip': {
        const pool = this.subnet(op.zone, op.subnet);
        const ip = parseIp(op.ip);
        if (!pool) throw new IpamError('unknown-subnet', `subnet '${op.subnet}' doesn't exist in IPAM DB zone '${op.zone}'`);
        if (!ip) throw new IpamError('bad-ip', `'${op.ip}' is not an IP address`);
        if (!cidrContains(pool.cidr, ip)) throw new IpamError('ip-outside', `IP '${op.ip}' is not in subnet '${op.subnet}'`);
        if (op.op === 'set-ip') {
          const old = pool.set(ip, op.entry);
          if (old) this.unindex(op.zone, old, ip);
          else this.count++;
          this.index(op.zone, op.entry, ip);
        } else {
          const old = pool.delete(ip);
          if (old) {
            this.unindex(op.zone, old, ip);
            this.count--;
          }
        }
        return;
      }
    }
  }

  private index(zone: string, entry: StoredEntry, ip: ParsedIp): void {
    if (!entry.mac) return;
    let byMac = this.macs.get(zone);
    if (!byMac) this.macs.set(zone, (byMac = new Map()));
    const key = entry.mac.toLowerCase();
    let ips = byMac.get(key);
    if (!ips) byMac.set(key, (ips = new Map()));
    ips.set(ip.text, ip);
  }

  private unindex(zone: string, entry: StoredEntry, ip: ParsedIp): void {
    if (!entry.mac) return;
    const byMac = this.macs.get(zone);
    const key = entry.mac.toLowerCase();
    const ips = byMac?.get(key);
    ips?.delete(ip.text);
    if (ips && ips.size === 0) byMac?.delete(key);
  }
}
