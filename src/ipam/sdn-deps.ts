/**
 * The IP services' view of the SDN state the API holds: the decoded running
 * config (zones, VNets and subnets the nodes run; IPAM and DNS sections as
 * their files say, with their secrets) and the backends it names; a subnet
 * section of the edited config as its IPAM sees it.
 */
import type { SectionValue } from '../config/section-config.js';
import type { DnsContext } from '../dns/index.js';
import type { RawConfig, SdnConfig } from '../model/config.js';
import { decodeConfig } from '../model/decode-config.js';
import { parseIp } from '../model/ip.js';
import { parseDhcpRange, parseSubnetId } from '../model/subnet.js';
import { rawSections, type SdnState } from '../sdn/state.js';
import type { HttpClient } from '../util/http-json.js';
import { ipamBackend, type IpamContext } from './index.js';
import type { PveIpam } from './pve.js';
import { configBackends, type DhcpNotifier, type IpServiceDeps } from './service-context.js';
import { IpamError, type IpamBackend, type IpamSubnet, type IpRange } from './types.js';

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

const text = (v: SectionValue | undefined): string | undefined => (typeof v === 'string' ? v : undefined);

/** A subnet section's values (`vnet`, `gateway`, `dhcp-range`, …) as its IPAM sees it; null when they name no VNet. */
export function ipamSubnetOfSection(id: string, values: ReadonlyMap<string, SectionValue> | undefined): IpamSubnet | null {
  const sid = parseSubnetId(id);
  const vnet = text(values?.get('vnet'));
  if (!values || !sid || !vnet) return null;
  const gateway = parseIp(text(values.get('gateway')) ?? '');
  const ranges: IpRange[] = [];
  const raw = values.get('dhcp-range');
  for (const r of raw === undefined ? [] : typeof raw === 'string' ? [raw] : raw) {
    const p = parseDhcpRange(r);
    const start = p && parseIp(p['start-address']);
    const end = p && parseIp(p['end-address']);
    if (start && end) ranges.push({ start, end });
  }
  const prefix = text(values.get('dnszoneprefix'));
  return { id, zone: sid.zone, vnet, cidr: sid.cidr, cidrText: sid.text, ...(gateway ? { gateway } : {}), dhcpRanges: ranges, ...(prefix ? { dnszoneprefix: prefix } : {}) };
}
