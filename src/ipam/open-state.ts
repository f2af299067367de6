/** The built-in IPAM's state for a store: in etcd beside the config, else the file in the data directory. */
import { besideStore } from '../store/open.js';
import type { ConfigStore } from '../store/types.js';
import type { IpamState } from './ipam-state.js';
import { ipamDbPath } from './paths.js';
import { PveIpamStore } from './pve-store.js';

export async function openIpamState(store: ConfigStore, dataDir: string): Promise<IpamState> {
  const ns = await besideStore(store, 'ipam');
  if (!ns) return new PveIpamStore({ path: ipamDbPath(dataDir) });
  const { EtcdIpamState } = await import('./etcd-ipam-state.js');
  return new EtcdIpamState(ns);
}
