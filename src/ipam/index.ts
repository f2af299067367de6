/**
 * The IPAM plugin table: one factory per `ipams.cfg` type. The built-in IPAM
 * is one shared instance (it owns the database file and its lock); the
 * external ones are built per section from their URL and token.
 */
import type { Ipam, IpamType } from '../model/ipam.js';
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

type IpamFactory = (config: Ipam, ctx: IpamContext) => IpamBackend;

const clientFor = (config: Ipam, ctx: IpamContext): HttpClient => ctx.http ?? httpJsonClient(config.fingerprint ? { fingerprint: config.fingerprint } : {});

export const IPAM_PLUGINS = {
  pve: (_config, ctx) => ctx.pve,
  netbox: (config, ctx) => new NetboxIpam(config, clientFor(config, ctx)),
  phpipam: (config, ctx) => new PhpIpam(config, clientFor(config, ctx)),
} as const satisfies Record<IpamType, IpamFactory>;

export function ipamBackend(config: Ipam, ctx: IpamContext): IpamBackend {
  return IPAM_PLUGINS[config.type](config, ctx);
}
