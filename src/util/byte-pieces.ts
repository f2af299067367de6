/**
 * A large byte string kept as pieces (views into earlier buffers), so that
 * replacing a few bytes in the middle or appending copies only the bytes
 * inserted, not the whole string (an edited section file of a megabyte,
 * sdn/state.ts). The pieces are written as they are (writev,
 * util/atomic-write.ts). Past MAX_PIECES they are joined into one: a copy
 * of the whole once every few dozen edits keeps the list short and lets the
 * older buffers go.
 */
export type BytePieces = readonly Buffer[];

const MAX_PIECES = 64;

export const piecesSize = (pieces: readonly Uint8Array[]): number => pieces.reduce((n, p) => n + p.byteLength, 0);

/** The bytes [from, to) of `pieces`, as views. */
function slice(pieces: BytePieces, from: number, to: number): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  for (const p of pieces) {
    const end = start + p.length;
    if (end > from && start < to) out.push(p.subarray(Math.max(from - start, 0), Math.min(to - start, p.length)));
    start = end;
  }
  return out;
}

/** `pieces` with the `length` bytes at `at` replaced by `insert` (at the end: appended). */
export function splicePieces(pieces: BytePieces, at: number, length: number, insert: Buffer): BytePieces {
  const size = piecesSize(pieces);
  if (at < 0 || length < 0 || at + length > size) throw new Error(`internal: splice of ${length} bytes at ${at} in ${size}`);
  const out = [...slice(pieces, 0, at), insert, ...slice(pieces, at + length, size)].filter((p) => p.length > 0);
  return out.length > MAX_PIECES ? [Buffer.concat(out)] : out;
}
