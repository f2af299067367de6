/**
 * Reads a node's `/etc/network/interfaces` into what the renderer needs:
 * per interface its addresses, MTU, bridge / OVS nature, VLAN awareness and
 * ports, plus the `source` lines (for the "is sdn included" pre-flight).
 * Option keys are compared with `_` and `-` equal, as ifupdown2 does.
 */
import { parseIp } from '../model/ip.js';

export interface InterfaceStanza {
  readonly name: string;
  /** options in file order, keys as written */
  readonly options: ReadonlyArray<readonly [string, string]>;
  /** first IPv4 address without prefix (the reference's `address`) */
  readonly address?: string;
  readonly address6?: string;
  readonly mtu?: number;
  readonly isBridge: boolean;
  readonly isOvsBridge: boolean;
  readonly vlanAware: boolean;
  /** `bridge-ports` or `ovs_ports`, `none` removed */
  readonly ports: readonly string[];
}

export interface InterfacesFile {
  readonly ifaces: ReadonlyMap<string, InterfaceStanza>;
  readonly auto: ReadonlySet<string>;
  /** arguments of `source` / `source-directory` lines */
  readonly sources: readonly string[];
}

export const EMPTY_INTERFACES: InterfacesFile = { ifaces: new Map(), auto: new Set(), sources: [] };

const normKey = (k: string) => k.toLowerCase().replace(/_/g, '-');
const TRUE_VALUES = new Set(['yes', 'on', '1', 'true']);

function finish(name: string, options: Array<[string, string]>): InterfaceStanza {
  const get = (key: string) => options.find(([k]) => normKey(k) === key)?.[1];
  const all = (key: string) => options.filter(([k]) => normKey(k) === key).map(([, v]) => v);
  let address: string | undefined;
  let address6: string | undefined;
  for (const a of all('address')) {
    const ip = parseIp(a.split('/')[0] ?? '');
    if (ip?.version === 4) address ??= ip.text;
    if (ip?.version === 6) address6 ??= ip.text;
  }
  const mtu = Number(get('mtu'));
  const ovsType = get('ovs-type');
  const bridgePorts = get('bridge-ports');
  const ports = (bridgePorts ?? get('ovs-ports') ?? '').split(/\s+/).filter((p) => p !== '' && p !== 'none');
  return {
    name,
    options,
    ...(address !== undefined ? { address } : {}),
    ...(address6 !== undefined ? { address6 } : {}),
    ...(Number.isInteger(mtu) && mtu > 0 ? { mtu } : {}),
    isBridge: bridgePorts !== undefined,
    isOvsBridge: ovsType === 'OVSBridge',
    vlanAware: TRUE_VALUES.has((get('bridge-vlan-aware') ?? '').toLowerCase()),
    ports,
  };
}

export function parseInterfaces(text: string): InterfacesFile {
  const stanzas = new Map<string, Array<[string, string]>>();
  const auto = new Set<string>();
  const sources: string[] = [];
  let current: Array<[string, string]> | null = null;

  for (const rawLine of text.split('\n')) {
    const line = rawLine.replace(/\s+$/, '');
    if (/^\s*(#|$)/.test(line)) continue;
    const words = line.trim().split(/\s+/);
    const [first = '', ...rest] = words;
    const indented = /^\s/.test(line);
    if (!indented || ['auto', 'allow-hotplug', 'iface', 'source', 'source-directory', 'mapping'].includes(first)) {
      current = null;
      if (first === 'auto' || first.startsWith('allow-')) rest.forEach((n) => auto.add(n));
      else if (first === 'source' || first === 'source-directory') sources.push(rest.join(' '));
      else if (first === 'iface' && rest[0]) {
        // inet and inet6 stanzas of one interface share its options
        current = stanzas.get(rest[0]) ?? [];
        stanzas.set(rest[0], current);
      }
      continue;
    }
    if (current) current.push([first, rest.join(' ')]);
  }
  const ifaces = new Map<string, InterfaceStanza>();
  for (const [name, options] of stanzas) ifaces.set(name, finish(name, options));
  return { ifaces, auto, sources };
}
