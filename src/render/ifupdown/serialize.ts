/** ifupdown2 IR → the text of `/etc/network/interfaces.d/sdn`. */
import type { Iface } from './ir.js';

/** Appends one stanza's lines; pieces are joined once, as a multi-megabyte `+=` chain is slow to build and flatten. */
function pushIface(out: string[], iface: Iface): void {
  out.push('auto ', iface.name, '\niface ', iface.name);
  if (iface.method) out.push(' ', iface.method);
  out.push('\n');
  for (const o of iface.options) out.push('\t', o.key, ' ', o.value, '\n');
}

export function serializeIface(iface: Iface): string {
  const out: string[] = [];
  pushIface(out, iface);
  return out.join('');
}

/** `#version:N`, then each interface after a blank line. */
export function serializeInterfaces(version: number, ifaces: readonly Iface[]): string {
  const out = [`#version:${version}\n`];
  for (const iface of ifaces) {
    out.push('\n');
    pushIface(out, iface);
  }
  return out.join('');
}
