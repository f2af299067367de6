/**
 * The FRR daemons SDN switches on and off in `/etc/frr/daemons`, as the
 * reference's Frr.pm set_daemon_status does: fabricd for an OpenFabric
 * fabric on the node, ospfd for an OSPF one, each off otherwise. A changed
 * daemons file means FRR must restart; a reload cannot start a daemon.
 */
import { nodeFabrics } from '../fabrics/index.js';
import type { SdnConfig } from '../model/config.js';

/** daemon → the fabric protocol that needs it (the reference's $SDN_DAEMONS_DEFAULT keys) */
const MANAGED = { fabricd: 'openfabric', ospfd: 'ospf' } as const;
type Daemon = keyof typeof MANAGED;

export function wantedDaemons(config: SdnConfig, nodename: string): Readonly<Record<Daemon, boolean>> {
  const protocols = new Set<string>(nodeFabrics(config.fabrics, nodename).map((ctx) => ctx.entry.protocol));
  return { fabricd: protocols.has(MANAGED.fabricd), ospfd: protocols.has(MANAGED.ospfd) };
}

/** The daemons file with the managed `name=yes|no` lines set; every other line as it was. */
export function setDaemons(text: string, wanted: Readonly<Record<Daemon, boolean>>): string {
  return text.replace(/^([a-z_]+)=.*$/gm, (line, key: string) => (key in wanted ? `${key}=${wanted[key as Daemon] ? 'yes' : 'no'}` : line));
}
