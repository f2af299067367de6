/**
 * The WireGuard private key store: `<dir>/priv/wg-keys.cfg`, mode 0600,
 * written atomically. A key is generated when an interface is defined
 * (`ensureKey` returns its public key for `fabrics.cfg`), dropped when the
 * interface goes (`prune`). Only the public key ever leaves this module
 * through the API; the node agent reads the file to render its configs.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseWireguardKeys, WG_KEYS_FILE, writeWireguardKeys, type WireguardKeys } from '../config/wg-keys.js';
import type { FabricConfig } from '../model/fabric.js';
import { formatIssue } from '../model/issues.js';
import { clampPrivateKey, wireguardPublicKey } from '../model/wireguard-key.js';
import { writeFileAtomic } from '../util/atomic-write.js';

const PRIVATE_MODE = 0o600;

export class WireguardKeyStore {
  readonly path: string;

  constructor(sdnDir: string) {
    this.path = join(sdnDir, WG_KEYS_FILE);
  }

  read(): WireguardKeys {
    if (!existsSync(this.path)) return new Map();
    const { keys, issues } = parseWireguardKeys(readFileSync(this.path, 'utf8'), this.path);
    if (issues.length > 0) throw new Error(issues.map(formatIssue).join('\n'));
    return keys;
  }

  private write(keys: WireguardKeys): void {
    // the temp file is created 0600 and renamed over the old one: never readable by others
    writeFileAtomic(this.path, writeWireguardKeys(keys), PRIVATE_MODE);
  }

  /** The public key of `node`'s interface `iface`, generating its private key on first use. */
  ensureKey(node: string, iface: string): string {
    const keys = this.read();
    const existing = keys.get(node)?.get(iface);
    if (existing !== undefined) return wireguardPublicKey(existing);
    const privateKey = clampPrivateKey(randomBytes(32)).toString('base64');
    const next = new Map([...keys].map(([n, m]) => [n, new Map(m)]));
    next.set(node, new Map([...(next.get(node) ?? []), [iface, privateKey]]));
    this.write(next);
    return wireguardPublicKey(privateKey);
  }

  /** Drops keys of interfaces no longer in the fabrics; true when something was removed. */
  prune(fabrics: FabricConfig): boolean {
    const wanted = new Set<string>();
    for (const entry of fabrics.values()) {
      if (entry.protocol !== 'wireguard') continue;
      for (const n of entry.nodes.values()) if (n.role === 'internal') for (const i of n.interfaces) wanted.add(`${n.node}/${i.name}`);
    }
    const keys = this.read();
    const next = new Map<string, Map<string, string>>();
    let removed = false;
    for (const [node, ifaces] of keys) {
      const kept = new Map([...ifaces].filter(([iface]) => wanted.has(`${node}/${iface}`)));
      removed ||= kept.size !== ifaces.size;
      if (kept.size > 0) next.set(node, kept);
    }
    if (removed) this.write(next);
    return removed;
  }

  /** This node's keys, as the renderer takes them. */
  keysOf(node: string): (iface: string) => string | undefined {
    const mine = this.read().get(node);
    return (iface) => mine?.get(iface);
  }
}
