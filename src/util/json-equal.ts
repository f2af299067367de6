/**
 * Equality of two values parsed from JSON (objects, arrays, strings, numbers,
 * booleans, null), key order ignored. Many times cheaper than
 * `util.isDeepStrictEqual`, which also handles every other kind of value: an
 * agent compares each of tens of thousands of sections with the last version's.
 */
export function sameJsonValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJsonValue(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let count = 0;
  for (const key in x) {
    if (!Object.hasOwn(y, key) || !sameJsonValue(x[key], y[key])) return false;
    count++;
  }
  return Object.keys(y).length === count;
}
