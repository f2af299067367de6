/**
 * What a schema format asks for, in words for a field's help text (the
 * format's tag, such as `pve-node-list`, means nothing to the person filling
 * the form). A format without words here adds nothing.
 */
const WORDS: Readonly<Record<string, string>> = {
  'pve-node': 'A node name.',
  'ip-list': 'IP addresses, separated by commas.',
  'pve-iface-list': 'Interface names, separated by commas.',
  ip: 'An IPv4 or IPv6 address.',
  ipv4: 'An IPv4 address.',
  ipv6: 'An IPv6 address.',
  'pve-sdn-cidr': 'A network address with its prefix length, e.g. 10.0.0.0/24 or fd00::/64.',
  'pve-sdn-cidrv4': 'An IPv4 network with its prefix length, e.g. 10.0.0.0/24.',
  'pve-sdn-cidrv6': 'An IPv6 network with its prefix length, e.g. fd00::/64.',
  'mac-addr': 'A MAC address, e.g. bc:24:11:00:00:01.',
  'dns-name': 'A DNS name.',
  'pve-sdn-bgp-rt-list': 'Route targets (ASN:number), separated by commas.',
  'pve-sdn-endpoint': 'A host name or address, with :port if not the default.',
  'pve-sdn-iface-name': 'An interface name (at most 15 characters).',
  'pve-sdn-isis-net': 'An IS-IS network entity title, e.g. 49.0001.1720.1600.1001.00.',
  'wireguard-key': 'A WireGuard key (base64, 44 characters).',
};

export function formatWords(format: string | undefined): string | undefined {
  return format === undefined ? undefined : WORDS[format];
}
