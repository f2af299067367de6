/**
 * Where an agent gets its own node's WireGuard private keys (interface →
 * key): the store's private document (data directory, etcd), the server's
 * agent endpoint (`--server`), or a Proxmox-style `/etc/pve/priv/wg-keys.cfg`
 * beside the `.running-config` it applies. Errors name the source, never a key.
 */
import { existsSync, readFileSync } from 'node:fs';
import { answerError, callApi, type ClientOptions } from '../util/http-client.js';
import { parseWireguardKeys, WG_KEYS_FILE } from '../config/wg-keys.js';
import { checkFormat } from '../model/formats.js';
import { formatIssue } from '../model/issues.js';
import type { ConfigStore } from '../store/types.js';

export type NodeKeys = ReadonlyMap<string, string>;
export type KeySource = () => Promise<NodeKeys>;

function nodeKeysOf(text: string, file: string, node: string): NodeKeys {
  const { keys, issues } = parseWireguardKeys(text, file);
  if (issues.length > 0) throw new Error(issues.map(formatIssue).join('; '));
  return keys.get(node) ?? new Map();
}

export function storeKeys(store: ConfigStore, node: string): KeySource {
  return async () => nodeKeysOf((await store.read()).docs.get(WG_KEYS_FILE) ?? '', WG_KEYS_FILE, node);
}

export function fileKeys(path: string, node: string): KeySource {
  return async () => (existsSync(path) ? nodeKeysOf(readFileSync(path, 'utf8'), path, node) : new Map());
}

/** `GET /nodes/<node>/sdn/agent/wireguard-keys`: `[{ name, key }]`. */
export function serverKeys(client: ClientOptions, node: string): KeySource {
  return async () => {
    const a = await callApi(client, 'GET', `/nodes/${node}/sdn/agent/wireguard-keys`, {});
    if (a.status < 200 || a.status > 299) throw new Error(answerError(a));
    const list: unknown = a.body?.data;
    if (!Array.isArray(list)) throw new Error('the server answered no key list');
    const out = new Map<string, string>();
    for (const e of list as unknown[]) {
      const { name, key } = (e ?? {}) as { name?: unknown; key?: unknown };
      if (typeof name !== 'string' || typeof key !== 'string' || checkFormat('wireguard-key', key) !== null) throw new Error('the server answered a malformed key entry');
      out.set(name, key);
    }
    return out;
  };
}
