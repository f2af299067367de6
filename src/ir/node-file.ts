/**
 * A file a node gets (the sdn interfaces file, frr.conf and FRR's daemons
 * file, dnsmasq's files per DHCP zone, WireGuard configs), as a value the node
 * agent writes: `content: null` means the file must not exist; `service` is
 * what takes a change of it into effect.
 */
export interface NodeFile {
  readonly path: string;
  readonly content: string | null;
  readonly service: Service;
  readonly mode?: number;
}

/** What the agent reloads after a file changed (agent/reload.ts says how). */
export type Service =
  /** ifupdown2: `ifreload -a` */
  | { readonly kind: 'network' }
  /** an FRR restart: a daemon switched on or off */
  | { readonly kind: 'frr-daemons' }
  /** `frr-reload.py` onto the new frr.conf */
  | { readonly kind: 'frr' }
  /** the zone's dnsmasq instance, enabled and restarted */
  | { readonly kind: 'dnsmasq'; readonly zone: string }
  /** a zone that serves no DHCP here any more: its instance stopped and disabled */
  | { readonly kind: 'dnsmasq-retired'; readonly zone: string }
  /** `wg syncconf` of the interface, when it is up */
  | { readonly kind: 'wireguard'; readonly iface: string };

export const NETWORK: Service = { kind: 'network' };
export const FRR: Service = { kind: 'frr' };
export const FRR_DAEMONS: Service = { kind: 'frr-daemons' };

/** The service's name in the agent's log and reports (`network`, `dnsmasq@zone1`, `wireguard@wg0`); one service, one name. */
export function serviceName(service: Service): string {
  switch (service.kind) {
    case 'network':
    case 'frr':
    case 'frr-daemons':
      return service.kind;
    case 'dnsmasq':
    case 'dnsmasq-retired':
      return `${service.kind}@${service.zone}`;
    case 'wireguard':
      return `wireguard@${service.iface}`;
  }
}

/** Each service once, in the order first met (services compare by name). */
export function distinctServices(services: Iterable<Service>): Service[] {
  const byName = new Map<string, Service>();
  for (const s of services) {
    const name = serviceName(s);
    if (!byName.has(name)) byName.set(name, s);
  }
  return [...byName.values()];
}
