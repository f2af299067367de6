/**
 * The whole render for one node: running config + facts → the files the node
 * needs, as values. Pure: no I/O, no clock, no randomness.
 */
import type { InterfacesFile } from '../config/interfaces.js';
import { renderDhcp } from '../dhcp/index.js';
import type { DhcpHost } from '../dhcp/plan.js';
import { renderFabricInterfaces } from '../fabrics/index.js';
import { renderWireguardConfigs, type PrivateKeyOf } from '../fabrics/wireguard-config.js';
import type { SdnConfig } from '../model/config.js';
import type { Issue } from '../model/issues.js';
import type { NodeFacts } from '../ir/facts.js';
import { renderFrr } from './frr.js';
import type { GeneratedFile } from '../ir/generated-file.js';
import { serializeInterfaces } from '../ir/ifupdown/serialize.js';
import { renderZoneInterfaces } from './network.js';
import type { RenderCache } from './render-cache.js';

export interface NodeInputs {
  readonly config: SdnConfig;
  readonly facts: NodeFacts;
  readonly interfaces: InterfacesFile;
  /** the node's `/etc/frr/frr.conf.local`, if any */
  readonly frrLocal?: string;
  /** private keys of this node's WireGuard interfaces (from `priv/wg-keys.cfg`) */
  readonly wireguardKeys?: PrivateKeyOf;
  /** MAC → address reservations of a zone from its IPAM (DHCP zones); absent: `ethers` files are not rendered */
  readonly dhcpHosts?: (zone: string) => readonly DhcpHost[];
  /** the last render of this node (the agent's): what the changed inputs do not affect is taken from it, and it is updated */
  readonly cache?: RenderCache;
}

export interface NodeFiles {
  /** `/etc/network/interfaces.d/sdn` */
  readonly sdn: string;
  /** `/etc/frr/frr.conf`, null when there is no controller, fabric or frr.conf.local */
  readonly frr: string | null;
  /** `/etc/wireguard/proxmox/<iface>.conf` by interface name; they hold private keys (mode 0600) */
  readonly wireguard: ReadonlyMap<string, string>;
  /** everything else the node needs (dnsmasq files of DHCP zones) */
  readonly files: readonly GeneratedFile[];
  /** warnings, and errors for files that could not be rendered (a missing WireGuard key) */
  readonly warnings: readonly Issue[];
}

export function renderNode(inputs: NodeInputs): NodeFiles {
  const { cache } = inputs;
  const network = renderZoneInterfaces(inputs.config, inputs.facts, inputs.interfaces, cache);
  const frr = renderFrr(inputs.config, inputs.facts, inputs.interfaces, inputs.frrLocal, cache);
  if (cache) cache.stats = { vnets: network.vnets, vnetsReused: network.reused, frrReused: frr.reused };
  const fabricIfaces = renderFabricInterfaces(inputs.config.fabrics, inputs.facts.nodename);
  const wireguard = renderWireguardConfigs(inputs.config.fabrics, inputs.facts.nodename, inputs.wireguardKeys ?? (() => undefined));
  const dhcp = renderDhcp({ config: inputs.config, nodename: inputs.facts.nodename, ifaces: network.ifaces, ...(inputs.dhcpHosts ? { hosts: inputs.dhcpHosts } : {}) });
  return {
    sdn: serializeInterfaces(inputs.config.version, [...network.ifaces, ...fabricIfaces]),
    frr: frr.text,
    wireguard: wireguard.files,
    files: dhcp.files,
    warnings: [...network.warnings, ...frr.warnings, ...wireguard.issues, ...dhcp.warnings],
  };
}
