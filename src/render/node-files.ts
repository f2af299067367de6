/**
 * The whole render for one node: running config + facts → the files the node
 * needs, as values. Pure: no I/O, no clock, no randomness.
 */
import type { InterfacesFile } from '../config/interfaces.js';
import { renderDhcp } from '../dhcp/index.js';
import type { DhcpHost } from '../dhcp/plan.js';
import { renderFabricInterfaces } from '../fabrics/index.js';
import { renderWireguardConfigs, wireguardFile, type PrivateKeyOf } from '../fabrics/wireguard-config.js';
import type { SdnConfig } from '../sections/sdn-config.js';
import type { Issue } from '../model/issues.js';
import type { NodeFacts } from '../ir/facts.js';
import { renderFrr } from './frr.js';
import { FRR, NETWORK, type NodeFile } from '../ir/node-file.js';
import { serializeInterfaces } from '../ir/ifupdown/serialize.js';
import { renderZoneInterfaces } from './network.js';
import type { RenderCache } from './render-cache.js';

/** Where ifupdown2 reads the SDN interfaces (sourced by /etc/network/interfaces). */
export const SDN_INTERFACES_PATH = '/etc/network/interfaces.d/sdn';
export const FRR_CONF_PATH = '/etc/frr/frr.conf';

export interface NodeInputs {
  readonly config: SdnConfig;
  readonly facts: NodeFacts;
  readonly interfaces: InterfacesFile;
  /** the node's `/etc/frr/frr.conf.local`, if any */
  readonly frrLocal?: string;
  /** where the node's FRR reads frr.conf, when not at `FRR_CONF_PATH` (a named FRR instance's) */
  readonly frrConf?: string;
  /** private keys of this node's WireGuard interfaces (from `priv/wg-keys.cfg`) */
  readonly wireguardKeys?: PrivateKeyOf;
  /** MAC → address reservations of a zone from its IPAM (DHCP zones); absent: `ethers` files are not rendered */
  readonly dhcpHosts?: (zone: string) => readonly DhcpHost[];
  /** the last render of this node (the agent's): what the changed inputs do not affect is taken from it, and it is updated */
  readonly cache?: RenderCache;
}

export interface NodeFiles {
  /**
   * Every file the node gets, with the service each feeds: the sdn interfaces
   * file, frr.conf (when anything configures FRR), the dnsmasq files of its
   * DHCP zones, its WireGuard configs (0600: they hold private keys)
   */
  readonly files: readonly NodeFile[];
  /** the text of the sdn interfaces file (the pre-flight checks and the dry-run read it) */
  readonly sdn: string;
  /** the text of frr.conf, null when there is no controller, fabric or frr.conf.local */
  readonly frr: string | null;
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
  const sdn = serializeInterfaces(inputs.config.version, [...network.ifaces, ...fabricIfaces]);
  return {
    files: [
      { path: SDN_INTERFACES_PATH, content: sdn, service: NETWORK },
      // with no controller or fabric on the node, an existing frr.conf is the operator's: none here leaves it
      ...(frr.text !== null ? [{ path: inputs.frrConf ?? FRR_CONF_PATH, content: frr.text, mode: 0o640, service: FRR }] : []),
      ...dhcp.files,
      ...[...wireguard.files].map(([iface, text]) => wireguardFile(iface, text)),
    ],
    sdn,
    frr: frr.text,
    warnings: [...network.warnings, ...frr.warnings, ...wireguard.issues, ...dhcp.warnings],
  };
}
