/**
 * Type assertions for tests of derived types: `same<A, B>(true)` compiles
 * only when A and B are the same type (not merely assignable either way),
 * so a test of a mapped type fails at build time when the type drifts.
 */

/** true exactly when A and B are the same type */
export type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

export const same = <A, B>(ok: Equal<A, B>): Equal<A, B> => ok;
