/**
 * How many characters two strings share at their start or end. Compared a
 * block at a time (string equality of slices is a native compare, a
 * character loop in JavaScript is several times slower on megabytes), then
 * character by character within the block that differs.
 */
const BLOCK = 4096;

export function commonPrefix(a: string, b: string): number {
  const max = Math.min(a.length, b.length);
  let i = 0;
  while (i + BLOCK <= max && a.slice(i, i + BLOCK) === b.slice(i, i + BLOCK)) i += BLOCK;
  while (i < max && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** At most `limit` characters (default: the shorter string's length). */
export function commonSuffix(a: string, b: string, limit = Math.min(a.length, b.length)): number {
  const max = Math.min(limit, a.length, b.length);
  let n = 0;
  while (n + BLOCK <= max && a.slice(a.length - n - BLOCK, a.length - n) === b.slice(b.length - n - BLOCK, b.length - n)) n += BLOCK;
  while (n < max && a.charCodeAt(a.length - n - 1) === b.charCodeAt(b.length - n - 1)) n++;
  return n;
}
