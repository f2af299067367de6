/**
 * Subnets (`subnets.cfg`). The section id is `<zone>-<network>-<prefix>`; the
 * CIDR, zone and mask are derived from it, as the reference does.
 */
import { ipAddr } from './format-values.js';
import { parseCidr, type ParsedCidr } from './ip.js';
import type { DecodedValue } from './property-schema.js';
import { optional, required, type SectionKind, type SectionRecord } from './section-kind.js';
import type { Cidr, DhcpRange, VnetId, ZoneId } from './values.js';

export type { DhcpRange } from './values.js';

export const subnetKind = {
  name: 'subnets',
  file: 'subnets.cfg',
  idProperty: 'subnet',
  idSchema: { type: 'string', description: 'The SDN subnet object identifier.' },
  properties: {
    vnet: { type: 'string', description: 'associated vnet' },
    gateway: { type: 'string', format: 'ip', description: 'Subnet Gateway: Will be assign on vnet for layer3 zones' },
    snat: { type: 'boolean', description: 'enable masquerade for this subnet if pve-firewall' },
    dnszoneprefix: {
      type: 'string',
      format: 'dns-name',
      description: "dns domain zone prefix  ex: 'adm' -> <hostname>.adm.mydomain.com",
    },
    'dhcp-range': {
      type: 'array',
      items: { type: 'string', pattern: 'start-address=[^,]+,end-address=[^,]+' },
      description: 'A list of DHCP ranges for this subnet',
    },
    'dhcp-dns-server': { type: 'string', format: 'ip', description: 'IP address for the DNS server' },
  },
  types: {
    subnet: {
      vnet: required,
      gateway: optional,
      snat: optional,
      dnszoneprefix: optional,
      'dhcp-range': optional,
      'dhcp-dns-server': optional,
    },
  },
  values: { 'dhcp-range': dhcpRanges },
} as const satisfies SectionKind<'subnet'>;

/** A subnet as the decoder makes it: its properties, and its zone and CIDR from its id. */
export type Subnet = SectionRecord<typeof subnetKind, 'subnet', string, { vnet: VnetId }> & {
  readonly zone: ZoneId;
  readonly cidr: ParsedCidr;
  /** `network/prefix` exactly as the id spells it (the reference renders this text) */
  readonly cidrText: Cidr;
};

export interface SubnetId {
  readonly zone: string;
  readonly cidr: ParsedCidr;
  /** `network/prefix` as written in the id */
  readonly text: string;
}

/** `myzone-10.0.0.0-24` → zone and CIDR; null when it is not of that form. */
export function parseSubnetId(id: string): SubnetId | null {
  const first = id.indexOf('-');
  const last = id.lastIndexOf('-');
  if (first <= 0 || last === first) return null;
  const text = `${id.slice(first + 1, last)}/${id.slice(last + 1)}`;
  const cidr = parseCidr(text);
  if (!cidr || cidr.prefix < 8) return null;
  return { zone: id.slice(0, first), cidr, text };
}

/** The id the reference gives a subnet created as `cidr` in `zone`. */
export function subnetIdFor(zone: string, cidrText: string): string {
  return `${zone}-${cidrText.replace('/', '-')}`;
}

/** `start-address=A,end-address=B` → its two addresses; null when it is not two addresses so named. */
export function parseDhcpRange(text: string): DhcpRange | null {
  const parts = new Map<string, string>();
  for (const kv of text.split(',')) {
    const eq = kv.indexOf('=');
    if (eq < 0) return null;
    parts.set(kv.slice(0, eq).trim(), kv.slice(eq + 1).trim());
  }
  const start = ipAddr(parts.get('start-address') ?? '');
  const end = ipAddr(parts.get('end-address') ?? '');
  return start && end && parts.size === 2 ? { start, end } : null;
}

/** The decoder's rule for `dhcp-range`: every item a range (whether it lies in the subnet is a cross-check). */
function dhcpRanges(checked: DecodedValue): { readonly value: readonly DhcpRange[] } | { readonly code: string; readonly message: string } {
  const ranges: DhcpRange[] = [];
  // the schema makes it a list of texts
  for (const text of checked as readonly string[]) {
    const range = parseDhcpRange(text);
    if (!range) return { code: 'bad-dhcp-range', message: `'${text}' is not 'start-address=<ip>,end-address=<ip>'` };
    ranges.push(range);
  }
  return { value: ranges };
}
