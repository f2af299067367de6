/** The built-in IPAM's state for a store: in etcd beside the config, else the file in the data directory. */
import type { ConfigStore } from '../store/types.js';
import type { IpamState } from './ipam-state.js';
import { ipamDbPath } from './paths.js';
import { PveIpamStore } from './pve-store.js';

export async function openIpamState(store: ConfigStore, dataDir: string): Promise<IpamState> {
  if (store.kind !== 'etcd') return new PveIpamStore({ path: ipamDbPath(dataDir) });
  const [{ EtcdStore }, { EtcdIpamState }] = await Promise.all([import('../store/etcd.js'), import('./etcd-ipam-state.js')]);
  if (!(store instanceof EtcdStore)) throw new Error('internal: an etcd store that is not an EtcdStore');
  return new EtcdIpamState(store.beside('ipam'));
}
