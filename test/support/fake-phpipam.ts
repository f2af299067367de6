/**
 * A small stateful phpIPAM (subnets, addresses, first_free, searches) as a
 * handler for `HttpRecorder`, enough for the IPAM contract tests. Paths are
 * under `/api/app`; not-found answers are 404 like phpIPAM's.
 */
import { ipFromValue, usableBounds } from '../../src/ipam/addr.js';
import { cidrContains, parseCidr, parseIp, type ParsedCidr, type ParsedIp } from '../../src/model/ip.js';
import type { Handler, Recorded, Reply } from './http-recorder.js';

interface Subnet {
  id: number;
  cidr: ParsedCidr;
  text: string;
}
interface Address {
  id: number;
  subnetId: number;
  ip: ParsedIp;
  hostname: string | null;
  description: string | null;
  mac?: string;
  is_gateway: number;
}

const notFound: Reply = { status: 404, body: { code: 404, success: false, message: 'Not found' } };

export class FakePhpIpam {
  readonly subnets = new Map<number, Subnet>();
  readonly addresses = new Map<number, Address>();
  private nextId = 1;
  failWhen: ((r: Recorded) => boolean) | null = null;

  readonly handler: Handler = (r) => {
    if (this.failWhen?.(r)) return { status: 500, body: { code: 500, success: false, message: 'injected failure' } };
    const path = r.path.replace(/^\/api\/app/, '');
    const body = (r.body ?? {}) as Record<string, string | number | null>;
    let m: RegExpExecArray | null;
    if ((m = /^\/subnets\/cidr\/(.+)$/.exec(path)) && r.method === 'GET') return this.data([...this.subnets.values()].filter((s) => s.text === m?.[1]).map((s) => ({ id: s.id })));
    if (path === '/subnets/' && r.method === 'POST') {
      const text = `${String(body.subnet)}/${String(body.mask)}`;
      const cidr = parseCidr(text);
      if (!cidr) return { status: 400 };
      const s = { id: this.nextId++, cidr, text };
      this.subnets.set(s.id, s);
      return { status: 201, body: { code: 201, success: true, id: s.id } };
    }
    if ((m = /^\/subnets\/(\d+)\/addresses\/$/.exec(path)) && r.method === 'GET') return this.data([...this.addresses.values()].filter((a) => a.subnetId === Number(m?.[1])).map((a) => this.json(a)));
    if ((m = /^\/subnets\/(\d+)\/$/.exec(path)) && r.method === 'DELETE') return this.subnets.delete(Number(m[1])) ? { body: { code: 200, success: true } } : notFound;
    if (path === '/addresses/' && r.method === 'POST') {
      const ip = parseIp(String(body.ip));
      if (!ip) return { status: 400 };
      if ([...this.addresses.values()].some((a) => a.ip.value === ip.value)) return { status: 409, body: { code: 409, success: false, message: 'IP address already exists' } };
      return this.create(Number(body.subnetId), ip, body);
    }
    if ((m = /^\/addresses\/search\/(.+)$/.exec(path)) && r.method === 'GET') return this.data([...this.addresses.values()].filter((a) => a.ip.text === m?.[1]).map((a) => this.json(a)));
    if ((m = /^\/addresses\/search_mac\/(.+)$/.exec(path)) && r.method === 'GET') return this.data([...this.addresses.values()].filter((a) => a.mac?.toLowerCase() === m?.[1]?.toLowerCase()).map((a) => this.json(a)));
    if ((m = /^\/addresses\/first_free\/(\d+)\/$/.exec(path)) && r.method === 'POST') {
      const s = this.subnets.get(Number(m[1]));
      if (!s) return notFound;
      const taken = new Set([...this.addresses.values()].map((a) => a.ip.value));
      const { lo, hi } = usableBounds(s.cidr);
      for (let v = lo; v <= hi; v++) {
        if (taken.has(v)) continue;
        const ip = ipFromValue(s.cidr.version, v);
        this.create(s.id, ip, body);
        return { status: 201, body: { code: 201, success: true, data: ip.text } };
      }
      return { status: 409, body: { code: 409, success: false, message: 'No free addresses found' } };
    }
    if ((m = /^\/addresses\/(\d+)$/.exec(path))) {
      const a = this.addresses.get(Number(m[1]));
      if (!a) return notFound;
      if (r.method === 'DELETE') return this.addresses.delete(a.id) ? { body: { code: 200, success: true } } : notFound;
      if (r.method === 'PATCH') {
        a.hostname = (body.hostname as string | null) ?? null;
        a.description = (body.description as string | null) ?? null;
        if (body.mac) a.mac = String(body.mac);
        if (body.is_gateway) a.is_gateway = 1;
        return { body: { code: 200, success: true } };
      }
    }
    if (/^\/sections\/\d+$/.test(path)) return { body: { code: 200, success: true, data: { id: 1 } } };
    return notFound;
  };

  /** phpIPAM answers 404 for an empty search. */
  private data(rows: readonly object[]): Reply {
    return rows.length === 0 ? notFound : { body: { code: 200, success: true, data: rows } };
  }

  private json(a: Address): object {
    return { id: a.id, subnetId: a.subnetId, ip: a.ip.text, hostname: a.hostname, description: a.description, mac: a.mac ?? null, is_gateway: a.is_gateway };
  }

  private create(subnetId: number, ip: ParsedIp, body: Record<string, string | number | null>): Reply {
    const s = this.subnets.get(subnetId);
    if (!s || !cidrContains(s.cidr, ip)) return { status: 400, body: { code: 400, success: false, message: 'IP not in subnet' } };
    const a: Address = {
      id: this.nextId++,
      subnetId,
      ip,
      hostname: (body.hostname as string | null) ?? null,
      description: (body.description as string | null) ?? null,
      ...(body.mac ? { mac: String(body.mac) } : {}),
      is_gateway: body.is_gateway ? 1 : 0,
    };
    this.addresses.set(a.id, a);
    return { status: 201, body: { code: 201, success: true, id: a.id } };
  }
}
