/**
 * The built-in IPAM on etcd, shared by every server on it: one key per
 * subnet (`<zone>/<network>_<prefix>/.subnet`) and one per address
 * (`<zone>/<network>_<prefix>/<ip>`, the entry as JSON), beside the config
 * documents. No key grows with the database.
 *
 * Each server keeps the database in memory, fed by a watch. A transaction
 * first waits until that copy has seen the last IPAM commit (a guard key
 * every commit puts), decides on it, and commits with a compare on each
 * subnet it looked up or changed: the subnet's key, which every change in
 * the subnet rewrites, must be at the revision the decision saw. When
 * another server changed one of them first, nothing is written and the
 * transaction runs again on the new state. Two servers can therefore never
 * hand out the same address, and a transaction over several subnets (a
 * NIC's IPv4 and IPv6) lands whole or not at all.
 */
import type { Namespace, Watcher } from 'etcd3';
import { CommitMarker } from '../store/etcd-commit.js';
import { Mutex } from '../store/mutex.js';
import { Revision } from '../util/revision.js';
import { sleepUntilWoken } from '../util/wake-sleep.js';
import type { IpamState } from './ipam-state.js';
import { PveIpamDb, subnetKey, type IpamOp } from './pve-db.js';
import type { StoredEntry } from './subnet-pool.js';

const GUARD = '.rev';
const SUBNET_MARK = '.subnet';
const MAX_ATTEMPTS = 100;
/** how long the watch may trail a commit before the copy is read afresh */
const CATCH_UP_MS = 3000;

const subnetPath = (zone: string, subnet: string) => `${zone}/${subnet.replace('/', '_')}/`;
const splitKey = (key: string) => key.split('\u0000') as [string, string];

/** `<zone>/<network>_<prefix>/<rest>` → its parts; null for the guard. */
function parseKey(key: string): { zone: string; subnet: string; rest: string } | null {
  const m = /^([^/]+)\/([^/]+)_(\d+)\/(.+)$/.exec(key);
  return m ? { zone: m[1] as string, subnet: `${m[2]}/${m[3]}`, rest: m[4] as string } : null;
}

export class EtcdIpamState implements IpamState {
  readonly revision = new Revision();
  private readonly ns: Namespace;
  /** tells whether a commit whose answer was lost landed (etcd-commit.ts); parseKey skips its key */
  private readonly marker: CommitMarker;
  private readonly mutex = new Mutex();
  private db = new PveIpamDb();
  /** each known subnet key's mod revision (a compare's expected value; absent: 0) */
  private readonly subnetRevs = new Map<string, number>();
  /** the highest etcd revision applied to the copy */
  private seen = 0;
  private readonly waiters = new Set<() => void>();
  private watcher: Watcher | null = null;
  private loading: Promise<void> | null = null;

  constructor(ns: Namespace) {
    this.ns = ns;
    this.marker = new CommitMarker(ns, '.commit-');
  }

  read<T>(fn: (db: PveIpamDb) => T): Promise<T> {
    return this.mutex.run(async () => {
      await this.catchUp();
      return fn(this.db);
    });
  }

  transaction<T>(fn: (db: PveIpamDb) => { readonly ops: readonly IpamOp[]; readonly result: T }): Promise<T> {
    return this.mutex.run(async () => {
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        await this.catchUp();
        const { result: out, subnets } = this.db.recordingReads(() => fn(this.db));
        if (out.ops.length === 0) return out.result;
        const touched = [...new Set([...subnets, ...out.ops.map((op) => subnetKey(op.zone, op.subnet))])];
        const [first, ...rest] = touched.map((k) => ({ key: `${subnetPath(...splitKey(k))}${SUBNET_MARK}`, rev: this.subnetRevs.get(k) ?? 0 }));
        if (!first) throw new Error('internal: an IPAM change outside any subnet');
        const txn = rest.reduce((t, c) => t.and(c.key, 'Mod', '==', c.rev), this.ns.if(first.key, 'Mod', '==', first.rev));
        if ((await this.marker.commit(txn, [...this.etcdOps(out.ops), this.ns.put(GUARD).value(String(Date.now()))])) !== null) {
          // the next transaction waits for the watch to bring this commit, so it sees it
          return out.result;
        }
        await new Promise((r) => setTimeout(r, Math.random() * 5 * Math.min(attempt + 1, 10)));
      }
      throw new Error(`IPAM on etcd: gave up after ${MAX_ATTEMPTS} conflicting attempts; too many concurrent allocations, try again`);
    });
  }

  /**
   * The etcd writes of `ops`, one per key (etcd refuses a key twice in a
   * transaction; the last op on a key wins, as applying them in order
   * would); every subnet changed and still there gets its key rewritten
   * (its revision moves).
   */
  private etcdOps(ops: readonly IpamOp[]) {
    const byKey = new Map<string, { put: string } | { del: 'key' | 'prefix' }>();
    const set = (key: string, w: { put: string } | { del: 'key' | 'prefix' }) => {
      byKey.delete(key);
      byKey.set(key, w);
    };
    const deleted = new Set<string>();
    for (const op of ops) {
      const base = subnetPath(op.zone, op.subnet);
      if (op.op === 'add-subnet') set(`${base}${SUBNET_MARK}`, { put: '' });
      else if (op.op === 'del-subnet') {
        for (const k of [...byKey.keys()].filter((k) => k.startsWith(base))) byKey.delete(k);
        set(base, { del: 'prefix' });
        deleted.add(subnetKey(op.zone, op.subnet));
      } else if (op.op === 'set-ip') set(`${base}${op.ip}`, { put: JSON.stringify(op.entry) });
      else set(`${base}${op.ip}`, { del: 'key' });
    }
    for (const op of ops) {
      const mark = `${subnetPath(op.zone, op.subnet)}${SUBNET_MARK}`;
      if ((op.op === 'set-ip' || op.op === 'del-ip') && !deleted.has(subnetKey(op.zone, op.subnet)) && !byKey.has(mark)) byKey.set(mark, { put: '' });
    }
    return [...byKey].map(([key, w]) => ('put' in w ? this.ns.put(key).value(w.put) : w.del === 'prefix' ? this.ns.delete().prefix(key) : this.ns.delete().key(key)));
  }

  /** Waits until the copy holds every IPAM commit made so far (by any server). */
  private async catchUp(): Promise<void> {
    if (!this.watcher) await this.load();
    const res = await this.ns.get(GUARD).exec();
    const wanted = Number(res.kvs[0]?.mod_revision ?? 0);
    const deadline = Date.now() + CATCH_UP_MS;
    while (this.seen < wanted && Date.now() < deadline) await sleepUntilWoken((w) => this.waiters.add(w), deadline);
    // a watch that fell behind (reconnecting to another member): read everything afresh
    if (this.seen < wanted) await this.load();
  }

  /** Reads the whole database at one revision and watches every change after it. */
  private load(): Promise<void> {
    this.loading ??= (async () => {
      await this.watcher?.cancel();
      this.watcher = null;
      const res = await this.ns.getAll().exec();
      const db = new PveIpamDb();
      this.subnetRevs.clear();
      // subnets before their addresses
      const kvs = [...res.kvs].sort((a, b) => Number(parseKey(b.key.toString())?.rest === SUBNET_MARK) - Number(parseKey(a.key.toString())?.rest === SUBNET_MARK));
      this.db = db;
      for (const kv of kvs) this.applyPut(kv.key.toString(), kv.value.toString(), Number(kv.mod_revision));
      const at = Number(res.header.revision);
      this.seen = at;
      const watcher = await this.ns.watch().prefix('').startRevision(String(at + 1)).create();
      watcher.on('put', (kv) => this.changed(() => this.applyPut(kv.key.toString(), kv.value.toString(), Number(kv.mod_revision)), Number(kv.mod_revision)));
      watcher.on('delete', (kv) => this.changed(() => this.applyDelete(kv.key.toString()), Number(kv.mod_revision)));
      this.watcher = watcher;
      this.revision.bump();
    })().finally(() => (this.loading = null));
    return this.loading;
  }

  private changed(apply: () => void, rev: number): void {
    apply();
    if (rev > this.seen) this.seen = rev;
    this.revision.bump();
    for (const wake of this.waiters) wake();
    this.waiters.clear();
  }

  private applyPut(key: string, value: string, rev: number): void {
    const k = parseKey(key);
    if (!k) return;
    this.db.apply({ op: 'add-subnet', zone: k.zone, subnet: k.subnet });
    if (k.rest === SUBNET_MARK) this.subnetRevs.set(subnetKey(k.zone, k.subnet), rev);
    else this.db.apply({ op: 'set-ip', zone: k.zone, subnet: k.subnet, ip: k.rest, entry: JSON.parse(value) as StoredEntry });
  }

  private applyDelete(key: string): void {
    const k = parseKey(key);
    if (!k || !this.db.subnet(k.zone, k.subnet)) return;
    if (k.rest === SUBNET_MARK) {
      this.subnetRevs.delete(subnetKey(k.zone, k.subnet));
      this.db.apply({ op: 'del-subnet', zone: k.zone, subnet: k.subnet });
    } else this.db.apply({ op: 'del-ip', zone: k.zone, subnet: k.subnet, ip: k.rest });
  }

  async close(): Promise<void> {
    await this.marker.remove();
    await this.watcher?.cancel();
    this.watcher = null;
  }
}
