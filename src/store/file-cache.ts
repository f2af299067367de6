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
 */
import { closeSync, openSync, readFileSync, readSync, statSync, type BigIntStats } from 'node:fs';
import { unlessGone } from '../util/unless-gone.js';

const RACY_NS = 200_000_000n;

interface Entry {
  readonly text: string;
  readonly stamp: string;
  /** the last change was at least RACY_NS before this entry was read */
  readonly settled: boolean;
  /** the text's bytes, kept while unsettled: a check compares bytes instead of decoding the file again */
  readonly bytes?: Buffer;
}

const stampOf = (s: BigIntStats) => `${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;

/** reused between checks: a check of a large file this process wrote allocates nothing */
let scratch = Buffer.alloc(0);

/** The file holds exactly `bytes` (its size was checked): read into a reused buffer and compared. */
function holds(path: string, bytes: Buffer): boolean {
  // one byte more than expected shows a file that grew since its stat
  if (scratch.length < bytes.length + 1) scratch = Buffer.alloc(bytes.length + 1);
  const fd = openSync(path, 'r');
  try {
    let got = 0;
    for (let n = -1; n !== 0 && got < bytes.length + 1; got += n) n = readSync(fd, scratch, got, bytes.length + 1 - got, null);
    return got === bytes.length && scratch.subarray(0, got).equals(bytes);
  } finally {
    closeSync(fd);
  }
}

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
    if (cached?.bytes && before.size === BigInt(cached.bytes.length)) {
      // this process wrote it last: while its bytes are unchanged, its text is
      if (unlessGone(() => holds(path, cached.bytes as Buffer))) {
        this.entries.set(path, { text: cached.text, stamp, settled, ...(settled ? {} : { bytes: cached.bytes }) });
        return cached.text;
      }
    }
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

  /** What this process just wrote (and its bytes): the next read that finds the same bytes returns this string. */
  wrote(path: string, text: string | null, bytes?: Buffer): void {
    if (text === null) this.entries.delete(path);
    else this.entries.set(path, { text, stamp: '', settled: false, bytes: bytes ?? Buffer.from(text) });
  }

  /** Forgets files no longer listed. */
  keepOnly(paths: ReadonlySet<string>): void {
    for (const p of this.entries.keys()) if (!paths.has(p)) this.entries.delete(p);
  }
}
