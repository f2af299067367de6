/**
 * `weft render`: running config + node facts → the node's files, written to
 * `--out` (see the conformance README for the contract). Nothing is written
 * unless the whole input is valid.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { NodeFile } from '../ir/node-file.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { CliError, reportIssues } from './errors.js';
import { renderFromFiles } from './render-files.js';

export const RENDER_USAGE = `usage: weft render (--config FILE.json | --config-dir DIR) --facts FILE
                   [--interfaces FILE] [--frr-local FILE] [--wg-keys FILE] [--ipam FILE] [--out DIR]
Renders one node's /etc/network/interfaces.d/sdn (as DIR/sdn), when a
controller or fabric applies /etc/frr/frr.conf (as DIR/frr.conf), and the
node's WireGuard interface configs (DIR/wireguard/<iface>.conf, mode 0600,
private keys from --wg-keys, the priv/wg-keys.cfg file). Other files
(dnsmasq for DHCP zones, with reservations from the built-in IPAM database
--ipam) go to DIR/<their absolute path>, e.g. DIR/etc/dnsmasq.d/<zone>/ethers.
Without --out the sdn file is printed.

--facts FILE is what the node's agent probes (JSON; only nodename is required):
  { "nodename": "pve1",
    "routeSource": { "ip": "10.0.0.11", "iface": "eth1" },   the node's route source towards the
                        first peer: the VXLAN tunnel endpoint and BGP source when no loopback or
                        local peer address names one (ip route get <first peer>)
    "uplink": { "ip": "198.51.100.11", "iface": "vmbr0" },   the route source towards the internet
                        (ip route get 8.8.8.8): where SNAT leaves the node; absent: routeSource
    "uplink6": { "ip": "2001:db8::11", "iface": "vmbr0" },   the same for IPv6 subnets
                        (ip route get 2001:4860:4860::8888); absent: uplink
    "defaultMac": "bc:24:11:1d:69:60",   a MAC of the node (BGP router-id without an IPv4 source)
    "bridgePorts": { "vmbr0": ["eth0"] } }   the physical ports of each bridge
Each route source may be null (no such route). Addresses, interface names
and MACs are checked: a placeholder fails naming the field.`;

export function renderCommand(argv: readonly string[]): number {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      config: { type: 'string' },
      'config-dir': { type: 'string' },
      facts: { type: 'string' },
      interfaces: { type: 'string' },
      'frr-local': { type: 'string' },
      'wg-keys': { type: 'string' },
      ipam: { type: 'string' },
      out: { type: 'string' },
    },
    strict: true,
  });
  const { config, 'config-dir': configDir } = values;
  const source = config && !configDir ? { config } : configDir && !config ? { configDir } : undefined;
  if (!source) throw new CliError(`give exactly one of --config or --config-dir\n${RENDER_USAGE}`);
  if (!values.facts) throw new CliError(`--facts FILE is required (at least {"nodename": "<node>"})\n${RENDER_USAGE}`);

  const { issues, files } = renderFromFiles({
    ...source,
    facts: values.facts,
    interfaces: values.interfaces,
    frrLocal: values['frr-local'],
    wgKeys: values['wg-keys'],
    ipam: values.ipam,
  });
  if (reportIssues('render', issues) || !files) return 1;

  if (!values.out) {
    process.stdout.write(files.sdn);
    return 0;
  }
  for (const f of files.files) if (f.content !== null) writeFileAtomic(join(values.out, outName(f)), f.content, f.mode);
  return 0;
}

/** Where `--out` puts a node file: `sdn`, `frr.conf`, `wireguard/<iface>.conf`, the others under their node path. */
function outName(f: NodeFile): string {
  switch (f.service.kind) {
    case 'network':
      return 'sdn';
    case 'frr':
      return 'frr.conf';
    case 'wireguard':
      return join('wireguard', `${f.service.iface}.conf`);
    default:
      return f.path;
  }
}
