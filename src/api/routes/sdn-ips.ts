/**
 * IP mappings of a VNet (`/cluster/sdn/vnets/{vnet}/ips`) and the built-in
 * IPAM's entries (`/cluster/sdn/ipams/{ipam}/status`). Permissions as the
 * reference: SDN.Allocate on `/sdn/zones/<zone>/<vnet>` to change mappings;
 * status lists only entries under VNets the caller may audit or allocate.
 * Weft additions: `POST` without `ip` allocates the next free addresses
 * (IPv4 and IPv6 together) and returns them (with `ip` it answers null, as
 * the reference); `vmid`/`hostname` on `POST`;
 * `DELETE` without `ip` releases every address of the MAC (a removed NIC).
 */
import { DnsError } from '../../dns/types.js';
import { removeGuestNic } from '../../ipam/guest-nic.js';
import { ipServiceDeps, type IpamServices } from '../../ipam/sdn-deps.js';
import { builtinIpamStatus } from '../../ipam/status.js';
import { IpamError } from '../../ipam/types.js';
import { createMapping, deleteMapping, updateMapping } from '../../ipam/vnet-ips.js';
import { BUILTIN_IPAM } from '../../model/ipam.js';
import { ParamError, SdnError } from '../../util/errors.js';
import { runningConfig } from '../../sdn/running.js';
import { PartialFailureError } from '../../util/compensation.js';
import { HttpError } from '../../util/http-json.js';
import { optInt, optStr, type TextParam } from '../params.js';
import type { IpamEntry } from '../answers.js';
import { route, type Ctx, type RouteDef } from '../route.js';
import { idSchema } from './sdn-sets.js';
import { readState } from './sdn-tx.js';
import { recordOf } from '../../sections/section-ids.js';

const VNET = idSchema('vnets');
const ZONE = { ...idSchema('zones'), optional: true } as const;
const MAC: TextParam = { type: 'string', format: 'mac-addr', description: 'Unicast MAC address.' };
const IP: TextParam = { type: 'string', format: 'ip', description: 'The IP address to associate with the given MAC address' };
const VMID = optInt('The (unique) ID of the VM.', 100, 999999999);

function ipam(ctx: Ctx): IpamServices {
  const services = ctx.services.ipam;
  if (!services) throw new SdnError('the IPAM is not available on this server');
  return services;
}

/** IPAM and DNS refusals as API errors: bad input names its parameter. */
async function domain<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    // an address outside every subnet of the VNet is a bad `ip` too
    if (e instanceof IpamError && (e.code === 'bad-input' || e.code === 'no-subnet')) {
      const at = e.message.indexOf(': ');
      throw new ParamError({ [e.message.slice(0, at)]: e.message.slice(at + 2) });
    }
    if (e instanceof IpamError) throw new SdnError(e.message, ['unknown-vnet', 'ip-not-found', 'unknown-subnet'].includes(e.code) ? 'not-found' : e.code === 'ip-exists' ? 'conflict' : 'failed');
    if (e instanceof DnsError || e instanceof HttpError || e instanceof PartialFailureError) throw new SdnError(e.message);
    throw e;
  }
}

/** Loads the state, checks SDN.Allocate on the VNet's zone path, and the `zone` parameter if given. */
async function allocateScope(ctx: Ctx<{ readonly vnet: string; readonly zone?: string }>) {
  const state = await readState(ctx);
  const vnet = ctx.params.vnet;
  const config = runningConfig(state);
  const zone = recordOf('vnets', config.vnets, vnet)?.zone;
  if (!zone) throw new SdnError(`sdn vnet '${vnet}' does not exist`, 'not-found');
  if (ctx.params.zone !== undefined && ctx.params.zone !== zone) throw new ParamError({ zone: `vnet '${vnet}' is in zone '${zone}'` });
  ctx.check(`/sdn/zones/${zone}/${vnet}`, ['SDN.Allocate']);
  return { deps: ipServiceDeps(config, ipam(ctx)), vnet };
}

const ipRoutes: RouteDef[] = [
  route({
    method: 'POST',
    path: '/cluster/sdn/vnets/{vnet}/ips',
    params: { zone: ZONE, vnet: VNET, mac: MAC, ip: { ...IP, optional: true }, vmid: VMID, hostname: optStr('Hostname for DNS registration.', { format: 'dns-name' }) },
    async handler(ctx) {
      const { deps, vnet } = await allocateScope(ctx);
      const p = ctx.params;
      const got = await domain(() =>
        createMapping(deps, {
          vnet,
          mac: p.mac,
          ...(p.ip !== undefined ? { ip: p.ip } : {}),
          ...(p.vmid !== undefined ? { vmid: p.vmid } : {}),
          ...(p.hostname !== undefined ? { hostname: p.hostname } : {}),
        }),
      );
      // with an ip, the reference's call and its answer (null); without, Weft's allocation answers what it allocated
      if (p.ip !== undefined) return null;
      return { ...(got.ip4 ? { ip: got.ip4.text } : got.ip6 ? { ip: got.ip6.text } : {}), ...(got.ip4 ? { ip4: got.ip4.text } : {}), ...(got.ip6 ? { ip6: got.ip6.text } : {}) };
    },
  }),
  route({
    method: 'PUT',
    path: '/cluster/sdn/vnets/{vnet}/ips',
    params: { zone: ZONE, vnet: VNET, mac: MAC, ip: IP, vmid: VMID },
    async handler(ctx) {
      const { deps, vnet } = await allocateScope(ctx);
      // the mapping keeps a guest's id as the text the IPAM stores
      const vmid = ctx.params.vmid === undefined ? undefined : String(ctx.params.vmid);
      await domain(() => updateMapping(deps, { vnet, mac: ctx.params.mac, ip: ctx.params.ip, ...(vmid ? { vmid } : {}) }));
      return null;
    },
  }),
  route({
    method: 'DELETE',
    path: '/cluster/sdn/vnets/{vnet}/ips',
    params: { zone: ZONE, vnet: VNET, mac: MAC, ip: { ...IP, optional: true } },
    async handler(ctx) {
      const { deps, vnet } = await allocateScope(ctx);
      const mac = ctx.params.mac;
      // without an ip (Weft): the guest NIC is gone, every address of the MAC in the VNet goes with its records
      const { ip } = ctx.params;
      if (ip === undefined) await domain(() => removeGuestNic(deps, { vnet, mac }));
      else await domain(() => deleteMapping(deps, { vnet, mac, ip }));
      return null;
    },
  }),
  route({
    method: 'GET',
    path: '/cluster/sdn/ipams/{ipam}/status',
    params: { ipam: idSchema('ipams') },
    async handler(ctx): Promise<IpamEntry[]> {
      if (ctx.params.ipam !== BUILTIN_IPAM) throw new SdnError('Currently only PVE IPAM is supported!');
      const config = runningConfig(await readState(ctx));
      const entries = builtinIpamStatus(config, await ipam(ctx).pve.records());
      return entries.filter((e) => ctx.can(`/sdn/zones/${e.zone}/${e.vnet}`, ['SDN.Audit', 'SDN.Allocate'], true));
    },
  }),
];

export const IP_ROUTES: readonly RouteDef[] = ipRoutes;
