/**
 * The IP services' view of the SDN state the API holds: the decoded running
 * config (zones, VNets and subnets the nodes run; IPAM and DNS sections as
 * their files say, with their secrets) and the backends it names; a subnet
 * section of the edited config as its IPAM sees it.
 */
import type { SectionValue } from '../config/section-config.js';
import type { DnsContext } from '../dns/index.js';
import type { RawConfig } from '../model/config.js';
import type { SdnConfig } from '../sections/sdn-config.js';
import { decodeConfig, decodeSectionOnce, jsonWhere } from '../sections/decode-config.js';
import { rawSections, type SdnState } from '../sdn/state.js';
import type { HttpClient } from '../util/http-json.js';
import { ipamBackend, type IpamContext } from './index.js';
import type { PveIpam } from './pve.js';
import { configBackends, type DhcpNotifier, type IpServiceDeps } from './service-context.js';
import { IpamError, ipamSubnetOf, type IpamBackend, type IpamSubnet } from './types.js';

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

/** The backend of IPAM `ipamId` as ipams.cfg (with its secrets) configures it now. */
export function ipamById(state: SdnState, ipamId: string, services: IpamServices): IpamBackend {
  const section = rawSections('ipams', state.files.ipams, state.secrets)[ipamId];
  if (!section) throw new IpamError('unknown-ipam', `ipam '${ipamId}' does not exist`);
  const decoded = decodeConfig({ ipams: { ids: { [ipamId]: section } } } as RawConfig);
  const config = decoded.config?.ipams.get(ipamId);
  if (!config) throw new IpamError('bad-config', `ipam '${ipamId}' is not valid: ${decoded.issues.map((i) => i.message).join('; ')}`);
  return ipamBackend(config, { pve: services.pve, ...(services.http ? { http: services.http } : {}) });
}

/** A subnet section's values (`vnet`, `gateway`, `dhcp-range`, …) as its IPAM sees it, decoded by the model; null when they are not a valid subnet. */
export function ipamSubnetOfSection(id: string, values: ReadonlyMap<string, SectionValue> | undefined): IpamSubnet | null {
  if (!values) return null;
  const subnet = decodeSectionOnce('subnets', id, { type: 'subnet', ...Object.fromEntries(values) }, jsonWhere('subnets')).section?.record;
  return subnet ? ipamSubnetOf(subnet) : null;
}
