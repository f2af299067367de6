/** DNS backends (`dns.cfg`): PowerDNS. */
import { optional, required, sdnIdSchema, type SectionKind, type SectionRecord } from './section-kind.js';

export const dnsKind = {
  name: 'dns',
  file: 'dns.cfg',
  idProperty: 'dns',
  idSchema: sdnIdSchema('dns'),
  properties: {
    url: { type: 'string', description: 'API URL of the DNS server.' },
    key: { type: 'string', secret: true, description: 'API key of the DNS server.' },
    ttl: { type: 'integer', description: 'TTL of the records.' },
    reversemaskv6: { type: 'integer', description: 'force a different netmask for the ipv6 reverse zone name.' },
    fingerprint: {
      type: 'string',
      pattern: '([A-Fa-f0-9]{2}:){31}[A-Fa-f0-9]{2}',
      description: 'Certificate SHA 256 fingerprint.',
    },
  },
  types: {
    powerdns: { url: required, key: required, ttl: optional, reversemaskv6: optional, fingerprint: optional },
  },
} as const satisfies SectionKind<'powerdns'>;

export type Dns = SectionRecord<typeof dnsKind, 'powerdns'>;
