/** Helpers shared by the zone plugins: the VNet bridge stanza and node bridges. */
import type { Vnet } from '../model/vnet.js';
import { opt, type IfaceOption, type VnetBridge } from '../ir/ifupdown/ir.js';
import { ok, skipped, type Outcome } from '../ir/skip.js';
import type { ZoneContext } from './plugin.js';

/**
 * The options every VNet bridge carries after its addresses, in the
 * reference's order: ports, STP, forward delay, VLAN awareness, MTU, alias.
 */
// options every VNet repeats, made once (options are never mutated)
export const STP_OFF = opt('bridge_stp', 'off');
export const FD_0 = opt('bridge_fd', 0);
export const VETH = opt('link-type', 'veth');
const VLAN_AWARE = opt('bridge-vlan-aware', 'yes');
const ALL_VIDS = opt('bridge-vids', '2-4094');

export function vnetBridgeOptions(ports: string, vnet: Vnet, mtu: number | undefined): IfaceOption[] {
  const options = [opt('bridge_ports', ports), STP_OFF, FD_0];
  if (vnet.vlanaware) options.push(VLAN_AWARE, ALL_VIDS);
  if (mtu) options.push(opt('mtu', mtu));
  if (vnet.alias) options.push(opt('alias', vnet.alias));
  return options;
}

const NO_ADDRESSES: readonly string[] = Object.freeze([]);

/** A VNet bridge's values as its lines say them: the addresses its plugin put on it, the MTU `vnetBridgeOptions` wrote. */
export function vnetBridgeValues(addresses: ReadonlySet<string> | null, mtu: number | undefined): VnetBridge {
  const list = addresses && addresses.size > 0 ? [...addresses] : NO_ADDRESSES;
  return mtu ? { addresses: list, mtu } : { addresses: list };
}

export interface NodeBridge {
  readonly name: string;
  readonly vlanAware: boolean;
  readonly ovs: boolean;
  /** physical ports (from facts, else from the interfaces file) */
  readonly ports: readonly string[];
}

/** The node's bridge `name` as the interfaces file and facts describe it. */
export function nodeBridge(ctx: ZoneContext, name: string): Outcome<NodeBridge> {
  const stanza = ctx.interfaces.ifaces.get(name);
  const probed = ctx.facts.bridgePorts[name];
  if (!stanza && !probed) return skipped(`can't find bridge ${name} on node ${ctx.facts.nodename}`);
  return ok({
    name,
    vlanAware: stanza?.vlanAware ?? false,
    ovs: stanza?.isOvsBridge ?? false,
    ports: probed ?? stanza?.ports ?? [],
  });
}
