/** Opens the store a server or command was pointed at. */
import { DirectoryStore } from './directory.js';
import type { ConfigStore } from './types.js';

export interface StoreOptions {
  readonly dataDir: string;
  /** etcd endpoint(s), comma-separated; when absent the data dir holds the store */
  readonly etcd?: string;
  readonly etcdPrefix?: string;
  readonly exclusive?: boolean;
}

export async function openStore(options: StoreOptions): Promise<ConfigStore> {
  if (options.etcd) {
    // the etcd client (grpc, protobufjs) costs most of a start's CPU: loaded only for etcd
    const { EtcdStore } = await import('./etcd.js');
    const store = new EtcdStore({ url: options.etcd, ...(options.etcdPrefix ? { prefix: options.etcdPrefix } : {}) });
    await store.check();
    return store;
  }
  return new DirectoryStore(options.dataDir, { exclusive: options.exclusive ?? false });
}
