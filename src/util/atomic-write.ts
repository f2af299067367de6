/**
 * Atomic file replacement: write a temp file beside the target, fsync it,
 * rename over the target, fsync the directory. A crash leaves the old or the
 * new content, never a torn file. The content may come in pieces (written
 * with one writev, never joined in memory); a missing folder is made when
 * the temp file cannot be opened without it.
 *
 * Both return the target's stat taken right after the rename when the file
 * there is still the one written (its inode, size and mtime), else
 * undefined: a caller that remembers what it wrote can know the file by that
 * stat (store/file-cache.ts).
 */
import { closeSync, fstatSync, fsyncSync, mkdirSync, openSync, renameSync, statSync, unlinkSync, writevSync, type BigIntStats } from 'node:fs';
import { mkdir, open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { piecesSize } from './byte-pieces.js';
import { unlessGone } from './unless-gone.js';

export type FileContent = string | Uint8Array | readonly Uint8Array[];

let counter = 0;

const tempBeside = (path: string): string => join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${counter++}`);

const piecesOf = (content: FileContent): Uint8Array[] => (typeof content === 'string' ? [Buffer.from(content)] : content instanceof Uint8Array ? [content] : [...content]);

const isMissing = (e: unknown) => (e as NodeJS.ErrnoException).code === 'ENOENT';

function checkWritten(path: string, written: number, pieces: readonly Uint8Array[]): void {
  const size = piecesSize(pieces);
  if (written !== size) throw new Error(`short write of '${path}': ${written} of ${size} bytes`);
}

/** The stat of what is at `path` now when it is the file `written` as it was written (just renamed there). */
function statIfStill(path: string, written: BigIntStats): BigIntStats | undefined {
  const now = unlessGone(() => statSync(path, { bigint: true }));
  return now?.ino === written.ino && now.size === written.size && now.mtimeNs === written.mtimeNs ? now : undefined;
}

function openTemp(tmp: string, mode: number, dirMode: number): number {
  try {
    return openSync(tmp, 'w', mode);
  } catch (e) {
    if (!isMissing(e)) throw e;
    mkdirSync(dirname(tmp), { recursive: true, mode: dirMode });
    return openSync(tmp, 'w', mode);
  }
}

export function writeFileAtomic(path: string, content: FileContent, mode = 0o644, dirMode = 0o755): BigIntStats | undefined {
  const tmp = tempBeside(path);
  const pieces = piecesOf(content);
  const fd = openTemp(tmp, mode, dirMode);
  let written: BigIntStats;
  try {
    checkWritten(path, writevSync(fd, pieces), pieces);
    fsyncSync(fd);
    written = fstatSync(fd, { bigint: true });
  } catch (e) {
    closeSync(fd);
    unlinkSync(tmp);
    throw e;
  }
  closeSync(fd);
  try {
    renameSync(tmp, path);
  } catch (e) {
    unlinkSync(tmp);
    throw e;
  }
  const stat = statIfStill(path, written);
  const dfd = openSync(dirname(path), 'r');
  try {
    fsyncSync(dfd);
  } finally {
    closeSync(dfd);
  }
  return stat;
}

async function openTempAsync(tmp: string, mode: number, dirMode: number): Promise<FileHandle> {
  try {
    return await open(tmp, 'w', mode);
  } catch (e) {
    if (!isMissing(e)) throw e;
    await mkdir(dirname(tmp), { recursive: true, mode: dirMode });
    return open(tmp, 'w', mode);
  }
}

/**
 * The same steps without blocking the event loop: the writes and fsyncs run
 * on libuv's threads, so requests go on (and queue for the next group
 * commit, store/directory.ts) while the disk syncs.
 */
export async function writeFileAtomicAsync(path: string, content: FileContent, mode = 0o644, dirMode = 0o755): Promise<BigIntStats | undefined> {
  const tmp = tempBeside(path);
  const pieces = piecesOf(content);
  const file = await openTempAsync(tmp, mode, dirMode);
  let written: BigIntStats;
  try {
    checkWritten(path, (await file.writev(pieces)).bytesWritten, pieces);
    await file.sync();
    written = fstatSync(file.fd, { bigint: true });
  } catch (e) {
    await file.close();
    await unlink(tmp);
    throw e;
  }
  await file.close();
  try {
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp);
    throw e;
  }
  const stat = statIfStill(path, written);
  const dirHandle = await open(dirname(path), 'r');
  try {
    await dirHandle.sync();
  } finally {
    await dirHandle.close();
  }
  return stat;
}
