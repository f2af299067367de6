/**
 * The IPAM plugin table: one factory per `ipams.cfg` type. The built-in IPAM
 * is one shared instance (it owns the database file and its lock); the
 * external ones are built per section from their URL and token.
 */
import type { Ipam, IpamType, NetboxConfig, PhpIpamConfig } from '../model/ipam.js';
import { httpJsonClient, type HttpClient } from '../util/http-json.js';
import { NetboxIpam } from './netbox.js';
import { PhpIpam } from './phpipam.js';
import type { PveIpam } from './pve.js';
import type { IpamBackend } from './types.js';

export interface IpamContext {
  readonly pve: PveIpam;
  /** the HTTP client for external IPAMs; by default one honouring the section's fingerprint */
  readonly http?: HttpClient;
}

type IpamFactories = { readonly [T in IpamType]: (config: Extract<Ipam, { readonly type: T }>, ctx: IpamContext) => IpamBackend };

const clientFor = (config: NetboxConfig | PhpIpamConfig, ctx: IpamContext): HttpClient => ctx.http ?? httpJsonClient(config.fingerprint ? { fingerprint: config.fingerprint } : {});

export const IPAM_PLUGINS = {
  pve: (_config, ctx) => ctx.pve,
  netbox: (config, ctx) => new NetboxIpam(config, clientFor(config, ctx)),
  phpipam: (config, ctx) => new PhpIpam(config, clientFor(config, ctx)),
} as const satisfies IpamFactories;

export function ipamBackend(config: Ipam, ctx: IpamContext): IpamBackend {
  switch (config.type) {
    case 'pve':
      return IPAM_PLUGINS.pve(config, ctx);
    case 'netbox':
      return IPAM_PLUGINS.netbox(config, ctx);
    case 'phpipam':
      return IPAM_PLUGINS.phpipam(config, ctx);
  }
}
