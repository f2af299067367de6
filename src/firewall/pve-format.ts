/**
 * IPSets in the reference firewall's config format (`cluster.fw`'s
 * `[IPSET name] # comment` sections): sets by name, each followed by a blank
 * line, its entries in text order with `!` marking an excluded one, and a
 * blank line after them.
 */
import type { Ipset } from './ipsets.js';

const byteOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function formatIpsets(sets: readonly Ipset[]): string {
  let out = '';
  for (const set of [...sets].sort((a, b) => byteOrder(a.name, b.name))) {
    out += set.comment ? `[IPSET ${set.name}] # ${set.comment}\n\n` : `[IPSET ${set.name}]\n\n`;
    // one line per address; the first wins on a duplicate, as the reference keeps it
    const seen = new Map<string, boolean>();
    for (const e of set.entries) if (!seen.has(e.address)) seen.set(e.address, e.nomatch);
    for (const address of [...seen.keys()].sort(byteOrder)) out += `${seen.get(address) ? '!' : ''}${address}\n`;
    out += '\n';
  }
  return out;
}
