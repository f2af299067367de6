/**
 * The dnsmasq files the node no longer needs. Like the reference, Weft owns
 * every `10-*.conf` in a DHCP zone's folder (one per VNet): those of VNets
 * gone or no longer served are removed. A zone that no longer serves DHCP
 * on this node (recognised by the `/etc/default/dnsmasq.<zone>` Weft wrote)
 * loses its files and its dnsmasq instance is stopped and disabled. Files an
 * operator added to a zone folder under other names stay.
 */
import { DNSMASQ_DEFAULT_ROOT, defaultsFile, dnsmasqService, ETHERS, zoneDir } from '../dhcp/dnsmasq.js';
import type { NodeFile, Service } from '../ir/node-file.js';
import type { NodeHost } from './host.js';

const VNET_CONF = /^10-.*\.conf$/;

export function staleDnsmasqFiles(host: NodeHost, rendered: readonly NodeFile[]): NodeFile[] {
  const wanted = new Set(rendered.map((f) => f.path));
  const served = new Set(rendered.flatMap((f) => (f.service.kind === 'dnsmasq' ? [f.service.zone] : [])));
  const out: NodeFile[] = [];
  // the files of a zone folder that `keep` does not claim, found by listing it (nothing read)
  const removeIn = (zone: string, keep: (name: string) => boolean, service: Service) => {
    for (const name of host.list(zoneDir(zone)).sort()) {
      const path = `${zoneDir(zone)}/${name}`;
      if (!keep(name) && !wanted.has(path)) out.push({ path, content: null, service });
    }
  };
  for (const zone of [...served].sort()) removeIn(zone, (name) => !VNET_CONF.test(name), dnsmasqService(zone));
  const prefix = 'dnsmasq.';
  for (const name of host.list(DNSMASQ_DEFAULT_ROOT).sort()) {
    const zone = name.startsWith(prefix) ? name.slice(prefix.length) : '';
    const path = `${DNSMASQ_DEFAULT_ROOT}/${name}`;
    if (!zone || served.has(zone) || host.read(path) !== defaultsFile(zone)) continue;
    // its instance stops (see reload.ts)
    const service: Service = { kind: 'dnsmasq-retired', zone };
    out.push({ path, content: null, service });
    removeIn(zone, (file) => !(VNET_CONF.test(file) || file === '00-default.conf' || file === ETHERS), service);
  }
  return out;
}
