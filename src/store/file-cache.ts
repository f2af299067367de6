/**
 * The texts of the directory store's files as last read, kept while a
 * file's stat says it is unchanged, so a snapshot costs a listing and a
 * stat per file, not a read of every file. Unchanged files keep their string
 * object: parsers downstream memoize on it (sdn/state.ts).
 *
 * A stat can miss a change when two writes land within one tick of the file
 * system's clock with the same size and a reused inode; as git does with its
 * index ("racy" entries), a file read less than RACY_NS after its last
 * change is read again (and compared) until it has been quiet that long.
 *
 * A file this process wrote is known by the stat taken right after its
 * rename into place (util/atomic-write.ts), not read back: a new inode, so
 * only a writer changing that very file in place, within the clock tick of
 * the rename and to the same size, would go unseen — the price of not
 * reading back (and comparing) a megabyte on every request after each write.
 */
import { readFileSync, statSync, type BigIntStats } from 'node:fs';
import { unlessGone } from '../util/unless-gone.js';

const RACY_NS = 200_000_000n;

interface Entry {
  readonly text: string;
  readonly stamp: string;
  /** the last change was at least RACY_NS before this entry was read, or this process made it */
  readonly settled: boolean;
}

const stampOf = (s: BigIntStats) => `${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;

export class FileTextCache {
  private readonly entries = new Map<string, Entry>();

  /** The file's text (undefined when gone); the cached string while its stat is unchanged. */
  read(path: string): string | undefined {
    const before = unlessGone(() => statSync(path, { bigint: true }));
    if (!before) {
      this.entries.delete(path);
      return undefined;
    }
    const stamp = stampOf(before);
    const cached = this.entries.get(path);
    if (cached?.stamp === stamp && cached.settled) return cached.text;
    const now = BigInt(Date.now()) * 1_000_000n;
    const settled = now - before.mtimeNs > RACY_NS && now - before.ctimeNs > RACY_NS;
    const read = unlessGone(() => readFileSync(path, 'utf8'));
    if (read === undefined) {
      this.entries.delete(path);
      return undefined;
    }
    // the same text keeps its string object
    const text = cached !== undefined && cached.text === read ? cached.text : read;
    this.entries.set(path, { text, stamp, settled });
    return text;
  }

  /**
   * What this process just wrote, with the file's stat right after it was
   * renamed into place: the next reads that find that stat return this
   * string. Without a stat (another writer replaced it at once) the next
   * read reads the file.
   */
  wrote(path: string, text: string | null, stat: BigIntStats | undefined): void {
    if (text === null || stat === undefined) this.entries.delete(path);
    else this.entries.set(path, { text, stamp: stampOf(stat), settled: true });
  }

  /** Forgets files no longer listed. */
  keepOnly(paths: ReadonlySet<string>): void {
    for (const p of this.entries.keys()) if (!paths.has(p)) this.entries.delete(p);
  }
}
