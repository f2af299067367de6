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

export interface Iface {
  readonly name: string;
  /** `inet static`, `inet6 static`, …; absent for the address-family-less stanzas ifupdown2 allows */
  readonly method?: string;
  readonly options: readonly IfaceOption[];
}

export const opt = (key: string, value: string | number): IfaceOption => `${key} ${value}`;
/** Keys never contain a blank; values may (`post-up` commands). */
export const optionKey = (o: IfaceOption): string => o.slice(0, o.indexOf(' '));
export const optionValue = (o: IfaceOption): string => o.slice(o.indexOf(' ') + 1);

export class InterfacesBuilder {
  private readonly ifaces = new Map<string, IfaceOption[]>();

  has(name: string): boolean {
    return this.ifaces.has(name);
  }

  /**
   * Defines `name` unless it already exists (first definition wins). The
   * builder keeps `options` (no copy: thousands of VNets): pass a fresh array.
   */
  define(name: string, options: IfaceOption[]): void {
    if (!this.ifaces.has(name)) this.ifaces.set(name, options);
  }

  /** Appends options to `name`, creating it when needed; a new `name` keeps `options` as `define` does. */
  append(name: string, options: IfaceOption[]): void {
    const existing = this.ifaces.get(name);
    if (!existing) this.ifaces.set(name, options);
    else for (const o of options) existing.push(o);
  }

  /** Adds `word` to the space-separated list in option `key` (created first if absent). */
  addToList(name: string, key: string, word: string): void {
    const options = this.ifaces.get(name) ?? [];
    this.ifaces.set(name, options);
    const index = options.findIndex((o) => optionKey(o) === key);
    if (index < 0) {
      options.unshift(opt(key, word));
      return;
    }
    const current = options[index] as IfaceOption;
    if (!optionValue(current).split(' ').includes(word)) options[index] = `${current} ${word}`;
  }

  /** Interfaces sorted by name (byte order, as the reference sorts). */
  build(): Iface[] {
    // the default sort compares UTF-16 code units: byte order for interface names (ASCII), without a JS comparator
    return [...this.ifaces.keys()].sort().map((name) => ({ name, options: this.ifaces.get(name) ?? [] }));
  }
}

export function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
