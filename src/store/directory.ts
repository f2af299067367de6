/**
 * The embedded store: documents are files under one directory in the
 * `/etc/pve` layout (`sdn/zones.cfg`, `sdn/.running-config`, …).
 *
 * A transaction that touches several files is made atomic with a journal:
 * the complete set of new contents is first written (atomically) to
 * `.weft-journal`, then each file is replaced atomically, then the journal is
 * removed. Opening the store replays a journal left by a crash, so a crash
 * at any point yields either the old state (no journal yet) or the new one.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync, type BigIntStats } from 'node:fs';
import { join, relative } from 'node:path';
import { rm, unlink } from 'node:fs/promises';
import { writeFileAtomic, writeFileAtomicAsync } from '../util/atomic-write.js';
import { unlessGone } from '../util/unless-gone.js';
import { FileTextCache } from './file-cache.js';
import { runBatch, TxQueue, type QueuedTx } from './group-commit.js';
import { Mutex } from './mutex.js';
import { watchTree, type TreeWatch } from './tree-watch.js';
import { type ConfigStore, type StoreChange, type StoreSnapshot, type StoreWrite, type TxOutcome } from './types.js';

/** Top-level folders holding store documents; everything else in the data dir is node-local. */
export const STORE_DIRS = ['sdn', 'access', 'nodes', 'priv/sdn', 'priv/access'] as const;
const JOURNAL = '.weft-journal';
const LOCKFILE = '.weft-lock';

const isPrivate = (key: string) => key.startsWith('priv/');
const isTemp = (name: string) => name.startsWith('.weft-') || /\.tmp-\d+-\d+$/.test(name);
/** a document's file mode and its folder's */
const modes = (key: string): [number, number] => (isPrivate(key) ? [0o600, 0o700] : [0o644, 0o755]);

export interface DirectoryStoreOptions {
  /** refuse to open when another live process holds the directory (the server sets this) */
  readonly exclusive?: boolean;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class DirectoryStore implements ConfigStore {
  readonly kind = 'directory' as const;
  readonly location: string;
  private readonly listeners = new Set<{ prefix: string; fn: (c: StoreChange) => void }>();
  /** one file-system watch per store folder someone listens below */
  private readonly watchers = new Map<string, TreeWatch>();
  private readonly exclusive: boolean;
  private readonly texts = new FileTextCache();
  /** the last snapshot: kept (same revision, same map) while no document changed */
  private last: StoreSnapshot = { revision: '0', docs: new Map() };
  private revisions = 0;
  /** the commit writing its files now: the snapshot it started from and the keys it writes */
  private committing: { readonly base: StoreSnapshot; readonly keys: ReadonlySet<string> } | null = null;
  /** transactions waiting for the one committing now */
  private readonly queue = new TxQueue(new Mutex(), (batch) => this.commitQueued(batch));

  constructor(dir: string, options: DirectoryStoreOptions = {}) {
    this.location = dir;
    this.exclusive = options.exclusive ?? false;
    mkdirSync(dir, { recursive: true });
    for (const sub of STORE_DIRS) mkdirSync(join(dir, sub), { recursive: true, mode: sub.startsWith('priv') ? 0o700 : 0o755 });
    const holder = this.lockHolder();
    if (this.exclusive) {
      if (holder !== null) throw new Error(`data directory '${this.location}' is in use by another weft server (pid ${holder}); stop it first or pass another --data-dir`);
      writeFileAtomic(join(this.location, LOCKFILE), `${process.pid}\n`);
    }
    // a journal is the live server's own until it finishes its transaction; only a dead writer's is replayed
    if (holder === null) this.replayJournal();
  }

  /** The pid of another live process that holds the directory (a running server), else null. */
  private lockHolder(): number | null {
    const path = join(this.location, LOCKFILE);
    if (!existsSync(path)) return null;
    const pid = Number(readFileSync(path, 'utf8').trim());
    return Number.isInteger(pid) && pid !== process.pid && pidAlive(pid) ? pid : null;
  }

  private replayJournal(): void {
    const path = join(this.location, JOURNAL);
    if (!existsSync(path)) return;
    let writes: StoreWrite[];
    try {
      writes = (JSON.parse(readFileSync(path, 'utf8')) as { writes: StoreWrite[] }).writes;
    } catch {
      // the journal is renamed into place whole, so an unreadable one was never committed
      unlinkSync(path);
      return;
    }
    this.applyWrites(writes);
    unlinkSync(path);
  }

  /** Replays a journal at open, before any request: synchronously. */
  private applyWrites(writes: readonly StoreWrite[]): void {
    for (const w of writes) {
      const path = join(this.location, w.key);
      let stat: BigIntStats | undefined;
      if (w.value === null) rmSync(path, { force: true });
      else stat = writeFileAtomic(path, w.bytes ?? w.value, ...modes(w.key));
      this.texts.wrote(path, w.value, stat);
    }
  }

  /** A commit's writes, without blocking the event loop while the disk syncs. */
  private async applyWritesAsync(writes: readonly StoreWrite[]): Promise<void> {
    for (const w of writes) {
      const path = join(this.location, w.key);
      let stat: BigIntStats | undefined;
      if (w.value === null) await rm(path, { force: true });
      else stat = await writeFileAtomicAsync(path, w.bytes ?? w.value, ...modes(w.key));
      this.texts.wrote(path, w.value, stat);
    }
  }

  private walk(sub: string, out: Map<string, string>): void {
    const dir = join(this.location, sub);
    for (const entry of unlessGone(() => readdirSync(dir, { withFileTypes: true })) ?? []) {
      const name = entry.name;
      if (isTemp(name)) continue;
      const path = join(dir, name);
      const key = relative(this.location, path).split('\\').join('/');
      // the commit writing it now gives it (snapshot)
      if (this.committing?.keys.has(key)) continue;
      // the listing tells files from folders (one stat per file less); a link is followed
      const isDir = entry.isSymbolicLink() ? unlessGone(() => statSync(path).isDirectory()) : entry.isDirectory();
      if (isDir) {
        // nested store folders are walked on their own
        if (!(STORE_DIRS as readonly string[]).includes(key)) this.walk(key, out);
      } else if (isDir === false) {
        const text = this.texts.read(path);
        if (text !== undefined) out.set(key, text);
      }
    }
  }

  /**
   * Reads only what changed since the last snapshot (file-cache.ts); the
   * revision counts changes. While a commit writes its files, they are as
   * they were before it (none of its transactions has returned yet): a read
   * does not wait for the disk, and never sees a commit half written.
   */
  private snapshot(): StoreSnapshot {
    const docs = new Map<string, string>();
    for (const sub of STORE_DIRS) this.walk(sub, docs);
    const listed = new Set([...docs.keys()].map((k) => join(this.location, k)));
    const committing = this.committing;
    for (const key of committing?.keys ?? []) {
      listed.add(join(this.location, key));
      const before = committing?.base.docs.get(key);
      if (before !== undefined) docs.set(key, before);
    }
    this.texts.keepOnly(listed);
    const before = this.last.docs;
    const same = docs.size === before.size && [...docs].every(([k, v]) => before.get(k) === v);
    if (!same) this.last = { revision: String(++this.revisions), docs };
    return this.last;
  }

  read(): Promise<StoreSnapshot> {
    return Promise.resolve(this.snapshot());
  }

  /**
   * Group commit (group-commit.ts): the transactions gathered while one
   * commits land in one journaled commit, each file written once.
   */
  transact<T>(fn: (snapshot: StoreSnapshot) => TxOutcome<T> | Promise<TxOutcome<T>>): Promise<T> {
    return this.queue.add(fn);
  }

  private async commitQueued(batch: readonly QueuedTx[]): Promise<void> {
    const base = this.snapshot();
    const { done, writes } = await runBatch(batch, base);
    this.committing = { base, keys: new Set(writes.keys()) };
    try {
      await this.commit([...writes.values()]);
    } catch (e) {
      for (const d of done) d.tx.reject(e);
      return;
    } finally {
      this.committing = null;
    }
    for (const d of done) d.tx.resolve(d.result);
    // listeners read the store: only once it shows the commit
    this.notify([...writes.keys()]);
  }

  private async commit(writes: readonly StoreWrite[]): Promise<void> {
    if (writes.length === 0) return;
    if (writes.length === 1) await this.applyWritesAsync(writes);
    else {
      await writeFileAtomicAsync(join(this.location, JOURNAL), JSON.stringify({ writes: writes.map((w) => ({ key: w.key, value: w.value })) }), 0o600);
      await this.applyWritesAsync(writes);
      await unlink(join(this.location, JOURNAL));
    }
  }

  private notify(keys: readonly string[]): void {
    for (const l of this.listeners) {
      const hit = keys.filter((k) => k.startsWith(l.prefix));
      if (hit.length > 0) l.fn({ keys: hit });
    }
  }

  /** The store folders that can hold keys under `prefix` (`sdn/` → sdn, `nodes/n1/` → nodes, `` → all). */
  private foldersOf(prefix: string): string[] {
    return STORE_DIRS.filter((d) => prefix.startsWith(`${d}/`) || `${d}/`.startsWith(prefix));
  }

  watch(prefix: string, listener: (change: StoreChange) => void, onReady?: () => void): () => void {
    const entry = { prefix, fn: listener };
    this.listeners.add(entry);
    // other processes write here too (an agent's status, hand edits of the section files as on
    // /etc/pve/sdn): the file system tells about those
    for (const folder of this.foldersOf(prefix)) {
      if (this.watchers.has(folder)) continue;
      const w = watchTree(join(this.location, folder), (rel) => {
        if (!isTemp(rel.split('/').pop() ?? rel)) this.notify([`${folder}/${rel}`]);
      });
      this.watchers.set(folder, w);
    }
    onReady?.();
    return () => {
      this.listeners.delete(entry);
      if (this.listeners.size === 0) this.closeWatchers();
    };
  }

  private closeWatchers(): void {
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
  }

  async close(): Promise<void> {
    this.closeWatchers();
    this.listeners.clear();
    if (this.exclusive) rmSync(join(this.location, LOCKFILE), { force: true });
  }
}
