/**
 * Parses a node's `/etc/frr/frr.conf.local` into blocks, the way the
 * reference reads it: a block starts at an unindented `router …`, `vrf …`,
 * `interface …` or `route-map …` line and ends at an unindented `exit…`
 * line (or at the next block); `address-family` sections nest in `router
 * bgp` blocks; community, access and prefix list lines with a sequence
 * number belong to the top level wherever they appear. Lines are kept
 * verbatim (trailing blanks removed); blank and `!` lines are dropped.
 */

export interface LocalLine {
  /** the line, without trailing blanks */
  readonly text: string;
  /** 1-based line number in frr.conf.local */
  readonly number: number;
}

export type BlockHeader =
  | { readonly kind: 'bgp'; readonly asn: string; readonly vrf?: string }
  | { readonly kind: 'isis'; readonly name: string }
  | { readonly kind: 'router'; readonly rest: string }
  | { readonly kind: 'vrf'; readonly name: string }
  | { readonly kind: 'interface'; readonly name: string }
  | { readonly kind: 'route-map'; readonly name: string; readonly action: 'permit' | 'deny' };

/** A line inside a block, or a top-level list line that appeared there. */
export type BodyLine = { readonly kind: 'line'; readonly line: LocalLine } | { readonly kind: 'global'; readonly line: LocalLine };

export interface AddressFamilyBlock {
  readonly kind: 'address-family';
  /** as written: `ipv4 unicast`, `l2vpn evpn`, … */
  readonly family: string;
  readonly body: BodyLine[];
  exit?: LocalLine;
}

export interface LocalBlock {
  readonly kind: 'block';
  readonly header: BlockHeader;
  readonly body: (BodyLine | AddressFamilyBlock)[];
  /** the closing `exit` / `exit-vrf` line, when the block has one */
  exit?: LocalLine;
}

export type LocalItem =
  | LocalBlock
  /** a top-level list line (community list, access list or prefix list with `seq`) */
  | { readonly kind: 'global'; readonly line: LocalLine }
  /** a line outside any block that is no top-level list line: the reference drops it */
  | { readonly kind: 'stray'; readonly line: LocalLine };

export interface LocalConfig {
  readonly items: readonly LocalItem[];
}

const GLOBAL_LINE = [/^bgp community-list .+$/, /^access-list .+ seq \d+ .+$/, /^ip(?:v6)? prefix-list .+ seq \d+ .*$/];

function parseHeader(text: string): BlockHeader | null {
  let m = /^router isis (.+)$/.exec(text);
  if (m) return { kind: 'isis', name: m[1] as string };
  m = /^router bgp (\S+)(?: vrf (.+))?$/.exec(text);
  if (m) return { kind: 'bgp', asn: m[1] as string, ...(m[2] !== undefined ? { vrf: m[2] } : {}) };
  m = /^router (.+)$/.exec(text);
  if (m) return { kind: 'router', rest: m[1] as string };
  m = /^vrf (.+)$/.exec(text);
  if (m) return { kind: 'vrf', name: m[1] as string };
  m = /^interface (.+)$/.exec(text);
  if (m) return { kind: 'interface', name: m[1] as string };
  m = /^route-map (.+) (permit|deny) \d+/.exec(text);
  if (m) return { kind: 'route-map', name: m[1] as string, action: m[2] as 'permit' | 'deny' };
  return null;
}

export function parseLocalConfig(text: string): LocalConfig {
  const items: LocalItem[] = [];
  let block: LocalBlock | null = null;
  let af: AddressFamilyBlock | null = null;

  for (const [index, raw] of text.split('\n').entries()) {
    const line: LocalLine = { text: raw.replace(/\s+$/, ''), number: index + 1 };
    const trimmed = line.text.trim();
    if (trimmed === '' || trimmed.startsWith('!')) continue;

    const header = parseHeader(line.text);
    if (header) {
      block = { kind: 'block', header, body: [] };
      af = null;
      items.push(block);
      continue;
    }
    if (GLOBAL_LINE.some((re) => re.test(line.text))) {
      const global = { kind: 'global', line } as const;
      if (af) af.body.push(global);
      else if (block) block.body.push(global);
      else items.push(global);
      continue;
    }
    const family = /address-family (.+)$/.exec(line.text);
    if (family && block?.header.kind === 'bgp') {
      af = { kind: 'address-family', family: family[1] as string, body: [] };
      block.body.push(af);
      continue;
    }
    if (af && /exit-address-family$/.test(line.text)) {
      af.exit = line;
      af = null;
      continue;
    }
    if (block && /^exit/.test(line.text)) {
      block.exit = line;
      block = null;
      af = null;
      continue;
    }
    if (af) af.body.push({ kind: 'line', line });
    else if (block) block.body.push({ kind: 'line', line });
    else items.push({ kind: 'stray', line });
  }
  return { items };
}
