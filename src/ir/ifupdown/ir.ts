/**
 * The ifupdown2 IR: interfaces with ordered options. Plugins contribute to it
 * the way the reference does: an interface is usually defined by the first
 * VNet that needs it (later ones reuse it), and a few shared interfaces (an
 * OVS bridge's port list) are appended to.
 */
/**
 * One option of a stanza as its line without the indent, `key value`. Text,
 * not a key/value object: a large config has hundreds of thousands of them,
 * and a string each is what keeps rendering fast and small.
 */
export type IfaceOption = string;

/**
 * What later stages read of a VNet's bridge (the DHCP plan: where the node
 * has an address, which MTU its guests get), as values beside the option
 * lines that say the same, so nothing parses the lines back.
 */
export interface VnetBridge {
  /** the addresses of its `address` lines, without their prefix length */
  readonly addresses: readonly string[];
  /** its `mtu` line's value */
  readonly mtu?: number;
}

export interface Iface {
  readonly name: string;
  /** `inet static`, `inet6 static`, …; absent for the address-family-less stanzas ifupdown2 allows */
  readonly method?: string;
  readonly options: readonly IfaceOption[];
  /** set when the interface is a VNet's bridge */
  readonly vnetBridge?: VnetBridge;
}

export const opt = (key: string, value: string | number): IfaceOption => `${key} ${value}`;
/** Keys never contain a blank; values may (`post-up` commands). */
export const optionKey = (o: IfaceOption): string => o.slice(0, o.indexOf(' '));
export const optionValue = (o: IfaceOption): string => o.slice(o.indexOf(' ') + 1);

/**
 * What a zone plugin does with the interfaces under construction (the
 * builder, or a recorder in front of it). `vnetBridge`: the interface is a
 * VNet's bridge, with these values (kept from the call that creates it).
 */
export interface InterfacesSink {
  has(name: string): boolean;
  define(name: string, options: IfaceOption[], vnetBridge?: VnetBridge): void;
  append(name: string, options: IfaceOption[], vnetBridge?: VnetBridge): void;
  addToList(name: string, key: string, word: string): void;
}

export class InterfacesBuilder implements InterfacesSink {
  private readonly ifaces = new Map<string, IfaceOption[]>();
  private readonly vnetBridges = new Map<string, VnetBridge>();

  has(name: string): boolean {
    return this.ifaces.has(name);
  }

  /**
   * Defines `name` unless it already exists (first definition wins). The
   * builder keeps `options` (no copy: thousands of VNets): pass a fresh array.
   */
  define(name: string, options: IfaceOption[], vnetBridge?: VnetBridge): void {
    if (this.ifaces.has(name)) return;
    this.ifaces.set(name, options);
    if (vnetBridge) this.vnetBridges.set(name, vnetBridge);
  }

  /** Appends options to `name`, creating it when needed; a new `name` keeps `options` as `define` does. */
  append(name: string, options: IfaceOption[], vnetBridge?: VnetBridge): void {
    const existing = this.writable(name);
    if (existing) {
      for (const o of options) existing.push(o);
      return;
    }
    this.ifaces.set(name, options);
    if (vnetBridge) this.vnetBridges.set(name, vnetBridge);
  }

  /**
   * `define` or `append` with a frozen array (a recorded step's): kept as it
   * is while nothing is added to the interface (its serialized text can then
   * be reused, see serialize.ts), copied first otherwise.
   */
  addShared(op: 'define' | 'append', name: string, options: readonly IfaceOption[], vnetBridge?: VnetBridge): void {
    if (this.ifaces.has(name)) {
      if (op === 'append') this.append(name, options.slice());
      return;
    }
    // the cast is guarded by the freeze: every change goes through `writable`, which copies a frozen array first
    this.ifaces.set(name, options as IfaceOption[]);
    if (vnetBridge) this.vnetBridges.set(name, vnetBridge);
  }

  /** Adds `word` to the space-separated list in option `key` (created first if absent). */
  addToList(name: string, key: string, word: string): void {
    const options = this.writable(name) ?? [];
    this.ifaces.set(name, options);
    const index = options.findIndex((o) => optionKey(o) === key);
    if (index < 0) {
      options.unshift(opt(key, word));
      return;
    }
    const current = options[index] as IfaceOption;
    if (!optionValue(current).split(' ').includes(word)) options[index] = `${current} ${word}`;
  }

  private writable(name: string): IfaceOption[] | undefined {
    const options = this.ifaces.get(name);
    if (!options || !Object.isFrozen(options)) return options;
    const copy = options.slice();
    this.ifaces.set(name, copy);
    return copy;
  }

  /** Interfaces sorted by name (byte order, as the reference sorts). */
  build(): Iface[] {
    // the default sort compares UTF-16 code units: byte order for interface names (ASCII), without a JS comparator
    return [...this.ifaces.keys()].sort().map((name) => {
      const options = this.ifaces.get(name) ?? [];
      const vnetBridge = this.vnetBridges.get(name);
      return vnetBridge ? { name, options, vnetBridge } : { name, options };
    });
  }
}

export function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
