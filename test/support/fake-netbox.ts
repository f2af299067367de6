/**
 * A small stateful NetBox (prefixes, IP ranges, IP addresses, available-ips)
 * as a handler for `HttpRecorder`, enough for the IPAM contract tests. Paths
 * are under `/api`. `failNext` makes a matching request fail once.
 */
import { usableBounds } from '../../src/ipam/addr.js';
import { ipFromValue } from '../../src/ipam/addr.js';
import { cidrContains, parseCidr, parseIp, type ParsedCidr, type ParsedIp } from '../../src/model/ip.js';
import type { Handler, Recorded, Reply } from './http-recorder.js';

interface Prefix {
  id: number;
  prefix: string;
  cidr: ParsedCidr;
}
interface Range {
  id: number;
  start: ParsedIp;
  end: ParsedIp;
}
interface Address {
  id: number;
  ip: ParsedIp;
  address: string;
  description: string | null;
  dns_name?: string;
}

export class FakeNetbox {
  readonly prefixes = new Map<number, Prefix>();
  readonly ranges = new Map<number, Range>();
  readonly addresses = new Map<number, Address>();
  private nextId = 1;
  /** a predicate on requests that must fail (HTTP 500) */
  failWhen: ((r: Recorded) => boolean) | null = null;

  readonly handler: Handler = (r) => {
    if (this.failWhen?.(r)) return { status: 500, body: { detail: 'injected failure' } };
    const url = new URL(r.path, 'http://x');
    const q = url.searchParams;
    const path = url.pathname.replace(/^\/api/, '');
    const body = (r.body ?? {}) as Record<string, string | null>;
    let m: RegExpExecArray | null;
    if (r.method === 'GET' && path === '/ipam/prefixes/') return this.list([...this.prefixes.values()].filter((p) => p.prefix === q.get('prefix')));
    if (r.method === 'POST' && path === '/ipam/prefixes/') {
      const cidr = parseCidr(body.prefix ?? '');
      if (!cidr) return { status: 400, body: { prefix: ['bad'] } };
      const p = { id: this.nextId++, prefix: body.prefix as string, cidr };
      this.prefixes.set(p.id, p);
      return { status: 201, body: { id: p.id, prefix: p.prefix } };
    }
    if ((m = /^\/ipam\/prefixes\/(\d+)\/$/.exec(path)) && r.method === 'DELETE') return this.remove(this.prefixes, Number(m[1]));
    if ((m = /^\/ipam\/prefixes\/(\d+)\/available-ips\/$/.exec(path)) && r.method === 'POST') {
      const p = this.prefixes.get(Number(m[1]));
      if (!p) return { status: 404 };
      const { lo, hi } = usableBounds(p.cidr);
      return this.allocate(lo, hi, p.cidr, body);
    }
    if (r.method === 'GET' && path === '/ipam/ip-ranges/') return this.list([...this.ranges.values()].filter((x) => x.start.text === q.get('start_address') && x.end.text === q.get('end_address')));
    if (r.method === 'POST' && path === '/ipam/ip-ranges/') {
      const start = parseIp(body.start_address ?? '');
      const end = parseIp(body.end_address ?? '');
      if (!start || !end) return { status: 400 };
      const x = { id: this.nextId++, start, end };
      this.ranges.set(x.id, x);
      return { status: 201, body: { id: x.id } };
    }
    if ((m = /^\/ipam\/ip-ranges\/(\d+)\/$/.exec(path)) && r.method === 'DELETE') return this.remove(this.ranges, Number(m[1]));
    if ((m = /^\/ipam\/ip-ranges\/(\d+)\/available-ips\/$/.exec(path)) && r.method === 'POST') {
      const x = this.ranges.get(Number(m[1]));
      const p = x && [...this.prefixes.values()].find((pp) => cidrContains(pp.cidr, x.start));
      if (!x || !p) return { status: 404 };
      return this.allocate(x.start.value, x.end.value, p.cidr, body);
    }
    if (r.method === 'GET' && path === '/ipam/ip-addresses/') {
      const all = [...this.addresses.values()];
      if (q.has('address')) return this.list(all.filter((a) => a.ip.text === q.get('address')));
      if (q.has('parent')) {
        const parent = parseCidr(q.get('parent') ?? '');
        return this.list(all.filter((a) => parent && cidrContains(parent, a.ip)));
      }
      if (q.has('description__ic')) return this.list(all.filter((a) => (a.description ?? '').toLowerCase().includes((q.get('description__ic') ?? '').toLowerCase())));
      return this.list(all);
    }
    if (r.method === 'POST' && path === '/ipam/ip-addresses/') {
      const ip = parseIp((body.address ?? '').split('/')[0] ?? '');
      if (!ip) return { status: 400 };
      if ([...this.addresses.values()].some((a) => a.ip.value === ip.value)) return { status: 400, body: { address: ['Duplicate IP address'] } };
      return this.create(ip, body.address as string, body);
    }
    if ((m = /^\/ipam\/ip-addresses\/(\d+)\/$/.exec(path))) {
      const a = this.addresses.get(Number(m[1]));
      if (!a) return { status: 404 };
      if (r.method === 'DELETE') return this.remove(this.addresses, a.id);
      if (r.method === 'PATCH') {
        a.description = body.description ?? null;
        if (body.dns_name) a.dns_name = body.dns_name;
        return { body: this.json(a) };
      }
    }
    if (r.method === 'GET' && path === '/ipam/aggregates/') return this.list([]);
    return { status: 404, body: { detail: 'Not found.' } };
  };

  private list(items: ReadonlyArray<Prefix | Range | Address>): Reply {
    return { body: { count: items.length, results: items.map((i) => ('ip' in i ? this.json(i) : { id: i.id })) } };
  }

  private json(a: Address): object {
    return { id: a.id, address: a.address, description: a.description, dns_name: a.dns_name ?? '', family: { value: a.ip.version } };
  }

  private remove(map: Map<number, unknown>, id: number): Reply {
    return map.delete(id) ? { status: 204 } : { status: 404 };
  }

  private create(ip: ParsedIp, address: string, body: Record<string, string | null>): Reply {
    const a: Address = { id: this.nextId++, ip, address, description: body.description ?? null, ...(body.dns_name ? { dns_name: body.dns_name } : {}) };
    this.addresses.set(a.id, a);
    return { status: 201, body: this.json(a) };
  }

  private allocate(lo: bigint, hi: bigint, cidr: ParsedCidr, body: Record<string, string | null>): Reply {
    const taken = new Set([...this.addresses.values()].map((a) => a.ip.value));
    for (let v = lo; v <= hi; v++) {
      if (taken.has(v)) continue;
      const ip = ipFromValue(cidr.version, v);
      return this.create(ip, `${ip.text}/${cidr.prefix}`, body);
    }
    return { status: 409, body: { detail: 'no free address' } };
  }
}
