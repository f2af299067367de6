/**
 * The dnsmasq files the node no longer needs. Like the reference, Weft owns
 * every `10-*.conf` in a DHCP zone's folder (one per VNet): those of VNets
 * gone or no longer served are removed. A zone that no longer serves DHCP
 * on this node (recognised by the `/etc/default/dnsmasq.<zone>` Weft wrote)
 * loses its files and its dnsmasq instance is stopped and disabled. Files an
 * operator added to a zone folder under other names stay.
 */
import { DNSMASQ_CONF_ROOT, DNSMASQ_DEFAULT_ROOT, defaultsFile, ethersPath, zoneDir } from '../dhcp/dnsmasq.js';
import type { GeneratedFile } from '../render/generated-file.js';
import type { ManagedFile } from './apply.js';
import type { NodeHost } from './host.js';

/** The service of a zone whose DHCP is gone: its instance stops (see reload.ts). */
export const retiredDnsmasqService = (zone: string): string => `dnsmasq-retired@${zone}`;

const VNET_CONF = /^10-.*\.conf$/;

/** The zone a rendered dnsmasq file belongs to, if it is one. */
function zoneOf(path: string): string | null {
  const rest = path.startsWith(`${DNSMASQ_CONF_ROOT}/`) ? path.slice(DNSMASQ_CONF_ROOT.length + 1) : null;
  const slash = rest?.indexOf('/') ?? -1;
  return rest && slash > 0 ? rest.slice(0, slash) : null;
}

export function staleDnsmasqFiles(host: NodeHost, rendered: readonly GeneratedFile[]): ManagedFile[] {
  const wanted = new Set(rendered.map((f) => f.path));
  const served = new Set(rendered.map((f) => zoneOf(f.path)).filter((z): z is string => z !== null));
  const out: ManagedFile[] = [];
  const remove = (path: string, service: string) => {
    if (!wanted.has(path) && host.read(path) !== null) out.push({ path, content: null, service });
  };
  for (const zone of [...served].sort()) {
    for (const name of host.list(zoneDir(zone)).sort()) if (VNET_CONF.test(name)) remove(`${zoneDir(zone)}/${name}`, `dnsmasq@${zone}`);
  }
  const prefix = 'dnsmasq.';
  for (const name of host.list(DNSMASQ_DEFAULT_ROOT).sort()) {
    const zone = name.startsWith(prefix) ? name.slice(prefix.length) : '';
    if (!zone || served.has(zone) || host.read(`${DNSMASQ_DEFAULT_ROOT}/${name}`) !== defaultsFile(zone)) continue;
    const service = retiredDnsmasqService(zone);
    remove(`${DNSMASQ_DEFAULT_ROOT}/${name}`, service);
    remove(`${zoneDir(zone)}/00-default.conf`, service);
    for (const conf of host.list(zoneDir(zone)).sort()) if (VNET_CONF.test(conf)) remove(`${zoneDir(zone)}/${conf}`, service);
    remove(ethersPath(zone), service);
  }
  return out;
}
