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
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync, watch, type FSWatcher } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.js';
import { Mutex } from './mutex.js';
import { checkKey, type ConfigStore, type StoreChange, type StoreSnapshot, type StoreWrite, type TxOutcome } from './types.js';

/** Top-level folders holding store documents; everything else in the data dir is node-local. */
export const STORE_DIRS = ['sdn', 'access', 'nodes', 'priv/sdn', 'priv/access'] as const;
const JOURNAL = '.weft-journal';
const LOCKFILE = '.weft-lock';

const isPrivate = (key: string) => key.startsWith('priv/');
const isTemp = (name: string) => name.startsWith('.weft-') || /\.tmp-\d+-\d+$/.test(name);

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
  private readonly mutex = new Mutex();
  private readonly listeners = new Set<{ prefix: string; fn: (c: StoreChange) => void }>();
  private watcher: FSWatcher | null = null;
  private readonly exclusive: boolean;

  constructor(dir: string, options: DirectoryStoreOptions = {}) {
    this.location = dir;
    this.exclusive = options.exclusive ?? false;
    mkdirSync(dir, { recursive: true });
    for (const sub of STORE_DIRS) mkdirSync(join(dir, sub), { recursive: true, mode: sub.startsWith('priv') ? 0o700 : 0o755 });
    if (this.exclusive) this.takeLock();
    this.replayJournal();
  }

  private takeLock(): void {
    const path = join(this.location, LOCKFILE);
    if (existsSync(path)) {
      const pid = Number(readFileSync(path, 'utf8').trim());
      if (Number.isInteger(pid) && pid !== process.pid && pidAlive(pid)) {
        throw new Error(`data directory '${this.location}' is in use by another weft server (pid ${pid}); stop it first or pass another --data-dir`);
      }
    }
    writeFileAtomic(path, `${process.pid}\n`);
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

  private applyWrites(writes: readonly StoreWrite[]): void {
    for (const w of writes) {
      const file = join(this.location, w.key);
      if (w.value === null) rmSync(file, { force: true });
      else {
        mkdirSync(dirname(file), { recursive: true, mode: isPrivate(w.key) ? 0o700 : 0o755 });
        writeFileAtomic(file, w.value, isPrivate(w.key) ? 0o600 : 0o644);
      }
    }
  }

  private walk(sub: string, out: Map<string, string>): void {
    const dir = join(this.location, sub);
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir)) {
      if (isTemp(name)) continue;
      const path = join(dir, name);
      const key = relative(this.location, path).split('\\').join('/');
      if (statSync(path).isDirectory()) {
        // nested store folders are walked on their own
        if (!(STORE_DIRS as readonly string[]).includes(key)) this.walk(key, out);
      } else out.set(key, readFileSync(path, 'utf8'));
    }
  }

  private snapshot(): StoreSnapshot {
    const docs = new Map<string, string>();
    for (const sub of STORE_DIRS) this.walk(sub, docs);
    const hash = createHash('sha1');
    for (const key of [...docs.keys()].sort()) hash.update(`${key}\0${docs.get(key)}\0`);
    return { revision: hash.digest('hex'), docs };
  }

  read(): Promise<StoreSnapshot> {
    return this.mutex.run(async () => this.snapshot());
  }

  transact<T>(fn: (snapshot: StoreSnapshot) => TxOutcome<T> | Promise<TxOutcome<T>>): Promise<T> {
    return this.mutex.run(async () => {
      const { writes, result } = await fn(this.snapshot());
      if (writes.length === 0) return result;
      writes.forEach((w) => checkKey(w.key));
      if (writes.length === 1) this.applyWrites(writes);
      else {
        writeFileAtomic(join(this.location, JOURNAL), JSON.stringify({ writes }), 0o600);
        this.applyWrites(writes);
        unlinkSync(join(this.location, JOURNAL));
      }
      this.notify(writes.map((w) => w.key));
      return result;
    });
  }

  private notify(keys: readonly string[]): void {
    for (const l of this.listeners) {
      const hit = keys.filter((k) => k.startsWith(l.prefix));
      if (hit.length > 0) l.fn({ keys: hit });
    }
  }

  watch(prefix: string, listener: (change: StoreChange) => void): () => void {
    const entry = { prefix, fn: listener };
    this.listeners.add(entry);
    if (!this.watcher) {
      // hand edits of the section files (as on /etc/pve/sdn) also count as changes
      this.watcher = watch(join(this.location, 'sdn'), { persistent: false }, (_event, name) => {
        if (name && !isTemp(String(name))) this.notify([`sdn/${String(name)}`]);
      });
    }
    return () => {
      this.listeners.delete(entry);
      if (this.listeners.size === 0 && this.watcher) {
        this.watcher.close();
        this.watcher = null;
      }
    };
  }

  async close(): Promise<void> {
    this.watcher?.close();
    this.watcher = null;
    this.listeners.clear();
    if (this.exclusive) rmSync(join(this.location, LOCKFILE), { force: true });
  }
}
