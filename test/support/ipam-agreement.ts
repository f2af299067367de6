/**
 * Whether the built-in IPAM and the config agree, as a crash must leave
 * them: every subnet of subnets.cfg in a zone with `ipam pve` is in the IPAM
 * with its gateway reserved, and the IPAM holds no other subnet or gateway.
 */
import { ipamDbPath } from '../../src/ipam/paths.js';
import { PveIpamStore } from '../../src/ipam/pve-store.js';
import { PveIpam } from '../../src/ipam/pve.js';
import { loadState } from '../../src/sdn/state.js';
import type { StoreSnapshot } from '../../src/store/types.js';

/** `zone/cidr` → its gateway addresses, sorted. */
export type SubnetGateways = Record<string, string[]>;

export function configSubnets(snapshot: StoreSnapshot): SubnetGateways {
  const state = loadState(snapshot);
  const out: SubnetGateways = {};
  for (const [id, s] of state.files.subnets.sections) {
    const [zone = '', network = '', prefix = ''] = id.split('-');
    if (state.files.zones.sections.get(zone)?.values.get('ipam') !== 'pve') continue;
    const gw = s.values.get('gateway');
    out[`${zone}/${network}/${prefix}`] = typeof gw === 'string' ? [gw] : [];
  }
  return out;
}

/** What a built-in IPAM holds: its subnets and their gateway entries. */
export async function ipamSubnets(pve: PveIpam): Promise<SubnetGateways> {
  const out: SubnetGateways = {};
  await pve.store.read((db) => {
    for (const [zone, pools] of db.zones()) for (const cidr of pools.keys()) out[`${zone}/${cidr}`] = [];
  });
  for (const r of await pve.records()) if (r.gateway) out[`${r.zone}/${r.subnet}`]?.push(r.ip.text);
  for (const gws of Object.values(out)) gws.sort();
  return out;
}

/** The same for the built-in IPAM of a stopped server's `dataDir` (its journal replayed). */
export async function ipamSubnetsOf(dataDir: string): Promise<SubnetGateways> {
  const store = new PveIpamStore({ path: ipamDbPath(dataDir) });
  try {
    return await ipamSubnets(new PveIpam(store));
  } finally {
    await store.close();
  }
}
