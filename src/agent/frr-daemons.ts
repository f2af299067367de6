/**
 * The FRR daemons a node needs, switched on in `/etc/frr/daemons`: one per
 * routing protocol its rendered frr.conf runs (fabricd for OpenFabric, ospfd
 * for OSPF, bgpd for a BGP fabric or an EVPN/BGP controller, …, and whatever
 * frr.conf.local adds), bfdd for BFD sessions. Daemons are switched on, never
 * off: an idle daemon costs nothing, while switching off one the operator
 * runs would cut their routing (the reference's set_daemon_status turns
 * fabricd and ospfd off when no fabric needs them). A changed daemons file
 * means FRR must restart; a reload cannot start a daemon.
 */

/** `router <protocol>` in frr.conf → the daemon that runs it */
const ROUTER_DAEMONS: Readonly<Record<string, string>> = { bgp: 'bgpd', ospf: 'ospfd', ospf6: 'ospf6d', openfabric: 'fabricd', isis: 'isisd' };

/** The daemons `frrConf` (as Weft's serializer writes it) needs; none without one. */
export function wantedDaemons(frrConf: string | null): ReadonlySet<string> {
  const out = new Set<string>();
  for (const m of (frrConf ?? '').matchAll(/^router (\S+)/gm)) {
    const daemon = ROUTER_DAEMONS[m[1] ?? ''];
    if (daemon) out.add(daemon);
  }
  if (/^ neighbor \S+ bfd$/m.test(frrConf ?? '')) out.add('bfdd');
  return out;
}

/** The daemons file with each wanted daemon's `name=no` line set to yes; every other line as it was. */
export function setDaemons(text: string, wanted: ReadonlySet<string>): string {
  return text.replace(/^([a-z0-9_]+)=no[ \t]*$/gm, (line, key: string) => (wanted.has(key) ? `${key}=yes` : line));
}
