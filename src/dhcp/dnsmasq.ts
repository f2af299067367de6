/**
 * dnsmasq, one instance per zone (`dnsmasq@<zone>`, Debian's template unit
 * reads `/etc/default/dnsmasq.<zone>`), with the file layout of the
 * reference: `/etc/dnsmasq.d/<zone>/00-default.conf` (instance defaults),
 * `10-<vnet>.conf` (per subnet: a static range covering the subnet, router
 * and DNS options; the bridge to listen on), and `ethers` (MAC → address
 * reservations from the IPAM; only known MACs get a lease). Leases live in
 * `/var/lib/misc/dnsmasq.<zone>.leases`. Other `*.conf` files an operator
 * adds to the directory are left alone and read after ours.
 */
import type { NodeFile, Service } from '../ir/node-file.js';
import type { DhcpHost, DhcpSubnet, DhcpVnet, DhcpZone } from './plan.js';

export const DNSMASQ_CONF_ROOT = '/etc/dnsmasq.d';
export const DNSMASQ_DEFAULT_ROOT = '/etc/default';
export const DNSMASQ_LEASE_ROOT = '/var/lib/misc';

export const zoneDir = (zone: string): string => `${DNSMASQ_CONF_ROOT}/${zone}`;
export const ETHERS = 'ethers';
export const ethersPath = (zone: string): string => `${zoneDir(zone)}/${ETHERS}`;
/** The zone's instance, which its files feed */
export const dnsmasqService = (zone: string): Service => ({ kind: 'dnsmasq', zone });
/** Debian's template unit, one instance per zone */
export const dnsmasqUnit = (zone: string): string => `dnsmasq@${zone}`;
export const leasesPath = (zone: string): string => `${DNSMASQ_LEASE_ROOT}/dnsmasq.${zone}.leases`;

function netmask(prefix: number): string {
  const v = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255].join('.');
}

/** The instance defaults: no DNS on lo, RA for IPv6, leases and reservations of this zone only. */
export function defaultConf(zone: DhcpZone): string {
  return [
    'except-interface=lo',
    'enable-ra',
    'quiet-ra',
    'bind-dynamic',
    'no-hosts',
    `dhcp-leasefile=${leasesPath(zone.zone)}`,
    `dhcp-hostsfile=${ethersPath(zone.zone)}`,
    // answer only MACs the IPAM reserved an address for
    'dhcp-ignore=tag:!known',
    '',
    `dhcp-option=26,${zone.mtu}`,
    `ra-param=*,mtu:${zone.mtu},0`,
    '',
    '# empty WPAD option (some Windows versions need it)',
    'dhcp-option=252,"\\n"',
    '',
    '# tell Windows to release its lease on shutdown',
    'dhcp-option=vendor:MSFT,2,1i',
    '',
    '# a client calling itself "wpad" is ignored (CERT VU#598349)',
    'dhcp-name-match=set:wpad-ignore,wpad',
    'dhcp-ignore-names=tag:wpad-ignore',
    '',
  ].join('\n');
}

function subnetLines(s: DhcpSubnet): string[] {
  if (s.version === 4) {
    const lines = [`dhcp-range=set:${s.tag},${s.network},static,${netmask(s.prefix)},infinite`, `dhcp-option=tag:${s.tag},option:router,${s.gateway}`];
    if (s.dnsServer) lines.push(`dhcp-option=tag:${s.tag},option:dns-server,${s.dnsServer}`);
    return lines;
  }
  const lines = [`dhcp-range=set:${s.tag},${s.network},static,${s.prefix},infinite`];
  // dnsmasq wants IPv6 option values in brackets
  if (s.dnsServer) lines.push(`dhcp-option=tag:${s.tag},option6:dns-server,[${s.dnsServer}]`);
  return lines;
}

export function vnetConf(vnet: DhcpVnet): string {
  return `${[...vnet.subnets.flatMap(subnetLines), `interface=${vnet.vnet}`].join('\n')}\n`;
}

/** `MAC,IPv4`, `MAC,[IPv6]` or `MAC,IPv4,[IPv6]` per line, by MAC. */
export function ethers(hosts: readonly DhcpHost[]): string {
  const lines = [...hosts]
    .filter((h) => h.ip4 || h.ip6)
    .sort((a, b) => (a.mac < b.mac ? -1 : a.mac > b.mac ? 1 : 0))
    .map((h) => [h.mac, ...(h.ip4 ? [h.ip4] : []), ...(h.ip6 ? [`[${h.ip6}]`] : [])].join(','));
  return lines.map((l) => `${l}\n`).join('');
}

/** `/etc/default/dnsmasq.<zone>`, read by Debian's `dnsmasq@.service`. */
export function defaultsFile(zone: string): string {
  return `CONFIG_DIR='${zoneDir(zone)},*.conf'\nDNSMASQ_OPTS="--conf-file=/dev/null"\n`;
}

export function dnsmasqFiles(zone: DhcpZone): NodeFile[] {
  const service = dnsmasqService(zone.zone);
  return [
    { path: `${DNSMASQ_DEFAULT_ROOT}/dnsmasq.${zone.zone}`, content: defaultsFile(zone.zone), service },
    { path: `${zoneDir(zone.zone)}/00-default.conf`, content: defaultConf(zone), service },
    ...zone.vnets.map((v) => ({ path: `${zoneDir(zone.zone)}/10-${v.vnet}.conf`, content: vnetConf(v), service })),
    // without the IPAM's reservations at hand, the reservations file is left as it is
    ...(zone.hosts ? [{ path: ethersPath(zone.zone), content: ethers(zone.hosts), service }] : []),
  ];
}
