/**
 * The IP services' view of the SDN state the API holds: the decoded running
 * config (zones, VNets and subnets the nodes run; IPAM and DNS sections as
 * their files say, with their secrets) and the backends it names.
 */
import type { DnsContext } from '../dns/index.js';
import type { SdnConfig } from '../model/config.js';
import type { HttpClient } from '../util/http-json.js';
import type { IpamContext } from './index.js';
import type { PveIpam } from './pve.js';
import { configBackends, type DhcpNotifier, type IpServiceDeps } from './service-context.js';

/** What the server holds for the IP services. */
export interface IpamServices {
  readonly pve: PveIpam;
  readonly dhcp?: DhcpNotifier;
  readonly http?: HttpClient;
}

/** `config`: the decoded running config (`runningConfig` of sdn/running.ts). */
export function ipServiceDeps(config: SdnConfig, services: IpamServices): IpServiceDeps {
  const ctx: IpamContext & DnsContext = { pve: services.pve, ...(services.http ? { http: services.http } : {}) };
  return { config: () => config, ...configBackends(() => config, ctx), ...(services.dhcp ? { dhcp: services.dhcp } : {}) };
}
