/**
 * `wg-keys.cfg`: the private keys of the WireGuard interfaces, one section per
 * node (proxmox-ve-config `private_keys`; the reference keeps the file at
 * `/etc/pve/priv/wg-keys.cfg`, Weft's store at `priv/sdn/wg-keys.cfg`):
 *
 *     node: pve1
 *     <TAB>private_keys name=wg0,key=<base64>
 *
 * Kept apart from `fabrics.cfg` (which holds only the public keys) so that
 * the API, the running config and logs never carry a private key.
 */
import { issue, type Issue } from '../model/issues.js';
import { checkProperty, type PropertyRecord, type StringProp } from '../model/schema.js';
import { parseSectionConfig, writeSectionConfig } from './section-config.js';

/** The store document (private: `priv/` is never served). */
export const WG_KEYS_FILE = 'priv/sdn/wg-keys.cfg';

/** node → interface → private key */
export type WireguardKeys = ReadonlyMap<string, ReadonlyMap<string, string>>;

const entrySchema: StringProp = {
  type: 'string',
  description: 'A private key of a WireGuard interface.',
  properties: {
    name: { type: 'string', pattern: '[a-zA-Z0-9][a-zA-Z0-9-]{0,6}[a-zA-Z0-9]?', description: 'Interface name.' },
    key: { type: 'string', format: 'wireguard-key', description: 'Private key (base64).' },
  },
};

export function parseWireguardKeys(text: string, file = WG_KEYS_FILE): { keys: WireguardKeys; issues: Issue[] } {
  const parsed = parseSectionConfig(file, text, new Set(['private_keys']));
  // a malformed line is quoted by the section parser: here it may hold a key
  const issues = parsed.issues.map((i) => ({ ...i, message: i.message.replace(/, got '.*'$/s, ' (the line is not shown: it may hold a key)') }));
  const keys = new Map<string, Map<string, string>>();
  for (const s of parsed.sections) {
    const path = `${file}:${s.id}`;
    if (s.type !== 'node') {
      issues.push(issue('unknown-type', `${path}.type`, `unknown section type '${s.type}' (expected node)`));
      continue;
    }
    const ifaces = new Map<string, string>();
    for (const [k, v] of s.values) {
      if (k !== 'private_keys') {
        issues.push(issue('unknown-property', `${path}.${k}`, 'property is not allowed'));
        continue;
      }
      for (const item of typeof v === 'string' ? [v] : v) {
        const r = checkProperty(entrySchema, item);
        if (!r.ok) {
          // the message names the key, never the value: it may be a private key
          issues.push(issue('bad-value', `${path}.private_keys`, r.message.replace(/'[^']*'/g, "'…'")));
          continue;
        }
        const { name, key } = r.value as PropertyRecord;
        if (ifaces.has(String(name))) issues.push(issue('duplicate-interface', `${path}.private_keys`, `two keys for interface '${String(name)}'`));
        ifaces.set(String(name), String(key));
      }
    }
    keys.set(s.id, ifaces);
  }
  return { keys, issues };
}

export function writeWireguardKeys(keys: WireguardKeys): string {
  const nodes = [...keys.keys()].sort();
  return writeSectionConfig(
    null,
    nodes.map((node) => ({
      type: 'node',
      id: node,
      values: new Map([['private_keys', [...(keys.get(node) ?? new Map<string, string>())].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, key]) => `name=${name},key=${key}`)]]),
    })),
  );
}
