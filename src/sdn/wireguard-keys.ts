/**
 * The private keys of the WireGuard interfaces, in the store's private
 * document `priv/sdn/wg-keys.cfg` (the reference: /etc/pve/priv/wg-keys.cfg).
 * The rule kept here: every interface of an internal WireGuard node in the
 * edited (pending) or the running config has a key, and no other has one.
 *
 * - An edit that adds an interface generates its key in the same transaction
 *   and writes the matching public key into the interface in `fabrics.cfg`.
 * - An edit that removes an interface (or its node, or its fabric) drops the
 *   key at once when the interface never ran; otherwise the apply that removes
 *   it from the running config does. Agents render the running config, and a
 *   rollback brings the interface back: both need its key until then.
 *
 * Private keys leave the store only towards the node that owns them (the
 * agent); messages here name interfaces and public keys, never a private key.
 */
import { randomBytes } from 'node:crypto';
import { writeWireguardKeys, type WireguardKeys } from '../config/wg-keys.js';
import { splitNodeSectionId } from '../model/fabric-kind.js';
import { wireguardInterface } from '../fabrics/wireguard.js';
import { formatIssue } from '../model/issues.js';
import { checkProperty, encodeProperty, type PropertyRecord } from '../model/schema.js';
import { clampPrivateKey, wireguardPublicKey } from '../model/wireguard-key.js';
import type { StoreWrite } from '../store/types.js';
import { ParamError, SdnError } from '../util/errors.js';
import { STORE_KEYS } from './kinds.js';
import { runningIds, type SdnState, type TextSection } from './state.js';

/** A fresh private key, as `wg genkey` makes one. */
export function newPrivateKey(): string {
  return clampPrivateKey(randomBytes(32)).toString('base64');
}

/** What the key rule reads of a fabrics section, from a file or the running config. */
interface NodeSection {
  readonly type: unknown;
  readonly role: unknown;
  readonly interfaces: unknown;
}

const itemsOf = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? [...(v as unknown[])] : [v]);
const nodeOf = (id: string): string | undefined => splitNodeSectionId(id)?.node;
const slot = (node: string, iface: string) => `${node}\0${iface}`;

/** An interface item as a record; null when it does not parse (validation reports it). */
function interfaceRecord(item: unknown): PropertyRecord | null {
  const r = checkProperty(wireguardInterface, item);
  return r.ok ? (r.value as PropertyRecord) : null;
}

const isInternal = (type: unknown, role: unknown) => type === 'wireguard_node' && role === 'internal';

/** `node\0iface` of every interface of an internal WireGuard node among `sections`. */
function interfaceSlots(sections: Iterable<readonly [string, NodeSection]>): Set<string> {
  const out = new Set<string>();
  for (const [id, s] of sections) {
    const node = nodeOf(id);
    if (!node || !isInternal(s.type, s.role)) continue;
    for (const item of itemsOf(s.interfaces)) {
      const name = interfaceRecord(item)?.name;
      if (typeof name === 'string') out.add(slot(node, name));
    }
  }
  return out;
}

const fileSections = (sections: ReadonlyMap<string, TextSection>): [string, NodeSection][] =>
  [...sections].map(([id, s]) => [id, { type: s.type, role: s.values.get('role'), interfaces: s.values.get('interfaces') }]);

const runningSections = (state: SdnState): [string, NodeSection][] => Object.entries(runningIds(state, 'fabrics')).map(([id, s]) => [id, { type: s.type, role: s.role, interfaces: s.interfaces }]);

function copyKeys(keys: WireguardKeys): Map<string, Map<string, string>> {
  return new Map([...keys].map(([node, ifaces]) => [node, new Map(ifaces)]));
}

/** The keys document for `next`, or nothing when it is what the store holds. */
function keysWrites(state: SdnState, next: WireguardKeys): StoreWrite[] {
  const nonEmpty = new Map([...next].filter(([, ifaces]) => ifaces.size > 0));
  const text = nonEmpty.size > 0 ? writeWireguardKeys(nonEmpty) : null;
  const current = state.wireguardKeys.keys.size > 0 ? writeWireguardKeys(state.wireguardKeys.keys) : null;
  if (text === current) return [];
  // rewriting a file that did not parse would silently drop the entries it could not read
  if (state.wireguardKeys.issues.length > 0) {
    throw new SdnError(`${STORE_KEYS.wgKeys} does not parse, fix it first: ${state.wireguardKeys.issues.map(formatIssue).join('; ')}`);
  }
  return [{ key: STORE_KEYS.wgKeys, value: text }];
}

function keep(keys: Map<string, Map<string, string>>, wanted: ReadonlySet<string>): Map<string, Map<string, string>> {
  return new Map([...keys].map(([node, ifaces]) => [node, new Map([...ifaces].filter(([iface]) => wanted.has(slot(node, iface))))]));
}

const sameSection = (a: TextSection | undefined, b: TextSection) => a !== undefined && a.type === b.type && JSON.stringify([...a.values]) === JSON.stringify([...b.values]);

/**
 * The fabrics sections after an edit, with a key for each interface of an
 * internal WireGuard node that lacks one and its public key in the section,
 * and the keys document to write. Only sections the edit changed are filled:
 * a `public_key` given there must be the interface's (a read sent back);
 * any other is refused, since the server holds the private key.
 */
export function withWireguardKeys(state: SdnState, sections: ReadonlyMap<string, TextSection>, generate: () => string = newPrivateKey): { sections: Map<string, TextSection>; writes: StoreWrite[] } {
  const keys = copyKeys(state.wireguardKeys.keys);
  const out = new Map(sections);
  const refused: string[] = [];
  for (const [id, s] of sections) {
    const node = nodeOf(id);
    if (!node || sameSection(state.files.fabrics.sections.get(id), s) || !isInternal(s.type, s.values.get('role'))) continue;
    const items = itemsOf(s.values.get('interfaces')).map((item) => {
      const r = interfaceRecord(item);
      if (!r) return String(item);
      const name = String(r.name);
      const mine = keys.get(node) ?? new Map<string, string>();
      const privateKey = mine.get(name) ?? generate();
      keys.set(node, mine.set(name, privateKey));
      const publicKey = wireguardPublicKey(privateKey);
      if (r.public_key !== undefined && r.public_key !== publicKey) {
        refused.push(`interface '${name}': public_key is set by the server from the private key it generated for the interface; leave it out`);
      }
      return encodeProperty(wireguardInterface, { ...r, public_key: publicKey }) as string;
    });
    if (items.length > 0) out.set(id, { type: s.type, values: new Map(s.values).set('interfaces', items) });
  }
  if (refused.length > 0) throw new ParamError({ interfaces: refused.join('; ') });
  const wanted = new Set([...interfaceSlots(fileSections(out)), ...interfaceSlots(runningSections(state))]);
  return { sections: out, writes: keysWrites(state, keep(keys, wanted)) };
}

/**
 * Drops the keys of interfaces no longer in `config`, the config that is about
 * to be both pending and running: the edited one on apply, the running one on
 * rollback. A keys file that does not parse is left alone (apply goes on).
 */
export function pruneWireguardKeys(state: SdnState, config: 'pending' | 'running'): StoreWrite[] {
  if (state.wireguardKeys.issues.length > 0) return [];
  const wanted = interfaceSlots(config === 'pending' ? fileSections(state.files.fabrics.sections) : runningSections(state));
  return keysWrites(state, keep(copyKeys(state.wireguardKeys.keys), wanted));
}

/** One node's keys (interface → private key), for its agent. */
export function nodeWireguardKeys(keys: WireguardKeys, node: string): ReadonlyMap<string, string> {
  return keys.get(node) ?? new Map();
}
