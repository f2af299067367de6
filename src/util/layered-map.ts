/**
 * A read-only map made from another by a few changes, in the time of the
 * changes, not of the map: each version is a layer of changes over the one
 * before. A lookup walks at most MAX_DEPTH layers; the version that would go
 * deeper is flattened into one map (once per MAX_DEPTH versions, so a
 * version costs O(size / MAX_DEPTH) on average). Versions never change:
 * an older one stays valid beside a newer.
 */
const MAX_DEPTH = 16;
const GONE: unique symbol = Symbol('gone');

export class LayeredMap<K, V> {
  private constructor(
    private readonly own: ReadonlyMap<K, V | typeof GONE>,
    private readonly parent: LayeredMap<K, V> | null,
    private readonly depth: number,
  ) {}

  static of<K, V>(entries: Iterable<readonly [K, V]>): LayeredMap<K, V> {
    return new LayeredMap(new Map(entries), null, 0);
  }

  get(key: K): V | undefined {
    const v = this.own.get(key);
    if (v !== undefined || this.own.has(key)) return v === GONE ? undefined : v;
    return this.parent?.get(key);
  }

  /** the changes from the oldest layer to this one */
  private layers(): ReadonlyMap<K, V | typeof GONE>[] {
    return [...(this.parent?.layers() ?? []), this.own];
  }

  has(key: K): boolean {
    return this.get(key) !== undefined;
  }

  /** This map with `changes` (undefined: removed). */
  with(changes: ReadonlyMap<K, V | undefined>): LayeredMap<K, V> {
    if (changes.size === 0) return this;
    const own = new Map<K, V | typeof GONE>([...changes].map(([k, v]) => [k, v === undefined ? GONE : v]));
    if (this.depth + 1 < MAX_DEPTH) return new LayeredMap(own, this, this.depth + 1);
    const flat = new Map<K, V>();
    for (const layer of [...this.layers(), own]) {
      for (const [k, v] of layer) {
        if (v === GONE) flat.delete(k);
        else flat.set(k, v);
      }
    }
    return new LayeredMap(flat, null, 0);
  }
}
