/** IPAM backends (`ipams.cfg`): the built-in one, NetBox and phpIPAM. */
import { optional, required, sdnIdSchema, type SectionKind, type SectionRecord } from './section-kind.js';

export const IPAM_TYPES = ['pve', 'netbox', 'phpipam'] as const;
export type IpamType = (typeof IPAM_TYPES)[number];

/** The built-in IPAM: always configured (the reference's Ipams::config() adds it), needing no section in ipams.cfg. */
export const BUILTIN_IPAM = 'pve';

const FINGERPRINT = '([A-Fa-f0-9]{2}:){31}[A-Fa-f0-9]{2}';

export const ipamKind = {
  name: 'ipams',
  file: 'ipams.cfg',
  idProperty: 'ipam',
  idSchema: sdnIdSchema('ipam'),
  properties: {
    url: { type: 'string', description: 'API URL of the IPAM.' },
    token: { type: 'string', secret: true, description: 'API token of the IPAM.' },
    section: { type: 'integer', description: 'phpIPAM section id.' },
    fingerprint: { type: 'string', pattern: FINGERPRINT, description: 'Certificate SHA 256 fingerprint.' },
  },
  types: {
    pve: {},
    netbox: { url: required, token: required, fingerprint: optional },
    phpipam: { url: required, token: required, section: required, fingerprint: optional },
  },
} as const satisfies SectionKind<IpamType>;

export type PveIpamConfig = SectionRecord<typeof ipamKind, 'pve'>;
export type NetboxConfig = SectionRecord<typeof ipamKind, 'netbox'>;
export type PhpIpamConfig = SectionRecord<typeof ipamKind, 'phpipam'>;
export type Ipam = PveIpamConfig | NetboxConfig | PhpIpamConfig;
