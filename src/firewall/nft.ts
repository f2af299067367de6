/**
 * IPSets as nftables sets, one script `nft -f` loads atomically: the table
 * is created if missing, deleted and defined again, so a reload replaces
 * every set at once. Each IPSet becomes a set per address family,
 * `v4-sdn/<name>` / `v6-sdn/<name>` (interval sets: prefixes and ranges),
 * plus `…-nomatch` sets holding its excluded entries, since an nftables set
 * has no "nomatch" element: a rule matches `@set` and not `@set-nomatch`.
 */
import type { IpVersion } from '../model/ip.js';
import type { Ipset } from './ipsets.js';

export const DEFAULT_NFT_TABLE = 'inet weft-sdn';

const byteOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function nftSetName(version: IpVersion, ipset: string, nomatch = false): string {
  return `v${version}-sdn/${ipset}${nomatch ? '-nomatch' : ''}`;
}

function setBlock(name: string, version: IpVersion, elements: readonly string[]): string {
  const lines = [`\tset ${name} {`, `\t\ttype ipv${version}_addr`, '\t\tflags interval', '\t\tauto-merge'];
  if (elements.length > 0) lines.push(`\t\telements = { ${[...new Set(elements)].sort(byteOrder).join(', ')} }`);
  lines.push('\t}');
  return lines.join('\n');
}

export function nftIpsets(sets: readonly Ipset[], table = DEFAULT_NFT_TABLE): string {
  const blocks: string[] = [];
  for (const set of [...sets].sort((a, b) => byteOrder(a.name, b.name))) {
    const nomatch = set.entries.some((e) => e.nomatch);
    for (const version of [4, 6] as const) {
      const of = (excluded: boolean) => set.entries.filter((e) => e.version === version && e.nomatch === excluded).map((e) => e.address);
      blocks.push(setBlock(nftSetName(version, set.name), version, of(false)));
      if (nomatch) blocks.push(setBlock(nftSetName(version, set.name, true), version, of(true)));
    }
  }
  return `table ${table} {}\ndelete table ${table}\ntable ${table} {\n${blocks.join('\n\n')}\n}\n`;
}
