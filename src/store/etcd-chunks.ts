/**
 * Large documents on etcd: etcd refuses a request over its size limit (1.5
 * MiB by default; a running config of 32000 VNets is ~3 MB), so a document
 * over CHUNK_BYTES is stored as a manifest at its own key listing blobs
 * (`.weft-blobs/<sha256>`), each at most CHUNK_BYTES, cut at section
 * boundaries where there is one so that an edit leaves most blobs as they
 * are. No key grows with the config. Blobs are content-addressed: writing
 * one twice is harmless, so they are put before the transaction that
 * references them, and that transaction checks they are still there.
 */
import { createHash } from 'node:crypto';

export const CHUNK_BYTES = 256 * 1024;
export const BLOB_PREFIX = '.weft-blobs/';
/** a manifest's value starts with NUL, which no text document does */
const MANIFEST_MARK = '\u0000weft-chunks:';

export interface Blob {
  readonly key: string;
  readonly value: Buffer;
}

/** Byte ranges of at most `max` bytes, ending after a blank line (a section's end) when one is in range. */
function cuts(bytes: Buffer, max: number): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  while (bytes.length - start > max) {
    const blank = bytes.lastIndexOf('\n\n', start + max - 2);
    const end = blank > start ? blank + 2 : start + max;
    out.push(bytes.subarray(start, end));
    start = end;
  }
  out.push(bytes.subarray(start));
  return out;
}

/** The text as blobs of at most `max` bytes, in order. */
export function blobsOf(text: string, max = CHUNK_BYTES): Blob[] {
  return cuts(Buffer.from(text, 'utf8'), max).map((value) => ({ key: `${BLOB_PREFIX}${createHash('sha256').update(value).digest('hex')}`, value }));
}

/** The stored form of a document: its text, or a manifest and the blobs it lists. */
export function storedForm(text: string, max = CHUNK_BYTES): { value: string; blobs: readonly Blob[] } {
  if (Buffer.byteLength(text, 'utf8') <= max) return { value: text, blobs: [] };
  const blobs = blobsOf(text, max);
  return { value: `${MANIFEST_MARK}${JSON.stringify(blobs.map((b) => b.key))}`, blobs };
}

/** The text of blobs put together; null when one is missing. */
export function blobsText(keys: readonly string[], blob: (key: string) => Buffer | undefined): string | null {
  const parts = keys.map(blob);
  return parts.every((p) => p !== undefined) ? Buffer.concat(parts as Buffer[]).toString('utf8') : null;
}

/** The blob keys a stored value lists (none for a plain document). */
export function manifestOf(value: string): readonly string[] {
  return value.startsWith(MANIFEST_MARK) ? (JSON.parse(value.slice(MANIFEST_MARK.length)) as string[]) : [];
}

/** A stored value as the document's text; null when a blob it lists is missing. */
export function documentText(value: string, blob: (key: string) => Buffer | undefined): string | null {
  return value.startsWith(MANIFEST_MARK) ? blobsText(manifestOf(value), blob) : value;
}
