/**
 * Persistence of the built-in IPAM: the database file in the reference's
 * format (the snapshot, replaced atomically) plus an append-only journal of
 * operations since that snapshot. A change appends one line (O(1)), so the
 * cost of an allocation does not grow with the database; the journal is
 * folded into the snapshot once it holds as many operations as the database
 * has entries (amortised O(1)) and whenever the store goes idle, so at rest
 * the database file alone is complete.
 *
 * Concurrency: one transaction at a time in this process (FIFO mutex), and a
 * lock file between processes, held while transactions keep coming and
 * released after `idleMs` without one. On taking the lock the store reloads
 * if another process changed the files. The journal's first line carries the
 * SHA-256 of the snapshot it extends; a journal that does not match the
 * snapshot (a crash between the two renames of a compaction, or a snapshot
 * rewritten by another tool) is discarded.
 */
import { createHash } from 'node:crypto';
import { closeSync, fdatasyncSync, mkdirSync, openSync, readFileSync, statSync, truncateSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { AsyncMutex } from '../util/async-mutex.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { acquireFileLock, releaseFileLock } from '../util/file-lock.js';
import { Revision } from '../util/revision.js';
import { unlessGone } from '../util/unless-gone.js';
import type { IpamState } from './ipam-state.js';
import type * as DbFormat from './pve-db-format.js';
import type { IpamOp, PveIpamDb } from './pve-db.js';

export interface PveIpamStoreOptions {
  /** the database file (reference format) */
  readonly path: string;
  /** fdatasync the journal before a transaction returns (default true) */
  readonly durable?: boolean;
  /** wait at most this long for another process's lock (default 10 s) */
  readonly lockTimeoutMs?: number;
  /** release the lock and compact after this long without a transaction (default 25 ms) */
  readonly idleMs?: number;
  /** compact when the journal holds more than max(this, entries) operations (default 4096) */
  readonly compactMin?: number;
}

interface FileStamp {
  readonly ino: number;
  readonly size: number;
  readonly mtimeMs: number;
}

function stamp(path: string): FileStamp | null {
  const s = unlessGone(() => statSync(path));
  return s ? { ino: s.ino, size: s.size, mtimeMs: s.mtimeMs } : null;
}

const sameStamp = (a: FileStamp | null, b: FileStamp | null): boolean =>
  a === b || (a !== null && b !== null && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs);

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const header = (snapshot: string): string => `${JSON.stringify({ 'weft-ipam-journal': 1, snapshot: sha256(snapshot) })}\n`;

const readText = (path: string): string => unlessGone(() => readFileSync(path, 'utf8')) ?? '';

export class PveIpamStore implements IpamState {
  readonly path: string;
  private readonly journalPath: string;
  private readonly lockPath: string;
  private readonly durable: boolean;
  private readonly lockTimeoutMs: number;
  private readonly idleMs: number;
  private readonly compactMin: number;
  private readonly mutex = new AsyncMutex();
  private db: PveIpamDb | null = null;
  /** the database's format and the address sets under it, loaded by the first read (a server starts without them) */
  private format: typeof DbFormat | null = null;
  private journalOps = 0;
  private seen: { snapshot: FileStamp | null; journal: FileStamp | null } = { snapshot: null, journal: null };
  private locked = false;
  /** the journal, open for appending while the lock is held */
  private fd: number | null = null;
  private idleTimer: NodeJS.Timeout | null = null;
  /** moves on with every change this store makes or notices on disk (agents long-poll the reservations on it) */
  readonly revision = new Revision();

  constructor(options: PveIpamStoreOptions) {
    this.path = options.path;
    this.journalPath = `${options.path}.journal`;
    this.lockPath = `${options.path}.lock`;
    this.durable = options.durable ?? true;
    this.lockTimeoutMs = options.lockTimeoutMs ?? 10_000;
    this.idleMs = options.idleMs ?? 25;
    this.compactMin = options.compactMin ?? 4096;
  }

  /** Runs `fn` on a current, consistent database without changing it. */
  read<T>(fn: (db: PveIpamDb) => T): Promise<T> {
    return this.mutex.run(async () => fn(await this.begin()));
  }

  /**
   * Runs `fn`, which returns the operations to apply (after checking them
   * against the database it is given); they are applied and journaled
   * together before the returned promise resolves.
   */
  transaction<T>(fn: (db: PveIpamDb) => { readonly ops: readonly IpamOp[]; readonly result: T }): Promise<T> {
    return this.mutex.run(async () => {
      const db = await this.begin();
      const { ops, result } = fn(db);
      if (ops.length === 0) return result;
      try {
        for (const op of ops) db.apply(op);
        this.append(ops);
      } catch (e) {
        // memory and disk may disagree now: reload from disk next time
        this.db = null;
        throw e;
      } finally {
        this.revision.bump();
      }
      if (this.journalOps > Math.max(this.compactMin, db.size)) this.compact(db);
      return result;
    });
  }

  /** Folds the journal into the database file now. */
  flush(): Promise<void> {
    return this.mutex.run(async () => {
      const db = await this.begin();
      if (this.journalOps > 0) this.compact(db);
    });
  }

  /**
   * Flushes and releases the lock (the store can still be used afterwards).
   * A reader that must not write (a node agent) passes `flush: false`.
   */
  async close(options: { readonly flush?: boolean } = {}): Promise<void> {
    if (options.flush !== false) await this.flush();
    await this.mutex.run(() => this.release());
  }

  private async begin(): Promise<PveIpamDb> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => void this.mutex.run(() => this.onIdle()), this.idleMs);
    this.idleTimer.unref();
    if (!this.locked) {
      mkdirSync(dirname(this.path), { recursive: true });
      await acquireFileLock(this.lockPath, this.lockTimeoutMs);
      this.locked = true;
    }
    this.format ??= await import('./pve-db-format.js');
    const changed = !sameStamp(stamp(this.path), this.seen.snapshot) || !sameStamp(stamp(this.journalPath), this.seen.journal);
    if (!this.db || changed) {
      // another process changed the files since this one last read them
      const external = this.db !== null;
      this.load(this.format);
      if (external) this.revision.bump();
    }
    return this.db as PveIpamDb;
  }

  private onIdle(): void {
    if (!this.locked) return;
    try {
      if (this.db && this.journalOps > 0) this.compact(this.db);
    } finally {
      this.release();
    }
  }

  private release(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    this.closeJournal();
    if (!this.locked) return;
    releaseFileLock(this.lockPath);
    this.locked = false;
  }

  private closeJournal(): void {
    if (this.fd === null) return;
    closeSync(this.fd);
    this.fd = null;
  }

  private load(format: typeof DbFormat): void {
    this.closeJournal();
    const snapshot = readText(this.path);
    const db = format.parseIpamDb(snapshot, this.path);
    const journal = readText(this.journalPath);
    let ops = 0;
    const lines = journal.split('\n');
    // every line but the last ends with a newline; the last is '' or a line torn by a crash mid-append
    const complete = lines.length - 1;
    if (lines[0] !== undefined && `${lines[0]}\n` === header(snapshot)) {
      for (let i = 1; i < complete; i++) {
        const line = lines[i] as string;
        if (line === '') continue;
        db.apply(JSON.parse(line) as IpamOp);
        ops++;
      }
      const good = Buffer.byteLength(lines.slice(0, complete).join('\n')) + 1;
      if (good < Buffer.byteLength(journal)) truncateSync(this.journalPath, good);
    } else {
      writeFileAtomic(this.journalPath, header(snapshot));
    }
    this.db = db;
    this.journalOps = ops;
    this.seen = { snapshot: stamp(this.path), journal: stamp(this.journalPath) };
  }

  private append(ops: readonly IpamOp[]): void {
    const text = ops.map((op) => `${JSON.stringify(op)}\n`).join('');
    if (this.fd === null) this.fd = openSync(this.journalPath, 'a');
    writeSync(this.fd, text);
    if (this.durable) fdatasyncSync(this.fd);
    this.journalOps += ops.length;
    this.seen = { snapshot: this.seen.snapshot, journal: stamp(this.journalPath) };
  }

  private compact(db: PveIpamDb): void {
    // a database to compact came from load(): the format is there
    if (!this.format) throw new Error('internal: the IPAM compacted before it was read');
    this.closeJournal();
    const snapshot = this.format.encodeIpamDb(db);
    writeFileAtomic(this.path, snapshot);
    writeFileAtomic(this.journalPath, header(snapshot));
    this.journalOps = 0;
    this.seen = { snapshot: stamp(this.path), journal: stamp(this.journalPath) };
  }
}
