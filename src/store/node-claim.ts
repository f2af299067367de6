/**
 * A server's node name, held while the server lives. On etcd the name is a
 * key beside the config (`/weft.servers/<node>`) tied to a lease the server
 * keeps alive: a second server asking for a name a live one holds is
 * refused, and the key goes when its server stops or, killed, when the
 * lease runs out. Every server watches these keys to know which servers
 * live (who may end whose tasks and edits) and where each answers (requests
 * for another node's tasks are forwarded there). On a directory store the
 * data directory's lock already allows one server: it is the only one.
 */
import { hostname } from 'node:os';
import { besideStore } from './open.js';
import type { ConfigStore } from './types.js';

export interface ServerInfo {
  readonly node: string;
  /** where it answers the API; null until it listens */
  readonly url: string | null;
  readonly host: string;
  readonly pid: number;
  /** when it started (ms) */
  readonly since: number;
}

export interface NodeClaim {
  readonly node: string;
  /** the live servers by node (this one included) */
  live(): Promise<ReadonlyMap<string, ServerInfo>>;
  /** records where this server answers */
  announce(url: string): Promise<void>;
  /** calls `fn` with the node of each server whose claim ends (stopped, or killed and its lease ran out); returns the unsubscribe; `onReady` once it watches */
  onGone(fn: (node: string) => void, onReady?: () => void): () => void;
  release(): Promise<void>;
}

/** A server started with a name another live server holds. */
export class NodeNameTaken extends Error {}

export interface ClaimOptions {
  /** seconds a killed server's name stays held (default 10) */
  readonly ttlSeconds?: number;
  readonly log?: (line: string) => void;
}

export async function claimNode(store: ConfigStore, node: string, options: ClaimOptions = {}): Promise<NodeClaim> {
  const me: ServerInfo = { node, url: null, host: hostname(), pid: process.pid, since: Date.now() };
  const ns = await besideStore(store, 'servers');
  if (!ns) {
    let info = me;
    return {
      node,
      live: async () => new Map([[node, info]]),
      announce: async (url) => void (info = { ...info, url }),
      onGone: (_fn, onReady) => {
        onReady?.();
        return () => {};
      },
      release: async () => {},
    };
  }
  const { etcdClaim } = await import('./node-claim-etcd.js');
  return etcdClaim(ns, me, options.ttlSeconds ?? 10, options.log ?? (() => {}));
}
