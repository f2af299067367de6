/** ifupdown2 IR → the text of `/etc/network/interfaces.d/sdn`. */
import type { Iface } from './ir.js';

export function serializeIface(iface: Iface): string {
  let out = `auto ${iface.name}\niface ${iface.name}${iface.method ? ` ${iface.method}` : ''}\n`;
  for (const o of iface.options) out += `\t${o.key} ${o.value}\n`;
  return out;
}

/** `#version:N`, then each interface after a blank line. */
export function serializeInterfaces(version: number, ifaces: readonly Iface[]): string {
  let out = `#version:${version}\n`;
  for (const iface of ifaces) out += `\n${serializeIface(iface)}`;
  return out;
}
