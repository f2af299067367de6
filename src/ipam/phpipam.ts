/**
 * phpIPAM: subnets and addresses through phpIPAM's REST API (`<url>` is
 * `…/api/<app>`), sending the requests the reference sends (see the
 * conformance fixtures). As in the reference, the guest's VM id travels as
 * the address's description, and phpIPAM has no range allocation: a DHCP
 * range allocation takes the subnet's first free address.
 */
import type { PhpIpamConfig } from '../model/ipam.js';
import { parseIp, type ParsedIp } from '../model/ip.js';
import { HttpError, type HttpClient, jsonApi, type JsonApiCall } from '../util/http-json.js';
import { IpamError, type IpamBackend, type IpamSubnet, type IpData, type IpRange, type MacIps } from './types.js';

interface PhpIpamAnswer {
  readonly data?: unknown;
}
type Row = { readonly id?: number | string; readonly ip?: string; readonly is_gateway?: number | string | null };

function rows(answer: unknown): readonly Row[] {
  const data = (answer as PhpIpamAnswer | null)?.data;
  return Array.isArray(data) ? (data as Row[]) : [];
}

export class PhpIpam implements IpamBackend {
  readonly type = 'phpipam';
  readonly allocatesInRanges = false;
  private readonly url: string;
  private readonly token: string;
  private readonly section: number;
  private readonly call: JsonApiCall;

  constructor(config: PhpIpamConfig, http: HttpClient) {
    for (const key of ['url', 'token', 'section'] as const) {
      if (config[key] === undefined || config[key] === '') throw new IpamError('bad-config', `ipams.${config.id}.${key}: required for phpipam`);
    }
    this.url = config.url;
    this.token = config.token;
    this.section = config.section;
    this.call = jsonApi(http, this.url, { Token: this.token });
  }


  /** phpIPAM answers 404 for a search without match. */
  private async search(path: string): Promise<readonly Row[]> {
    try {
      return rows(await this.call('GET', path));
    } catch (e) {
      if (e instanceof HttpError && e.status === 404) return [];
      throw e;
    }
  }

  private async prefixId(subnet: IpamSubnet): Promise<number | string | undefined> {
    return (await this.search(`/subnets/cidr/${subnet.cidrText}`))[0]?.id;
  }

  private async requirePrefixId(subnet: IpamSubnet): Promise<number | string> {
    const id = await this.prefixId(subnet);
    if (id === undefined) throw new IpamError('unknown-subnet', `subnet ${subnet.cidrText} not found in phpipam`);
    return id;
  }

  private async ipRow(ip: ParsedIp): Promise<Row | undefined> {
    return (await this.search(`/addresses/search/${ip.text}`))[0];
  }

  async addSubnet(subnet: IpamSubnet): Promise<void> {
    if ((await this.prefixId(subnet)) !== undefined) return;
    const network = subnet.cidrText.split('/')[0];
    await this.call('POST', '/subnets/', { subnet: network, mask: String(subnet.cidr.prefix), sectionId: this.section });
  }

  async updateSubnet(): Promise<void> {
    // phpIPAM keeps no DHCP ranges: nothing to change
  }

  async delSubnet(subnet: IpamSubnet): Promise<void> {
    const id = await this.prefixId(subnet);
    if (id === undefined) return;
    // the reference never deletes (it lacks an emptiness check); Weft checks, then deletes
    const left = (await this.search(`/subnets/${id}/addresses/`)).filter((r) => !(Number(r.is_gateway) === 1));
    if (left.length > 0) throw new IpamError('subnet-not-empty', `not deleting subnet ${subnet.cidrText} because it still contains entries`);
    await this.call('DELETE', `/subnets/${id}/`);
  }

  async addIp(subnet: IpamSubnet, ip: ParsedIp, data: IpData, isGateway = false): Promise<void> {
    const subnetId = await this.requirePrefixId(subnet);
    const body = {
      ip: ip.text,
      subnetId,
      hostname: data.hostname ?? null,
      description: data.vmid ?? null,
      ...(isGateway ? { is_gateway: 1 } : {}),
      ...(data.mac ? { mac: data.mac } : {}),
    };
    try {
      await this.call('POST', '/addresses/', body);
    } catch (e) {
      if (isGateway && Number((await this.ipRow(ip))?.is_gateway) === 1) return;
      throw new IpamError('ip-exists', `error add subnet ip to ipam: ip ${ip.text} already exist: ${(e as Error).message}`);
    }
  }

  async updateIp(_subnet: IpamSubnet, ip: ParsedIp, data: IpData, isGateway = false): Promise<void> {
    const id = (await this.ipRow(ip))?.id;
    if (id === undefined) throw new IpamError('ip-not-found', "can't find ip address in ipam");
    const body = { hostname: data.hostname ?? null, description: data.vmid ?? null, ...(isGateway ? { is_gateway: 1 } : {}), ...(data.mac ? { mac: data.mac } : {}) };
    await this.call('PATCH', `/addresses/${id}`, body);
  }

  async addNextFreeIp(subnet: IpamSubnet, data: IpData): Promise<ParsedIp> {
    const id = await this.requirePrefixId(subnet);
    const body = { hostname: data.hostname ?? null, description: data.vmid ?? null, ...(data.mac ? { mac: data.mac } : {}) };
    const answer = (await this.call('POST', `/addresses/first_free/${id}/`, body)) as PhpIpamAnswer | null;
    const ip = typeof answer?.data === 'string' ? parseIp(answer.data) : null;
    if (!ip) throw new IpamError('subnet-full', `can't find free ip in subnet ${subnet.cidrText}`);
    return ip;
  }

  addRangeNextFreeIp(subnet: IpamSubnet, _range: IpRange, data: IpData): Promise<ParsedIp> {
    return this.addNextFreeIp(subnet, data);
  }

  async delIp(_subnet: IpamSubnet, ip: ParsedIp): Promise<void> {
    const id = (await this.ipRow(ip))?.id;
    if (id === undefined) throw new IpamError('ip-not-found', `could not find ip ${ip.text} in phpipam`);
    await this.call('DELETE', `/addresses/${id}`);
  }

  async ipsFromMac(_zone: string, mac: string): Promise<MacIps> {
    let ip4: ParsedIp | undefined;
    let ip6: ParsedIp | undefined;
    for (const r of await this.search(`/addresses/search_mac/${mac}`)) {
      const ip = parseIp(r.ip ?? '');
      if (ip?.version === 4) ip4 ??= ip;
      if (ip?.version === 6) ip6 ??= ip;
    }
    return { ...(ip4 ? { ip4 } : {}), ...(ip6 ? { ip6 } : {}) };
  }

  async verifyApi(): Promise<void> {
    await this.call('GET', `/sections/${this.section}`);
  }
}
