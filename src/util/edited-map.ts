/**
 * A read-only map that is another with one key set or removed, made without
 * copying the other: an edit of one section among thousands costs that
 * section, not a copy of the file's map. Order is a Map's: a changed key
 * keeps its place, a new one comes last. A chain of edits is flattened into
 * a plain Map when it grows long, and a map is flattened when first iterated,
 * so lookups stay short and iteration costs one pass.
 */
const MAX_DEPTH = 64;

class EditedMap<K, V> implements ReadonlyMap<K, V> {
  readonly size: number;
  private flat: Map<K, V> | undefined;

  constructor(
    private readonly base: ReadonlyMap<K, V>,
    private readonly key: K,
    private readonly value: V | undefined,
    readonly depth: number,
  ) {
    const had = base.has(key);
    this.size = base.size + (value === undefined ? (had ? -1 : 0) : had ? 0 : 1);
  }

  get(k: K): V | undefined {
    if (this.flat) return this.flat.get(k);
    return k === this.key ? this.value : this.base.get(k);
  }

  has(k: K): boolean {
    if (this.flat) return this.flat.has(k);
    return k === this.key ? this.value !== undefined : this.base.has(k);
  }

  /** The chain down to a plain (or already flat) map, copied once with every edit on it. */
  private entriesMap(): Map<K, V> {
    if (this.flat) return this.flat;
    const chain: EditedMap<K, V>[] = [this];
    let root = this.base;
    while (root instanceof EditedMap && !root.flat) {
      chain.push(root);
      root = root.base;
    }
    const m = new Map(root instanceof EditedMap ? root.entriesMap() : root);
    for (const e of chain.reverse()) {
      if (e.value === undefined) m.delete(e.key);
      else m.set(e.key, e.value);
    }
    this.flat = m;
    return m;
  }

  forEach(fn: (value: V, key: K, map: ReadonlyMap<K, V>) => void, thisArg?: unknown): void {
    this.entriesMap().forEach((v, k) => fn.call(thisArg, v, k, this));
  }

  entries(): MapIterator<[K, V]> {
    return this.entriesMap().entries();
  }

  keys(): MapIterator<K> {
    return this.entriesMap().keys();
  }

  values(): MapIterator<V> {
    return this.entriesMap().values();
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }

  /** The plain map this one flattens to (copied once; a new map's is its caller's alone). */
  plain(): ReadonlyMap<K, V> {
    return this.entriesMap();
  }
}

/** `base` with `key` set to `value`, or removed when `value` is undefined. */
export function withEntry<K, V>(base: ReadonlyMap<K, V>, key: K, value: V | undefined): ReadonlyMap<K, V> {
  const depth = base instanceof EditedMap ? base.depth + 1 : 1;
  const edited = new EditedMap(base, key, value, depth);
  // a long chain becomes a plain map in one copy (not the base flattened, then copied again)
  return depth <= MAX_DEPTH ? edited : edited.plain();
}
