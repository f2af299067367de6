/** The DNS plugin table: one factory per `dns.cfg` type. */
import type { Dns } from '../model/dns.js';
import { httpJsonClient, type HttpClient } from '../util/http-json.js';
import { PowerDns } from './powerdns.js';
import type { DnsBackend } from './types.js';

export interface DnsContext {
  /** by default a client honouring the section's fingerprint */
  readonly http?: HttpClient;
}

type DnsFactory = (config: Dns, ctx: DnsContext) => DnsBackend;

export const DNS_PLUGINS = {
  powerdns: (config, ctx) => new PowerDns(config, ctx.http ?? httpJsonClient(config.fingerprint ? { fingerprint: config.fingerprint } : {})),
} as const satisfies Record<Dns['type'], DnsFactory>;

export function dnsBackend(config: Dns, ctx: DnsContext = {}): DnsBackend {
  return DNS_PLUGINS[config.type](config, ctx);
}
