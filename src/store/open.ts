/** Opens the store a server or command was pointed at. */
import type { Namespace } from 'etcd3';
import { DirectoryStore } from './directory.js';
import type { ConfigStore } from './types.js';

export interface StoreOptions {
  readonly dataDir: string;
  /** etcd endpoint(s), comma-separated; when absent the data dir holds the store */
  readonly etcd?: string;
  readonly etcdPrefix?: string;
  readonly exclusive?: boolean;
  /** where an etcd store tells that etcd stopped or started answering */
  readonly log?: (line: string) => void;
}

export async function openStore(options: StoreOptions): Promise<ConfigStore> {
  if (options.etcd) {
    // the etcd client (grpc, protobufjs) costs most of a start's CPU: loaded only for etcd
    const { EtcdStore } = await import('./etcd.js');
    const store = new EtcdStore({ url: options.etcd, ...(options.etcdPrefix ? { prefix: options.etcdPrefix } : {}), ...(options.log ? { log: options.log } : {}) });
    await store.check();
    return store;
  }
  return new DirectoryStore(options.dataDir, { exclusive: options.exclusive ?? false });
}

/** A key space beside an etcd store's documents (etcd.ts `beside`); null for a directory store, which one server owns alone. */
export async function besideStore(store: ConfigStore, name: string): Promise<Namespace | null> {
  if (store.kind !== 'etcd') return null;
  const { EtcdStore } = await import('./etcd.js');
  if (!(store instanceof EtcdStore)) throw new Error('internal: an etcd store that is not an EtcdStore');
  return store.beside(name);
}
