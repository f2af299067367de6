/**
 * PowerDNS through its HTTP API (`<url>` is `…/api/v1/servers/localhost`),
 * sending the requests the reference sends (see the conformance fixtures):
 * record sets are read, changed and written back whole (`REPLACE`), so other
 * addresses of a name survive. The TTL goes out as the configured text, as
 * the reference sends it; PowerDNS accepts it.
 */
import type { Dns } from '../model/dns.js';
import type { ParsedCidr, ParsedIp } from '../model/ip.js';
import { jsonApi, type HttpClient, type JsonApiCall } from '../util/http-json.js';
import { reverseName, reverseZone } from './reverse.js';
import { DnsError, type DnsBackend } from './types.js';

interface PdnsRecord {
  readonly content: string;
  readonly disabled: boolean;
  readonly name?: string;
  readonly type?: string;
}
interface PdnsRrset {
  readonly name: string;
  readonly type: string;
  readonly ttl?: number | string;
  readonly records: readonly PdnsRecord[];
}

const DEFAULT_TTL = 14400;

export class PowerDns implements DnsBackend {
  readonly type = 'powerdns';
  private readonly url: string;
  private readonly key: string;
  private readonly ttl: string;
  private readonly reversemaskv6: number | undefined;
  private readonly call: JsonApiCall;

  constructor(config: Dns, http: HttpClient) {
    if (!config.url) throw new DnsError('bad-config', `dns.${config.id}.url: required for powerdns`);
    if (!config.key) throw new DnsError('bad-config', `dns.${config.id}.key: required for powerdns`);
    this.url = config.url;
    this.key = config.key;
    this.ttl = String(config.ttl || DEFAULT_TTL);
    this.reversemaskv6 = config.reversemaskv6;
    this.call = jsonApi(http, this.url, { 'X-API-Key': this.key });
  }


  private async rrset(zone: string, name: string, type: string): Promise<PdnsRrset | undefined> {
    const content = (await this.call('GET', `/zones/${zone}`)) as { rrsets?: readonly PdnsRrset[] } | null;
    return content?.rrsets?.find((r) => r.name === name && r.type === type);
  }

  private patch(zone: string, rrset: object): Promise<unknown> {
    return this.call('PATCH', `/zones/${zone}`, { rrsets: [rrset] });
  }

  async addARecord(zone: string, hostname: string, ip: ParsedIp): Promise<void> {
    const type = ip.version === 6 ? 'AAAA' : 'A';
    const fqdn = `${hostname}.${zone}.`;
    const existing = await this.rrset(zone, fqdn, type);
    if (existing?.records.some((r) => r.content === ip.text)) return;
    const records = [...(existing?.records ?? []), { content: ip.text, disabled: false, name: fqdn, type }];
    await this.patch(zone, { name: fqdn, type, ttl: this.ttl, changetype: 'REPLACE', records });
  }

  async delARecord(zone: string, hostname: string, ip: ParsedIp): Promise<void> {
    const type = ip.version === 6 ? 'AAAA' : 'A';
    const fqdn = `${hostname}.${zone}.`;
    const existing = await this.rrset(zone, fqdn, type);
    if (!existing) return;
    const rest = existing.records.filter((r) => r.content !== ip.text);
    if (rest.length === existing.records.length) return;
    const rrset =
      rest.length > 0
        ? { name: fqdn, type, ttl: existing.ttl, changetype: 'REPLACE', records: rest }
        : { name: fqdn, type, changetype: 'DELETE', records: [] };
    await this.patch(zone, rrset);
  }

  async addPtrRecord(zone: string, fqdn: string, ip: ParsedIp): Promise<void> {
    const name = reverseName(ip);
    const records = [{ content: `${fqdn}.`, disabled: false, name, type: 'PTR' }];
    await this.patch(zone, { name, type: 'PTR', ttl: this.ttl, changetype: 'REPLACE', records });
  }

  async delPtrRecord(zone: string, ip: ParsedIp): Promise<void> {
    await this.patch(zone, { name: reverseName(ip), type: 'PTR', changetype: 'DELETE', records: [] });
  }

  async verifyZone(zone: string): Promise<void> {
    try {
      await this.call('GET', `/zones/${zone}?rrsets=false`);
    } catch (e) {
      throw new DnsError('unknown-zone', `can't read zone ${zone}: ${(e as Error).message}`);
    }
  }

  reverseZone(cidr: ParsedCidr, ip: ParsedIp): string {
    return reverseZone(cidr, ip, this.reversemaskv6);
  }

  /** The reference's API check when the DNS section is saved. */
  async verifyApi(): Promise<void> {
    await this.call('GET', '');
  }
}
