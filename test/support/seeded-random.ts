/** Seeded random choices for the tests' random sequences: the same sequence on every run, another per seed. */
/** A small seeded generator (mulberry32): an integer below `n` at each call. */
export function random(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

export const pick = <T>(r: (n: number) => number, xs: readonly T[]): T => xs[r(xs.length)] as T;
