/**
 * A set of integers (addresses as bigint) kept as maximal runs of consecutive
 * members in a treap keyed by run start. Every operation is O(log r) for r
 * runs, so finding the first free address never scans: the run holding a
 * candidate ends right before the next free one (runs are maximal).
 */

interface Node {
  start: bigint;
  end: bigint;
  priority: number;
  left: Node | null;
  right: Node | null;
}

/** Deterministic priorities (xorshift32): the shape never depends on Math.random. */
function nextPriority(state: { seed: number }): number {
  let x = state.seed;
  x ^= x << 13;
  x ^= x >>> 17;
  x ^= x << 5;
  state.seed = x >>> 0;
  return state.seed;
}

/** Splits `t` into runs with start < key and runs with start >= key. */
function split(t: Node | null, key: bigint): [Node | null, Node | null] {
  if (!t) return [null, null];
  if (t.start < key) {
    const [l, r] = split(t.right, key);
    t.right = l;
    return [t, r];
  }
  const [l, r] = split(t.left, key);
  t.left = r;
  return [l, t];
}

/** Joins two treaps where every start in `a` is below every start in `b`. */
function merge(a: Node | null, b: Node | null): Node | null {
  if (!a) return b;
  if (!b) return a;
  if (a.priority > b.priority) {
    a.right = merge(a.right, b);
    return a;
  }
  b.left = merge(a, b.left);
  return b;
}

export class RunSet {
  private root: Node | null = null;
  private readonly rng = { seed: 0x9e3779b9 };
  private members = 0n;
  private runs = 0;

  /** Number of members. */
  get size(): bigint {
    return this.members;
  }

  /** Number of maximal runs (for tests and statistics). */
  get runCount(): number {
    return this.runs;
  }

  /** The run whose start is the greatest one <= x. */
  private floor(x: bigint): Node | null {
    let t = this.root;
    let best: Node | null = null;
    while (t) {
      if (t.start <= x) {
        best = t;
        t = t.right;
      } else t = t.left;
    }
    return best;
  }

  private insertRun(start: bigint, end: bigint): void {
    const node: Node = { start, end, priority: nextPriority(this.rng), left: null, right: null };
    const [l, r] = split(this.root, start);
    this.root = merge(merge(l, node), r);
    this.runs++;
  }

  private removeRun(start: bigint): void {
    const [l, rest] = split(this.root, start);
    const [, r] = split(rest, start + 1n);
    this.root = merge(l, r);
    this.runs--;
  }

  has(x: bigint): boolean {
    const run = this.floor(x);
    return run !== null && x <= run.end;
  }

  /** Adds x; false when it was already a member. */
  add(x: bigint): boolean {
    const before = this.floor(x);
    if (before && x <= before.end) return false;
    const joinsLeft = before !== null && before.end + 1n === x;
    const after = this.floor(x + 1n);
    const joinsRight = after !== null && after.start === x + 1n;
    if (joinsLeft && joinsRight) {
      const end = (after as Node).end;
      this.removeRun(x + 1n);
      (before as Node).end = end;
    } else if (joinsLeft) {
      (before as Node).end = x;
    } else if (joinsRight) {
      const end = (after as Node).end;
      this.removeRun(x + 1n);
      this.insertRun(x, end);
    } else {
      this.insertRun(x, x);
    }
    this.members++;
    return true;
  }

  /** Removes x; false when it was not a member. */
  delete(x: bigint): boolean {
    const run = this.floor(x);
    if (!run || x > run.end) return false;
    const { start, end } = run;
    if (start === x && end === x) this.removeRun(start);
    else if (start === x) {
      this.removeRun(start);
      this.insertRun(x + 1n, end);
    } else if (end === x) run.end = x - 1n;
    else {
      run.end = x - 1n;
      this.insertRun(x + 1n, end);
    }
    this.members--;
    return true;
  }

  /** The smallest non-member in [lo, hi], or null when all are members. */
  firstFree(lo: bigint, hi: bigint): bigint | null {
    if (lo > hi) return null;
    const run = this.floor(lo);
    const candidate = run && lo <= run.end ? run.end + 1n : lo;
    return candidate <= hi ? candidate : null;
  }

  /** Number of members in [lo, hi]. O(runs in range); used for status, not allocation. */
  countIn(lo: bigint, hi: bigint): bigint {
    let total = 0n;
    const visit = (t: Node | null): void => {
      if (!t) return;
      if (t.start > lo) visit(t.left);
      const s = t.start > lo ? t.start : lo;
      const e = t.end < hi ? t.end : hi;
      if (s <= e) total += e - s + 1n;
      if (t.start <= hi) visit(t.right);
    };
    visit(this.root);
    return total;
  }
}
