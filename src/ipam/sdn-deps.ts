/**
 * The IP services' view of the SDN state the API holds: zones, VNets and
 * subnets of the running config (what the nodes run), IPAM and DNS sections
 * from their files with their secrets (they take effect at once, as in the
 * reference), decoded and checked by the model once per request.
 */
import type { DnsContext } from '../dns/index.js';
import type { RawConfig, RawSection, SdnConfig } from '../model/config.js';
import { decodeConfig } from '../model/decode-config.js';
import { formatIssue } from '../model/issues.js';
import type { SdnState } from '../sdn/state.js';
import { runningIds } from '../sdn/state.js';
import type { HttpClient } from '../util/http-json.js';
import type { IpamContext } from './index.js';
import type { PveIpam } from './pve.js';
import { configBackends, type DhcpNotifier, type IpServiceDeps } from './service-context.js';
import { IpamError } from './types.js';

/** What the server holds for the IP services. */
export interface IpamServices {
  readonly pve: PveIpam;
  readonly dhcp?: DhcpNotifier;
  readonly http?: HttpClient;
}

function liveSet(state: SdnState, set: 'ipams' | 'dns'): Record<string, RawSection> {
  const ids: Record<string, RawSection> = {};
  for (const [id, s] of state.files[set].sections) ids[id] = { type: s.type, ...Object.fromEntries(s.values), ...(state.secrets[set]?.[id] ?? {}) };
  return ids;
}

export function runningSdnConfig(state: SdnState): SdnConfig {
  const raw = {
    version: typeof state.running.version === 'number' ? state.running.version : 0,
    zones: { ids: runningIds(state, 'zones') },
    vnets: { ids: runningIds(state, 'vnets') },
    subnets: { ids: runningIds(state, 'subnets') },
    ipams: { ids: liveSet(state, 'ipams') },
    dns: { ids: liveSet(state, 'dns') },
  } as RawConfig;
  const decoded = decodeConfig(raw);
  if (!decoded.config) {
    const problems = decoded.issues.filter((i) => i.severity === 'error').map(formatIssue).join('; ');
    throw new IpamError('bad-config', `the running SDN config does not validate: ${problems}`);
  }
  return decoded.config;
}

export function ipServiceDeps(state: SdnState, services: IpamServices): IpServiceDeps {
  const config = runningSdnConfig(state);
  const ctx: IpamContext & DnsContext = { pve: services.pve, ...(services.http ? { http: services.http } : {}) };
  return { config: () => config, ...configBackends(() => config, ctx), ...(services.dhcp ? { dhcp: services.dhcp } : {}) };
}
