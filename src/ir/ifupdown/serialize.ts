/** ifupdown2 IR → the text of `/etc/network/interfaces.d/sdn`. */
import type { Iface, IfaceOption } from './ir.js';

// a frozen options array (a recorded step's, see recorder.ts) never changes: its stanza is made once
const stanzas = new WeakMap<readonly IfaceOption[], { readonly iface: Iface; readonly text: string }>();

export function serializeIface(iface: Iface): string {
  if (!Object.isFrozen(iface.options)) return stanza(iface);
  const known = stanzas.get(iface.options);
  if (known && known.iface.name === iface.name && known.iface.method === iface.method) return known.text;
  const text = stanza(iface);
  stanzas.set(iface.options, { iface, text });
  return text;
}

// one join, not concatenations: a flat string, which the file's join copies at once (a kept
// concatenation is a tree that every later join walks again)
function stanza(iface: Iface): string {
  const parts = ['auto ', iface.name, '\niface ', iface.name, iface.method ? ` ${iface.method}` : '', '\n'];
  if (iface.options.length > 0) parts.push('\t', iface.options.join('\n\t'), '\n');
  return parts.join('');
}

/** `#version:N`, then each interface after a blank line; one join of whole stanzas. */
export function serializeInterfaces(version: number, ifaces: readonly Iface[]): string {
  const parts = [`#version:${version}\n`];
  for (const iface of ifaces) parts.push(serializeIface(iface));
  return parts.join('\n');
}
