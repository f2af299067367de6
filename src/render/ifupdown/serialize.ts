/** ifupdown2 IR → the text of `/etc/network/interfaces.d/sdn`. */
import type { Iface } from './ir.js';

export function serializeIface(iface: Iface): string {
  const head = `auto ${iface.name}\niface ${iface.name}${iface.method ? ` ${iface.method}` : ''}\n`;
  return iface.options.length === 0 ? head : `${head}\t${iface.options.join('\n\t')}\n`;
}

/** `#version:N`, then each interface after a blank line; one join of whole stanzas. */
export function serializeInterfaces(version: number, ifaces: readonly Iface[]): string {
  const parts = [`#version:${version}\n`];
  for (const iface of ifaces) parts.push(serializeIface(iface));
  return parts.join('\n');
}
