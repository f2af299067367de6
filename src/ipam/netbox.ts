/**
 * NetBox IPAM: prefixes, IP ranges (DHCP ranges) and IP addresses through
 * NetBox's REST API, sending the requests the reference sends (see the
 * conformance fixtures). Changes made of several requests are reverted when a
 * later request fails, so a failure leaves no orphan prefix or range.
 */
import type { NetboxConfig } from '../model/ipam.js';
import { parseIp, type ParsedIp } from '../model/ip.js';
import { withCompensation } from '../util/compensation.js';
import { HttpError, type HttpClient, jsonApi, type JsonApiCall } from '../util/http-json.js';
import { IpamError, type IpamBackend, type IpamSubnet, type IpData, type IpRange, type MacIps } from './types.js';

interface Listing {
  readonly results?: ReadonlyArray<{ readonly id?: number; readonly address?: string; readonly description?: string | null; readonly family?: { readonly value?: number } }>;
}

const rangeKey = (r: IpRange): string => `${r.start.text}-${r.end.text}`;

export class NetboxIpam implements IpamBackend {
  readonly type = 'netbox';
  readonly allocatesInRanges = true;
  private readonly url: string;
  private readonly token: string;
  private readonly call: JsonApiCall;

  constructor(config: NetboxConfig, http: HttpClient) {
    if (!config.url) throw new IpamError('bad-config', `ipams.${config.id}.url: required for netbox`);
    if (!config.token) throw new IpamError('bad-config', `ipams.${config.id}.token: required for netbox`);
    this.url = config.url;
    this.token = config.token;
    this.call = jsonApi(http, this.url, { Authorization: `token ${this.token}` });
  }


  private async firstId(path: string): Promise<number | undefined> {
    return ((await this.call('GET', path)) as Listing | null)?.results?.[0]?.id;
  }

  // Lookups use NetBox's exact filters: the reference's `?q=` is a substring
  // search (`q=10.0.0.1` also finds 10.0.0.10-19) and it takes the first hit.
  private prefixId(subnet: IpamSubnet): Promise<number | undefined> {
    return this.firstId(`/ipam/prefixes/?prefix=${subnet.cidrText}`);
  }

  private rangeId(range: IpRange): Promise<number | undefined> {
    return this.firstId(`/ipam/ip-ranges/?start_address=${range.start.text}&end_address=${range.end.text}`);
  }

  private ipId(ip: ParsedIp): Promise<number | undefined> {
    return this.firstId(`/ipam/ip-addresses/?address=${ip.text}`);
  }

  private async addRange(range: IpRange): Promise<number | undefined> {
    const r = (await this.call('POST', '/ipam/ip-ranges/', { start_address: range.start.text, end_address: range.end.text })) as { id?: number } | null;
    return r?.id;
  }

  private async delRange(range: IpRange, id?: number): Promise<void> {
    const found = id ?? (await this.rangeId(range));
    if (found === undefined) throw new IpamError('range-not-found', `could not find id for ip range ${range.start.text}:${range.end.text}`);
    await this.call('DELETE', `/ipam/ip-ranges/${found}/`);
  }

  private description(data: IpData, isGateway: boolean): string | null {
    return isGateway ? 'gateway' : data.mac ? `mac:${data.mac}` : null;
  }

  async addSubnet(subnet: IpamSubnet): Promise<void> {
    if ((await this.prefixId(subnet)) !== undefined) throw new IpamError('subnet-exists', `prefix ${subnet.cidrText} already exists in netbox`);
    await withCompensation(async (c) => {
      await c.step(`prefix ${subnet.cidrText}`, () => this.call('POST', '/ipam/prefixes/', { prefix: subnet.cidrText }), async (created) => {
        const id = (created as { id?: number } | null)?.id ?? (await this.prefixId(subnet));
        if (id !== undefined) await this.call('DELETE', `/ipam/prefixes/${id}/`);
      });
      for (const range of subnet.dhcpRanges) {
        await c.step(`ip range ${rangeKey(range)}`, () => this.addRange(range), (id) => this.delRange(range, id));
      }
    });
  }

  async updateSubnet(subnet: IpamSubnet, old: IpamSubnet): Promise<void> {
    const next = new Set(subnet.dhcpRanges.map(rangeKey));
    const prev = new Set(old.dhcpRanges.map(rangeKey));
    await withCompensation(async (c) => {
      // delete first, so a new range may overlap an old one
      for (const range of old.dhcpRanges.filter((r) => !next.has(rangeKey(r)))) {
        await c.step(`delete ip range ${rangeKey(range)}`, () => this.delRange(range), () => this.addRange(range));
      }
      for (const range of subnet.dhcpRanges.filter((r) => !prev.has(rangeKey(r)))) {
        await c.step(`ip range ${rangeKey(range)}`, () => this.addRange(range), (id) => this.delRange(range, id));
      }
    });
  }

  async delSubnet(subnet: IpamSubnet): Promise<void> {
    const id = await this.prefixId(subnet);
    if (id === undefined) return; // nothing to delete
    const children = ((await this.call('GET', `/ipam/ip-addresses/?parent=${subnet.cidrText}`)) as Listing | null)?.results ?? [];
    // the gateway does not count (the reference counts entries and allows one, whatever it is)
    if (children.some((c) => c.description !== 'gateway')) throw new IpamError('subnet-not-empty', `not deleting prefix ${subnet.cidrText} because it still contains entries`);
    await withCompensation(async (c) => {
      const gateway = subnet.gateway;
      if (gateway && (await this.ipId(gateway)) !== undefined) {
        await c.step(`delete gateway ${gateway.text}`, () => this.delIp(subnet, gateway), () => this.addIp(subnet, gateway, {}, true));
      }
      for (const range of subnet.dhcpRanges) {
        await c.step(`delete ip range ${rangeKey(range)}`, () => this.delRange(range), () => this.addRange(range));
      }
      await this.call('DELETE', `/ipam/prefixes/${id}/`);
    });
  }

  async addIp(subnet: IpamSubnet, ip: ParsedIp, data: IpData, isGateway = false): Promise<void> {
    const body = { address: `${ip.text}/${subnet.cidr.prefix}`, description: this.description(data, isGateway), ...(data.hostname ? { dns_name: data.hostname } : {}) };
    try {
      await this.call('POST', '/ipam/ip-addresses/', body);
    } catch (e) {
      // the gateway may already be there from an earlier run
      if (isGateway && (await this.isGateway(ip))) return;
      throw new IpamError('ip-exists', `error add subnet ip to ipam: ip ${ip.text} already exist: ${(e as Error).message}`);
    }
  }

  private async isGateway(ip: ParsedIp): Promise<boolean> {
    const found = ((await this.call('GET', `/ipam/ip-addresses/?address=${ip.text}`)) as Listing | null)?.results?.[0];
    return found?.description === 'gateway';
  }

  async updateIp(subnet: IpamSubnet, ip: ParsedIp, data: IpData, isGateway = false): Promise<void> {
    const id = await this.ipId(ip);
    if (id === undefined) throw new IpamError('ip-not-found', `could not find id for ip address ${ip.text}`);
    const body = { address: `${ip.text}/${subnet.cidr.prefix}`, description: this.description(data, isGateway), ...(data.hostname ? { dns_name: data.hostname } : {}) };
    await this.call('PATCH', `/ipam/ip-addresses/${id}/`, body);
  }

  private async allocate(path: string, data: IpData, what: string): Promise<ParsedIp | null> {
    const body = { description: data.mac ? `mac:${data.mac}` : null, ...(data.hostname ? { dns_name: data.hostname } : {}) };
    let r: { address?: string } | null;
    try {
      r = (await this.call('POST', path, body)) as { address?: string } | null;
    } catch (e) {
      // NetBox answers 409 Conflict when no address is left
      if (e instanceof HttpError && e.status === 409) return null;
      throw e;
    }
    if (!r?.address) return null;
    const ip = parseIp(r.address.split('/')[0] ?? '');
    if (!ip) throw new IpamError('bad-answer', `netbox answered '${r.address}' for a free ip in ${what}`);
    return ip;
  }

  async addNextFreeIp(subnet: IpamSubnet, data: IpData): Promise<ParsedIp> {
    const id = await this.prefixId(subnet);
    if (id === undefined) throw new IpamError('unknown-subnet', `could not find id for prefix ${subnet.cidrText}`);
    const ip = await this.allocate(`/ipam/prefixes/${id}/available-ips/`, data, subnet.cidrText);
    if (!ip) throw new IpamError('subnet-full', `can't find free ip in subnet ${subnet.cidrText}`);
    return ip;
  }

  async addRangeNextFreeIp(_subnet: IpamSubnet, range: IpRange, data: IpData): Promise<ParsedIp | null> {
    const id = await this.rangeId(range);
    if (id === undefined) throw new IpamError('range-not-found', `could not find id for ip range ${range.start.text}:${range.end.text}`);
    return this.allocate(`/ipam/ip-ranges/${id}/available-ips/`, data, `range ${rangeKey(range)}`);
  }

  async delIp(_subnet: IpamSubnet, ip: ParsedIp): Promise<void> {
    const id = await this.ipId(ip);
    if (id === undefined) throw new IpamError('ip-not-found', `could not find id for ip ${ip.text}`);
    await this.call('DELETE', `/ipam/ip-addresses/${id}/`);
  }

  async ipsFromMac(_zone: string, mac: string): Promise<MacIps> {
    const results = ((await this.call('GET', `/ipam/ip-addresses/?description__ic=${mac}`)) as Listing | null)?.results ?? [];
    let ip4: ParsedIp | undefined;
    let ip6: ParsedIp | undefined;
    for (const r of results) {
      const ip = parseIp((r.address ?? '').split('/')[0] ?? '');
      if (ip?.version === 4) ip4 ??= ip;
      if (ip?.version === 6) ip6 ??= ip;
    }
    return { ...(ip4 ? { ip4 } : {}), ...(ip6 ? { ip6 } : {}) };
  }

  /** The reference's API check when the IPAM section is saved. */
  async verifyApi(): Promise<void> {
    await this.call('GET', '/ipam/aggregates/');
  }
}
