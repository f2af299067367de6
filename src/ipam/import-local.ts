/**
 * Moving to the shared IPAM: before it lived in etcd, a server on etcd kept
 * the built-in IPAM in its data directory (`DIR/ipam/pve-ipam-state.json`).
 * At start, a server whose shared IPAM is still empty brings that file's
 * subnets and addresses in (so existing guests keep their addresses and
 * none is handed out again) and renames the file `….imported`; a file found
 * once the shared IPAM has data is left alone and reported, since its
 * addresses may collide with those already shared.
 */
import { existsSync, renameSync } from 'node:fs';
import type { IpamState } from './ipam-state.js';
import type { IpamOp } from './pve-db.js';
import { PveIpamStore } from './pve-store.js';

/** etcd takes at most 128 operations per transaction; each batch adds its subnets' keys and a guard */
const BATCH = 50;

export async function importLocalIpam(shared: IpamState, path: string): Promise<string | null> {
  if (!existsSync(path)) return null;
  const local = new PveIpamStore({ path });
  let ops: IpamOp[];
  try {
    ops = await local.read((db) =>
      [...db.zones()].flatMap(([zone, subnets]) =>
        [...subnets].flatMap(([subnet, pool]): IpamOp[] => [{ op: 'add-subnet', zone, subnet }, ...[...pool.list()].map(([ip, entry]): IpamOp => ({ op: 'set-ip', zone, subnet, ip: ip.text, entry }))]),
      ),
    );
  } finally {
    await local.close({ flush: false });
  }
  const empty = await shared.read((db) => db.size === 0 && db.zones().size === 0);
  if (!empty) return `${path}: not imported, the IPAM in etcd already has data (compare the two and re-add what is missing)`;
  for (let i = 0; i < ops.length; i += BATCH) {
    const batch = ops.slice(i, i + BATCH);
    await shared.transaction(() => ({ ops: batch, result: null }));
  }
  renameSync(path, `${path}.imported`);
  return `${path}: ${ops.filter((o) => o.op === 'set-ip').length} address(es) in ${ops.filter((o) => o.op === 'add-subnet').length} subnet(s) moved into the IPAM in etcd (the file is now ${path}.imported)`;
}
