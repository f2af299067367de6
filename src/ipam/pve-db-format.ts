/**
 * The built-in IPAM database file (the reference's `ipam.db` /
 * `pve-ipam-state.json`): `{ zones: { <zone>: { subnets: { <cidr>: { ips: {
 * <ip>: { mac, vmid, hostname } | { gateway: 1 } } } } } } }`. Decoding checks
 * every value and names the path of each problem; encoding is byte-stable
 * (zones and subnets in byte order, addresses in numeric order).
 */
import { cidrContains, parseCidr, parseIp } from '../model/ip.js';
import { issue, ValidationError, type Issue } from '../model/issues.js';
import { PveIpamDb } from './pve-db.js';
import type { StoredEntry, SubnetPool } from './subnet-pool.js';

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const ENTRY_KEYS = new Set(['mac', 'vmid', 'hostname', 'gateway']);

function decodeEntry(value: unknown, path: string, out: Issue[]): StoredEntry | null {
  if (!isObject(value)) {
    out.push(issue('bad-ipam-db', path, 'expected an object'));
    return null;
  }
  const entry: { mac?: string; vmid?: string; hostname?: string; gateway?: boolean } = {};
  for (const [key, v] of Object.entries(value)) {
    if (!ENTRY_KEYS.has(key)) {
      out.push(issue('bad-ipam-db', `${path}.${key}`, 'unknown property'));
      continue;
    }
    // the reference stores undef fields of next-free allocations as null
    if (v === null) continue;
    if (key === 'gateway') {
      if (v === 1 || v === true || v === '1') entry.gateway = true;
      else if (!(v === 0 || v === false || v === '0')) out.push(issue('bad-ipam-db', `${path}.gateway`, 'expected 1'));
    } else if (key === 'vmid' && typeof v === 'number' && Number.isInteger(v)) {
      entry.vmid = String(v);
    } else if (typeof v === 'string') {
      entry[key as 'mac' | 'vmid' | 'hostname'] = v;
    } else {
      out.push(issue('bad-ipam-db', `${path}.${key}`, 'expected a string'));
    }
  }
  return entry;
}

function decodeSubnet(db: PveIpamDb, zone: string, cidrText: string, value: unknown, path: string, out: Issue[]): void {
  const cidr = parseCidr(cidrText);
  if (!cidr) {
    out.push(issue('bad-ipam-db', path, `'${cidrText}' is not a CIDR`));
    return;
  }
  if (!isObject(value)) {
    out.push(issue('bad-ipam-db', path, 'expected an object'));
    return;
  }
  db.apply({ op: 'add-subnet', zone, subnet: cidrText });
  const ips = value.ips ?? {};
  if (!isObject(ips)) {
    out.push(issue('bad-ipam-db', `${path}.ips`, 'expected an object'));
    return;
  }
  const pool = db.subnet(zone, cidrText);
  for (const [ipText, raw] of Object.entries(ips)) {
    const at = `${path}.ips.${ipText}`;
    const ip = parseIp(ipText);
    if (!ip || !cidrContains(cidr, ip)) {
      out.push(issue('bad-ipam-db', at, ip ? `not in subnet ${cidrText}` : 'not an IP address'));
      continue;
    }
    if (pool?.get(ip)) {
      out.push(issue('bad-ipam-db', at, `same address as another entry (${ip.text})`));
      continue;
    }
    const entry = decodeEntry(raw, at, out);
    if (entry) db.apply({ op: 'set-ip', zone, subnet: cidrText, ip: ip.text, entry });
  }
}

/** Parses the file's text; an empty text is an empty database, as in the reference. */
export function decodeIpamDb(text: string, source = 'ipam.db'): { readonly db?: PveIpamDb; readonly issues: readonly Issue[] } {
  const out: Issue[] = [];
  const db = new PveIpamDb();
  if (text.trim() === '') return { db, issues: out };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { issues: [issue('bad-ipam-db', source, `not JSON: ${(e as Error).message}`)] };
  }
  if (!isObject(data)) return { issues: [issue('bad-ipam-db', source, 'expected an object')] };
  const zones = data.zones ?? {};
  if (!isObject(zones)) return { issues: [issue('bad-ipam-db', `${source}:zones`, 'expected an object')] };
  for (const [zone, zoneValue] of Object.entries(zones)) {
    const path = `${source}:zones.${zone}`;
    const subnets = isObject(zoneValue) ? (zoneValue.subnets ?? {}) : null;
    if (!isObject(subnets)) {
      out.push(issue('bad-ipam-db', path, 'expected { "subnets": { … } }'));
      continue;
    }
    for (const [cidrText, value] of Object.entries(subnets)) decodeSubnet(db, zone, cidrText, value, `${path}.subnets.${cidrText}`, out);
  }
  return out.length > 0 ? { issues: out } : { db, issues: out };
}

export function parseIpamDb(text: string, source = 'ipam.db'): PveIpamDb {
  const r = decodeIpamDb(text, source);
  if (!r.db) throw new ValidationError(r.issues);
  return r.db;
}

function entryJson(e: StoredEntry): Json {
  if (e.gateway) return { gateway: 1 };
  const o: Json = {};
  if (e.vmid !== undefined) o.vmid = e.vmid;
  if (e.mac !== undefined) o.mac = e.mac;
  if (e.hostname !== undefined) o.hostname = e.hostname;
  return o;
}

const byteOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function encodeIpamDb(db: PveIpamDb): string {
  const zones: Json = {};
  for (const zone of [...db.zones().keys()].sort(byteOrder)) {
    const subnets: Json = {};
    const pools = db.zones().get(zone) as ReadonlyMap<string, SubnetPool>;
    for (const cidr of [...pools.keys()].sort(byteOrder)) {
      const ips: Json = {};
      for (const [ip, entry] of pools.get(cidr)?.list() ?? []) ips[ip.text] = entryJson(entry);
      subnets[cidr] = { ips };
    }
    zones[zone] = { subnets };
  }
  return `${JSON.stringify({ zones }, null, 2)}\n`;
}
