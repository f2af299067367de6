/**
 * The built-in IPAM (`pve`): the reference's rules (gateway entries, "already
 * exist", "not empty" subnets, first free address, DHCP-range allocation) on
 * its state (ipam-state.ts: a journaled file, or etcd), each call one transaction.
 */
import { cidrContains, type ParsedIp } from '../model/ip.js';
import type { IpamOp, PveIpamDb } from './pve-db.js';
import type { IpamState } from './ipam-state.js';
import type { StoredEntry, SubnetPool } from './subnet-pool.js';
import { IpamError, type IpamBackend, type IpamSubnet, type IpData, type IpEntry, type IpRange, type MacIps } from './types.js';

function poolOf(db: PveIpamDb, subnet: IpamSubnet): SubnetPool {
  if (!db.zones().has(subnet.zone)) throw new IpamError('unknown-zone', `zone '${subnet.zone}' doesn't exist in IPAM DB`);
  const pool = db.subnet(subnet.zone, subnet.cidrText);
  if (!pool) throw new IpamError('unknown-subnet', `subnet '${subnet.cidrText}' doesn't exist in IPAM DB`);
  return pool;
}

function stored(data: IpData): StoredEntry {
  return {
    ...(data.vmid ? { vmid: data.vmid } : {}),
    ...(data.mac ? { mac: data.mac } : {}),
    ...(data.hostname ? { hostname: data.hostname } : {}),
  };
}

/** One recorded address, with where it lives. */
export interface PveIpamRecord extends IpEntry {
  readonly zone: string;
  /** the subnet's `network/prefix` key */
  readonly subnet: string;
}

/**
 * Where one address of a NIC comes from: the requested address in its
 * subnet, or else the first free one of the candidates in order (a range
 * of a subnet, or a whole subnet: `range` null); `none` says why when all
 * are full.
 */
export type AddressChoice =
  | { readonly subnet: IpamSubnet; readonly ip: ParsedIp }
  | { readonly candidates: ReadonlyArray<{ readonly subnet: IpamSubnet; readonly range: IpRange | null }>; readonly none: string };

export interface Allocation {
  readonly subnet: IpamSubnet;
  readonly ip: ParsedIp;
}

export class PveIpam implements IpamBackend {
  readonly type = 'pve';
  readonly allocatesInRanges = true;
  readonly store: IpamState;

  constructor(store: IpamState) {
    this.store = store;
  }

  addSubnet(subnet: IpamSubnet): Promise<void> {
    return this.store.transaction((db) => ({
      ops: db.subnet(subnet.zone, subnet.cidrText) ? [] : [{ op: 'add-subnet', zone: subnet.zone, subnet: subnet.cidrText }],
      result: undefined,
    }));
  }

  /**
   * Creates the subnet, with its gateway reserved, when the database does not
   * have it yet (a subnet of the running config from before the IPAM was
   * used). An existing subnet is left alone: its gateway follows the subnet
   * edits (see subnet-hooks.ts), not the running config.
   */
  ensureSubnet(subnet: IpamSubnet): Promise<void> {
    return this.store.transaction((db) => {
      if (db.subnet(subnet.zone, subnet.cidrText)) return { ops: [], result: undefined };
      const ops: IpamOp[] = [{ op: 'add-subnet', zone: subnet.zone, subnet: subnet.cidrText }];
      const gw = subnet.gateway;
      // a /32's gateway may lie outside it (point-to-point): nothing to reserve then
      if (gw && cidrContains(subnet.cidr, gw)) ops.push({ op: 'set-ip', zone: subnet.zone, subnet: subnet.cidrText, ip: gw.text, entry: { gateway: true } });
      return { ops, result: undefined };
    });
  }

  async updateSubnet(): Promise<void> {
    // nothing is stored per subnet beyond its entries
  }

  delSubnet(subnet: IpamSubnet): Promise<void> {
    return this.store.transaction((db) => {
      const pool = poolOf(db, subnet);
      // gateways do not count: a subnet with only its gateway left may go
      if ([...pool.list()].some(([, e]) => !e.gateway)) throw new IpamError('subnet-not-empty', `cannot delete subnet '${subnet.cidrText}', not empty`);
      return { ops: [{ op: 'del-subnet', zone: subnet.zone, subnet: subnet.cidrText }], result: undefined };
    });
  }

  addIp(subnet: IpamSubnet, ip: ParsedIp, data: IpData, isGateway = false): Promise<void> {
    return this.store.transaction((db) => {
      const existing = poolOf(db, subnet).get(ip);
      // re-adding the gateway over itself is allowed (subnet re-created)
      if (existing && !(isGateway && existing.gateway)) throw new IpamError('ip-exists', `IP '${ip.text}' already exist`);
      if (existing && isGateway) return { ops: [], result: undefined };
      const entry: StoredEntry = isGateway ? { gateway: true } : stored(data);
      return { ops: [{ op: 'set-ip', zone: subnet.zone, subnet: subnet.cidrText, ip: ip.text, entry }], result: undefined };
    });
  }

  updateIp(subnet: IpamSubnet, ip: ParsedIp, data: IpData, isGateway = false): Promise<void> {
    return this.store.transaction((db) => {
      if (!poolOf(db, subnet).get(ip)) throw new IpamError('ip-not-found', `IP '${ip.text}' does not exist in IPAM DB`);
      const entry: StoredEntry = isGateway ? { gateway: true } : stored(data);
      return { ops: [{ op: 'set-ip', zone: subnet.zone, subnet: subnet.cidrText, ip: ip.text, entry }], result: undefined };
    });
  }

  addNextFreeIp(subnet: IpamSubnet, data: IpData): Promise<ParsedIp> {
    return this.store.transaction((db) => {
      const ip = poolOf(db, subnet).firstFree();
      if (!ip) throw new IpamError('subnet-full', `can't find free ip in subnet '${subnet.cidrText}'`);
      return { ops: [{ op: 'set-ip', zone: subnet.zone, subnet: subnet.cidrText, ip: ip.text, entry: stored(data) }], result: ip };
    });
  }

  addRangeNextFreeIp(subnet: IpamSubnet, range: IpRange, data: IpData): Promise<ParsedIp | null> {
    return this.store.transaction((db) => {
      const ip = poolOf(db, subnet).firstFree(range.start.value, range.end.value);
      if (!ip) return { ops: [], result: null };
      return { ops: [{ op: 'set-ip', zone: subnet.zone, subnet: subnet.cidrText, ip: ip.text, entry: stored(data) }], result: ip };
    });
  }

  /** One address per choice, all recorded in one transaction or none (a NIC's IPv4 and IPv6). */
  addIpsTogether(choices: readonly AddressChoice[], data: IpData): Promise<Allocation[]> {
    return this.store.transaction((db) => {
      const picked = choices.map((choice): Allocation => {
        if ('ip' in choice) {
          if (poolOf(db, choice.subnet).get(choice.ip)) throw new IpamError('ip-exists', `IP '${choice.ip.text}' already exist`);
          return choice;
        }
        for (const { subnet, range } of choice.candidates) {
          const pool = poolOf(db, subnet);
          const ip = range ? pool.firstFree(range.start.value, range.end.value) : pool.firstFree();
          if (ip) return { subnet, ip };
        }
        throw new IpamError('no-free-ip', choice.none);
      });
      const ops = picked.map((p): IpamOp => ({ op: 'set-ip', zone: p.subnet.zone, subnet: p.subnet.cidrText, ip: p.ip.text, entry: stored(data) }));
      return { ops, result: picked };
    });
  }

  delIp(subnet: IpamSubnet, ip: ParsedIp): Promise<void> {
    return this.store.transaction((db) => {
      if (!poolOf(db, subnet).get(ip)) throw new IpamError('ip-not-found', `IP '${ip.text}' does not exist in IPAM DB`);
      return { ops: [{ op: 'del-ip', zone: subnet.zone, subnet: subnet.cidrText, ip: ip.text }], result: undefined };
    });
  }

  ipsFromMac(zone: string, mac: string): Promise<MacIps> {
    return this.store.read((db) => {
      const ips = db.ipsOfMac(zone, mac);
      const ip4 = ips.find((ip) => ip.version === 4);
      const ip6 = ips.find((ip) => ip.version === 6);
      return { ...(ip4 ? { ip4 } : {}), ...(ip6 ? { ip6 } : {}) };
    });
  }

  /** What is recorded with `ip`, if anything. */
  entry(subnet: IpamSubnet, ip: ParsedIp): Promise<StoredEntry | undefined> {
    return this.store.read((db) => db.subnet(subnet.zone, subnet.cidrText)?.get(ip));
  }

  /** Every recorded address (zones and subnets in byte order, addresses in numeric order). */
  records(): Promise<readonly PveIpamRecord[]> {
    return this.store.read((db) => {
      const out: PveIpamRecord[] = [];
      const byteOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
      for (const zone of [...db.zones().keys()].sort(byteOrder)) {
        const pools = db.zones().get(zone) as ReadonlyMap<string, SubnetPool>;
        for (const subnet of [...pools.keys()].sort(byteOrder)) {
          for (const [ip, e] of (pools.get(subnet) as SubnetPool).list()) out.push({ zone, subnet, ip, ...e });
        }
      }
      return out;
    });
  }
}
