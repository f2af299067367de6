/**
 * A node's `/etc/network/interfaces` as the reference's network index lists
 * it (`GET /nodes/{node}/network`): one entry per interface but `lo`, typed
 * as pve-common's parser types it (bridge, bond, vlan, alias, eth, the OVS
 * kinds, else unknown), with its addresses, ports and whether it is `auto`.
 * Only the file: whether a device exists or is up is the node's live state.
 */
import type { InterfacesFile, InterfaceStanza } from './interfaces.js';

export interface InterfaceEntry {
  readonly iface: string;
  readonly type: string;
  readonly [key: string]: unknown;
}

const option = (s: InterfaceStanza, key: string) => s.options.find(([k]) => k.toLowerCase().replace(/_/g, '-') === key)?.[1];

/** Physical NIC names pve-common recognises (eth0, enp3s0, eno1, ens18, …). */
const NIC = /^(?:eth\d+|en[^:.]+|ib[^:.]+)$/;

function typeOf(s: InterfaceStanza): string {
  const ovs = option(s, 'ovs-type');
  if (ovs) return ovs;
  if (s.isBridge) return 'bridge';
  if (option(s, 'bond-slaves') !== undefined || /^bond\d+$/.test(s.name)) return 'bond';
  if (s.name.includes(':')) return 'alias';
  if (option(s, 'vlan-raw-device') !== undefined || /^\S+\.\d+$/.test(s.name) || /^vlan\d+$/.test(s.name)) return 'vlan';
  return NIC.test(s.name) ? 'eth' : 'unknown';
}

function addresses(s: InterfaceStanza): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const value of s.options.filter(([k]) => k === 'address').map(([, v]) => v)) {
    const [address, prefix] = value.split('/');
    const six = address?.includes(':') ?? false;
    if (out[six ? 'cidr6' : 'cidr'] !== undefined || !address) continue;
    Object.assign(out, six ? { address6: address, ...(prefix ? { netmask6: prefix, cidr6: value } : {}) } : { address, ...(prefix ? { netmask: prefix, cidr: value } : {}) });
  }
  const gateway = option(s, 'gateway');
  if (gateway) out[gateway.includes(':') ? 'gateway6' : 'gateway'] = gateway;
  return out;
}

export function interfaceEntries(file: InterfacesFile): InterfaceEntry[] {
  return [...file.ifaces.values()]
    .filter((s) => s.name !== 'lo')
    .map((s, i) => ({
      iface: s.name,
      type: typeOf(s),
      priority: i + 1,
      ...(file.auto.has(s.name) ? { autostart: 1 } : {}),
      ...addresses(s),
      ...(s.isBridge ? { bridge_ports: s.ports.join(' '), bridge_vlan_aware: s.vlanAware ? 1 : 0 } : {}),
      ...(option(s, 'bond-slaves') !== undefined ? { slaves: option(s, 'bond-slaves') } : {}),
      ...(s.mtu !== undefined ? { mtu: s.mtu } : {}),
    }));
}
