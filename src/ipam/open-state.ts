/** The built-in IPAM's state for a store: in etcd beside the config, else the file in the data directory. */
import { besideStore } from '../store/open.js';
import type { ConfigStore } from '../store/types.js';
import type { IpamState } from './ipam-state.js';
import { ipamDbPath } from './paths.js';
import { PveIpamStore } from './pve-store.js';

/** `log` hears about a data directory's IPAM file brought into etcd (import-local.ts); an agent passes none (it reads, never writes). */
export async function openIpamState(store: ConfigStore, dataDir: string, log?: (line: string) => void): Promise<IpamState> {
  const ns = await besideStore(store, 'ipam');
  if (!ns) return new PveIpamStore({ path: ipamDbPath(dataDir) });
  const [{ EtcdIpamState }, { importLocalIpam }] = await Promise.all([import('./etcd-ipam-state.js'), import('./import-local.js')]);
  const state = new EtcdIpamState(ns);
  if (log && dataDir) {
    const line = await importLocalIpam(state, ipamDbPath(dataDir));
    if (line) log(line);
  }
  return state;
}
